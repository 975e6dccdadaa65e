"""What phases say through the outbox: a milestone's alerts before it falls due, and when it is late. Planned
by `sync_milestone` (bot/phases/service.py); composed when due, from the milestone as it stands then."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import t
from bot.notices import LATE_AFTER, Drop, NoticeKind, Outgoing
from bot.outbox import reader
from bot.phases.blocks import milestone_alert
from storage.db import Session
from storage.models import Milestone, Mission, Notification, Phase


def compose(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    """A milestone's alert, or why not: it is done or deleted."""
    milestone = session.get(Milestone, row.entity_id)
    if milestone is None or milestone.status != "open":
        return Drop("the milestone is done or deleted")
    mission = session.get_one(Mission, milestone.mission_id)
    ctx = reader(session, row, mission, now)
    late = now - row.planned_at > LATE_AFTER
    late_since = t(ctx.lang, "reminder.late", when=ctx.moment_md(row.planned_at)) if late else None
    phase = session.get(Phase, milestone.phase_id) if milestone.phase_id else None
    dm_about = mission.channel_id if row.target != mission.channel_id else None
    msg = milestone_alert(milestone, phase, kind=row.kind, ctx=ctx, late_since=late_since, dm_about=dm_about)
    return Outgoing(row.target, msg)


KIND = NoticeKind(compose)
