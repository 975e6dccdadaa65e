"""What digests say through the outbox: the project director's digest of the mission's actions, one at a time,
the next planned as each is settled (so that a clock down over one does not lose the ones after)."""

from __future__ import annotations

from datetime import datetime

from bot.digests.blocks import digest_message
from bot.digests.service import digest_data, sync_digest
from bot.notices import Drop, NoticeKind, Outgoing
from bot.outbox import reader
from storage.db import Session
from storage.models import Mission, Notification


def compose(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    """The digest as the mission stands now, or why not: the mission has another director."""
    mission = session.get(Mission, row.entity_id)
    if mission is None or mission.director_id != row.target:
        return Drop("the mission has another project director now")
    return Outgoing(row.target, digest_message(digest_data(session, mission, now), reader(session, row, mission, now)))


def plan_next(session: Session, row: Notification, now: datetime) -> None:
    mission = session.get(Mission, row.entity_id)
    if mission is not None:
        sync_digest(session, mission, now, since=row.planned_at)


KIND = NoticeKind(compose, plan_next=plan_next)
