"""Pacing per conversation, shared by every clock: at most one post in flight to a conversation, and the
next one not before Slack's answer to the last plus a second (or its Retry-After).

A clock takes a conversation's turn with one conditional UPDATE (free, or held by a clock whose hold ran
out), waits until the row's `next_at`, posts, and gives the turn back with the next allowed time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage.models import ConversationPace

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def take_turns(
    session: Session, targets: list[str], *, worker: str, now: datetime, hold: timedelta
) -> dict[str, datetime]:
    """Take the turns of `targets` that are free (or `worker`'s own, or held past their hold): for each taken,
    the time from which `worker` may post to it. A target left out: another clock holds it. One statement
    when every target was posted to before; two more for the first posts to some."""
    taken = _take(session, targets, worker=worker, now=now, hold=hold)
    if missing := [target for target in targets if target not in taken]:  # new, or held by another clock
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(ConversationPace)
            .values([{"target": target, "next_at": EPOCH} for target in missing])
            .on_conflict_do_nothing(index_elements=["target"])
        )
        taken |= _take(session, missing, worker=worker, now=now, hold=hold)
    return taken


def _take(session: Session, targets: list[str], *, worker: str, now: datetime, hold: timedelta) -> dict[str, datetime]:
    if not targets:
        return {}
    stmt = (
        update(ConversationPace)
        .where(
            col(ConversationPace.target).in_(targets),
            or_(
                col(ConversationPace.held_by).is_(None),
                col(ConversationPace.held_until) < now,
                col(ConversationPace.held_by) == worker,
            ),
        )
        .values(held_by=worker, held_until=now + hold)
        .returning(col(ConversationPace.target), col(ConversationPace.next_at))
    )
    return {target: next_at for target, next_at in session.execute(stmt)}


def give_back(session: Session, turns: list[tuple[str, datetime]], *, worker: str) -> None:
    """End `worker`'s turns: nobody posts to each target before its time. One statement, run for each."""
    if turns:
        table = ConversationPace.__table__  # type: ignore[attr-defined]  # Core: one statement, run for each
        stmt = (
            update(table)
            .where(table.c.target == bindparam("b_target"), table.c.held_by == worker)
            .values(next_at=bindparam("b_next_at"), held_by=None, held_until=None)
        )
        session.execute(stmt, [{"b_target": target, "b_next_at": next_at} for target, next_at in turns])
