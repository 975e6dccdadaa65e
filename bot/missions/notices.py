"""What a mission says through the outbox: announcements rendered with their change, the director's DM of
what could not be delivered, and the channel's bookmarks (synced, so done again it changes nothing)."""

from __future__ import annotations

import json
from datetime import datetime

from bot.missions.problems import LEFT_CAUSES, delivery_problems, undelivered
from bot.notices import BookmarksSync, Drop, NoticeKind, Outgoing
from bot.outbox import PROBLEMS, TOLD_TO_ASKER, reader
from bot.refresh.rules import MISSION_KEY
from storage.canvases import canvas_by_key
from storage.db import Session
from storage.models import Mission, Notification, id_of
from storage.outbox import failed_between, last_sent
from storage.queries import open_actions


def _problems(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    """The director's DM of the day: every failure of the mission since the last one was sent."""
    mission = session.get(Mission, row.entity_id)
    if mission is None or mission.director_id != row.target:
        return Drop("the mission has another project director now")
    since = last_sent(session, "problems", id_of(mission))
    failed = [
        f for f in failed_between(session, id_of(mission), since, now) if f.kind not in (*TOLD_TO_ASKER, PROBLEMS)
    ]
    if not failed:
        return Drop("nothing to report")
    problems = undelivered((f.target, f.last_error or "") for f in failed)
    gone = [p.target for p in problems if p.cause in LEFT_CAUSES]
    owning = [u for u in gone if open_actions(session, mission, owner=u, limit=1, count_up_to=0)[0]]
    ctx = reader(session, row, mission, now)
    return Outgoing(row.target, delivery_problems(mission.channel_id, problems, ctx, owning=owning))


def _announcement(session: Session, row: Notification, _now: datetime) -> Outgoing | Drop:
    """A post rendered with its change (bot.outbox.Announce): as it was said then."""
    if row.payload is None or session.get(Mission, row.entity_id) is None:
        return Drop("nothing to announce")
    return Outgoing(row.target, json.loads(row.payload))


def _bookmarks(session: Session, row: Notification, _now: datetime) -> BookmarksSync | Drop:
    """The channel's bookmarks as they should be now: the canvas's once Slack has it (bot.missions.bookmarks)."""
    mission = session.get(Mission, row.entity_id)
    if mission is None:
        return Drop("the mission is gone")
    canvas = canvas_by_key(session, id_of(mission), MISSION_KEY)
    canvas_id = canvas.canvas_id if canvas is not None and canvas.placement != "unavailable" else None
    calendar = json.loads(row.payload or "{}").get("calendar")
    return BookmarksSync(mission.channel_id, mission.language, canvas_id, calendar)


PROBLEMS_KIND = NoticeKind(_problems)
ANNOUNCEMENT_KIND = NoticeKind(_announcement)
BOOKMARKS_KIND = NoticeKind(_bookmarks, leaves_no_trace=lambda _row: True)
