"""A round of delivery does its database work in bulk: the turns of all its conversations taken in one
transaction, what Slack answered recorded in another, so that a post costs a fraction of a write, not
two or three. Counted in write transactions, not timed (speed lives in bench/)."""

from __future__ import annotations

from contextlib import contextmanager

import scheduler.delivery
from tests.conftest import MARIE
from tests.scenarios.delivery.test_delivery import assert_exactly_once, at, create, deliverer, rows

PEOPLE = [f"U0R{i:03d}" for i in range(40)]


def test_forty_reminders_to_forty_people_take_a_handful_of_write_transactions(box, monkeypatch):
    for person in PEOPLE:
        box.slack.add_user(person, person.lower(), f"Person {person}")
    create(box, "Relire le dossier " + " ".join(f"<@{p}>" for p in PEOPLE) + " pour vendredi", user=MARIE)
    assert len(rows(box, kind="action.before")) == len(PEOPLE)
    writes = []
    real = scheduler.delivery.session_scope

    @contextmanager
    def counted(engine):
        writes.append(1)
        with real(engine) as session:
            yield session

    monkeypatch.setattr(scheduler.delivery, "session_scope", counted)
    box.clock.set(at(2026, 12, 3, 9, 0))  # the day-before reminders fall due, one for each owner
    report = deliverer(box).tick()
    assert report.sent == len(PEOPLE)
    # recover, drop what expired, claim; then one round: its turns, and what Slack answered
    assert len(writes) == 5, f"{len(writes)} write transactions for {len(PEOPLE)} posts"
    assert_exactly_once(box)
