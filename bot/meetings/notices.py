"""What meetings say through the outbox: the reminder before a sitting (its agenda, and the actions to review
by then), and the follow-up after it. Planned by `sync_meeting` (bot/meetings/schedule.py); composed when due,
from the meeting as it stands then (the reminder of a sitting moved or cancelled since is dropped, with why)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.actions.values import COUNT_UP_TO, view_of
from bot.dates import wall_time
from bot.meetings.blocks import follow_up, meeting_reminder
from bot.meetings.occurrences import upcoming
from bot.notices import LATE_AFTER, Drop, NoticeKind, Outgoing
from bot.outbox import reader
from storage.db import Session
from storage.models import Meeting, Mission, Notification, id_of
from storage.planning import agenda
from storage.queries import open_actions, owners_of


def compose(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    """A sitting's reminder (or follow-up), or why not: the meeting deleted, the sitting cancelled or moved."""
    meeting = session.get(Meeting, row.entity_id)
    if meeting is None or meeting.status != "active":
        return Drop("the meeting was deleted")
    window = (
        upcoming(session, meeting, now - timedelta(days=4))
        if row.kind == "meeting.followup"
        else upcoming(session, meeting, now)
    )
    occ = next((o for o in window if o.original == row.about_at), None)
    if occ is None:
        return Drop("the occurrence was cancelled, moved or ended")
    mission = session.get_one(Mission, meeting.mission_id)
    late_since = row.planned_at if now - row.planned_at > LATE_AFTER else None
    ctx = reader(session, row, mission, now)
    if row.kind == "meeting.followup":
        return Outgoing(row.target, follow_up(meeting, occ, channel=mission.channel_id, ctx=ctx, late_since=late_since))
    items = agenda(session, id_of(meeting), occ.original)
    day_after = occ.start.astimezone(ZoneInfo(mission.timezone)).date() + timedelta(days=1)
    # actions due by the end of the meeting's day (an all-day due falls due at that midnight)
    review_until = wall_time(day_after, time(0), ZoneInfo(mission.timezone)) + timedelta(seconds=1)
    due, total = open_actions(
        session,
        mission,
        due_before=review_until,
        from_meeting=(id_of(meeting), occ.original),
        limit=10,
        count_up_to=COUNT_UP_TO,
    )
    owners = owners_of(session, [id_of(a) for a in due])
    views = [view_of(a, owners[id_of(a)]) for a in due]
    dm_about = mission.channel_id if row.target != mission.channel_id else None
    msg = meeting_reminder(meeting, occ, items, views, total, ctx=ctx, late_since=late_since, dm_about=dm_about)
    return Outgoing(row.target, msg)


KIND = NoticeKind(compose)
