"""Recurring notices plan their next one as soon as one is settled (sent, dropped or failed).

A digest or a Monday summary is planned one at a time. Were the next one planned only by the
clock's re-plan, "from now on", a clock down over one would never create it; planning the one
after each settled one (owed, even if its time passed during the downtime: the downtime policy
then sends it late or drops it, with a reason) makes what is delivered independent of when the
clock ran (invariant 3, docs/reminders.md#invariants-of-the-schedule)."""

from __future__ import annotations

from datetime import datetime

from bot.digests.service import sync_digest
from bot.people.preferences import sync_summary
from storage.db import Session
from storage.models import Mission, Notification

RECURRING = ("digest", "summary")  # the entities whose settled notice plans the next one


def plan_next(session: Session, row: Notification, now: datetime) -> None:
    if row.entity == "digest":
        mission = session.get(Mission, row.entity_id)
        if mission is not None:
            sync_digest(session, mission, now, since=row.planned_at)
    elif row.entity == "summary":
        sync_summary(session, row.team_id, row.target, now, since=row.planned_at)
