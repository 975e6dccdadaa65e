"""The database restarting in the middle of a clock's tick, at each of its statements in turn: the clock
says so in a warning and lives on, and once the database is back the reminder is posted exactly once
(found in the history if the post had gone out before the settle failed)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from scheduler.clock import tick
from testing.season.outage import Restart
from tests.conftest import MARIE
from tests.scenarios.delivery.test_delivery import assert_exactly_once, at, create, deliverer, reminder_posts, rows

LEASE = timedelta(seconds=60)


@pytest.mark.parametrize("after", range(1, 31))
def test_a_restart_at_any_statement_of_a_tick_loses_nothing_and_sends_nothing_twice(box, caplog, after):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi", user=MARIE)
    restart = Restart(box.runtime.engine)
    box.clock.set(at(2026, 12, 3, 9, 0))  # the day-before reminder falls due
    restart.arm(after, timedelta(seconds=30))
    with restart.ticking(box.clock.now()):
        tick(deliverer(box, worker="clock-1", lease=LEASE))
    if restart.went:
        assert "the database is unavailable" in caplog.text
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    box.clock.advance(LEASE + timedelta(seconds=1))  # back, and the first clock's claims have run out
    other = deliverer(box, worker="clock-2", lease=LEASE)
    for _ in range(3):
        with restart.ticking(box.clock.now()):
            tick(other)
    assert len(reminder_posts(box)) == 1
    assert [r.state for r in rows(box, kind="action.before")] == ["sent"]
    assert_exactly_once(box)
