"""A round of delivery does its database work in bulk: the turns of all its conversations taken in one
transaction, what Slack answered recorded in another, so that a post costs a fraction of a write, not
two or three. Counted in write transactions, not timed (speed lives in bench/)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy.event import listen, remove

import scheduler.delivery
import scheduler.turns
from scheduler.clock import tick
from storage.db import session_scope
from storage.pace import take_turns
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
    monkeypatch.setattr(scheduler.turns, "session_scope", counted)
    box.clock.set(at(2026, 12, 3, 9, 0))  # the day-before reminders fall due, one for each owner
    report = deliverer(box).tick()
    assert report.sent == len(PEOPLE)
    # recover, drop what expired, claim; then one round: its turns, and what Slack answered
    assert len(writes) == 5, f"{len(writes)} write transactions for {len(PEOPLE)} posts"
    assert_exactly_once(box)


def test_a_tick_s_statements_do_not_grow_with_its_posts(box):
    """Composing a round reads what its rows share at once (their actions, owners, people, settings), its
    turns are taken and its answers recorded in a few statements: forty reminders cost about what one does."""
    for person in PEOPLE:
        box.slack.add_user(person, person.lower(), f"Person {person}")
    create(box, "Relire le dossier " + " ".join(f"<@{p}>" for p in PEOPLE) + " pour vendredi", user=MARIE)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    listen(box.runtime.engine, "before_cursor_execute", seen)
    box.clock.set(at(2026, 12, 3, 9, 0))  # the day-before reminders fall due, one for each owner
    report = deliverer(box).tick()
    remove(box.runtime.engine, "before_cursor_execute", seen)
    assert report.sent == len(PEOPLE)
    assert len(statements) < len(PEOPLE), "\n".join(statements)
    assert_exactly_once(box)


def test_a_clock_with_a_backlog_ticks_again_at_once_rather_than_an_interval_later(box):
    """A tick that took a full batch (a backlog) is followed at once by the next: forty reminders due, ten a
    batch, all sent in the clock's one tick rather than over four intervals (ten seconds each by default)."""
    for person in PEOPLE:
        box.slack.add_user(person, person.lower(), f"Person {person}")
    create(box, "Relire le dossier " + " ".join(f"<@{p}>" for p in PEOPLE) + " pour vendredi", user=MARIE)
    box.clock.set(at(2026, 12, 3, 9, 0))
    clock = deliverer(box, batch=10)
    assert tick(clock).claimed == 0  # the last of the ticks found nothing left
    assert len(rows(box, kind="action.before", state="sent")) == len(PEOPLE)
    assert_exactly_once(box)


def test_a_full_batch_that_sends_nothing_waits_for_the_next_interval(box):
    """...but a full batch that could send nothing (every conversation's turn further off than a tick waits)
    does not spin: the clock waits for its next interval."""
    for person in PEOPLE:
        box.slack.add_user(person, person.lower(), f"Person {person}")
    create(box, "Relire le dossier " + " ".join(f"<@{p}>" for p in PEOPLE) + " pour vendredi", user=MARIE)
    box.clock.set(at(2026, 12, 3, 9, 0))
    with session_scope(box.runtime.engine) as s:  # another clock posted to each a moment ago, and holds its turn
        take_turns(s, PEOPLE, worker="other", now=box.clock.now(), hold=timedelta(minutes=5))
    claimed = []
    clock = deliverer(box, batch=10)
    real = clock.tick
    clock.tick = lambda: claimed.append(real()) or claimed[-1]  # type: ignore[method-assign]
    assert tick(clock).sent == 0
    assert len(claimed) == 1
