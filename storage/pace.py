"""Pacing per conversation, shared by every clock: at most one post in flight to a conversation, and the
next one not before Slack's answer to the last plus a second (or its Retry-After).

A clock takes a conversation's turn with one conditional UPDATE (free, or held by a clock whose hold ran
out), waits until the row's `next_at`, posts, and gives the turn back with the next allowed time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage.models import ConversationPace

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def take_turn(session: Session, target: str, *, worker: str, now: datetime, hold: timedelta) -> datetime | None:
    """The time from which `worker` may post to `target`, the turn now being its own; None if another
    clock holds it."""
    stmt = (
        update(ConversationPace)
        .where(
            col(ConversationPace.target) == target,
            or_(
                col(ConversationPace.held_by).is_(None),
                col(ConversationPace.held_until) < now,
                col(ConversationPace.held_by) == worker,
            ),
        )
        .values(held_by=worker, held_until=now + hold)
        .returning(col(ConversationPace.next_at))
    )
    found = session.scalar(stmt)
    if found is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(ConversationPace)
            .values(target=target, next_at=EPOCH)
            .on_conflict_do_nothing(index_elements=["target"])
        )
        found = session.scalar(stmt)
    return found


def give_back(session: Session, target: str, *, worker: str, next_at: datetime) -> None:
    """End the turn: nobody posts to `target` before `next_at`."""
    session.execute(
        update(ConversationPace)
        .where(col(ConversationPace.target) == target, col(ConversationPace.held_by) == worker)
        .values(next_at=next_at, held_by=None, held_until=None)
    )
