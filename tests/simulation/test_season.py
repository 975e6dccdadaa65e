"""The season simulation (testing/season): a month of the mission on a fixed seed holds every invariant, and
a build that breaks one is caught with its seed and its day, and the seed replays it. `make simulate` plays
the whole season; this keeps a slice of it in every test run."""

from __future__ import annotations

import pytest

import scheduler.delivery
from storage.models import Notification
from storage.outbox import settle
from testing.season.invariants import KNOWN
from testing.season.play import SeasonBroken, play

SEED = 11


def test_a_month_of_the_season_holds(database_url):
    report = play(database_url, seed=SEED, days=30)
    assert report.days == 30 and report.steps > 50
    assert set(report.known) <= set(KNOWN)  # what today's code is known to break, each tied to an issue


def test_a_broken_build_is_caught_with_its_seed_and_day_and_replays(database_url, monkeypatch):
    """A clock that forgets it sent a reminder (its row stays pending) posts it again and again: the season
    stops on the day it happens, names the seed, and the same seed stops on the same day, after the same step.
    (Reminders only: a command's post forgotten so would be posted again at every tick of the day.)"""
    real_settle_sent = scheduler.delivery.settle_sent

    def forgetful(session, sent, *, worker):
        kinds = {row_id: session.get_one(Notification, row_id).kind for row_id, *_ in sent}
        reminders = [s for s in sent if kinds[s[0]].startswith(("action.before", "action.due", "action.over"))]
        real_settle_sent(session, [s for s in sent if s not in reminders], worker=worker)
        for row_id, at, *_ in reminders:
            settle(session, row_id, worker=worker, now=at, state="pending")

    monkeypatch.setattr(scheduler.delivery, "settle_sent", forgetful)
    with pytest.raises(SeasonBroken) as first:
        play(database_url, seed=SEED, days=10)
    with pytest.raises(SeasonBroken) as again:
        play(database_url, seed=SEED, days=10)
    broken = first.value
    assert f"seed {SEED}, day {broken.number}" in str(broken) and f"SEED={SEED}" in str(broken)
    assert {b.check for b in broken.broken} & {"each_notification_once", "due_is_settled", "clock_makes_progress"}
    assert (again.value.number, again.value.step) == (broken.number, broken.step)
