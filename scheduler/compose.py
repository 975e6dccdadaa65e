"""Composing a due notification: what to post for an outbox row, or why not to post it. (Actions compose
their own, in bot/actions/notices.py; the other features' composers wait here for their move.)"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.actions import notices as action_notices
from bot.actions.values import COUNT_UP_TO, view_of
from bot.canvas.markdown import minutes_markdown, minutes_title, mission_markdown
from bot.canvas.service import minutes_of, mission_picture
from bot.context import Context, mission_context, zone
from bot.dates import wall_time
from bot.digests.blocks import digest_message
from bot.digests.service import digest_data
from bot.home.blocks import weekly_summary
from bot.home.service import home_data
from bot.i18n import N_, language, t
from bot.meetings.blocks import follow_up, meeting_reminder
from bot.meetings.occurrences import upcoming
from bot.missions import bookmarks
from bot.missions.blocks import naming_channel
from bot.missions.problems import LEFT_CAUSES, delivery_problems, undelivered
from bot.notices import Drop, Later, Outgoing
from bot.outbox import PROBLEMS, TOLD_TO_ASKER, reader
from bot.phases.blocks import milestone_alert
from bot.refresh.rules import MISSION_KEY
from bot.slacktext import is_user
from bot.worktime import WorkWeek, work_week
from scheduler.bookmarks import BookmarksSync
from scheduler.canvases import CanvasWrite
from storage.canvases import canvas_by_key
from storage.db import Session
from storage.models import (
    Canvas,
    Meeting,
    Milestone,
    Mission,
    Notification,
    Phase,
    SlackUser,
    UserPrefs,
    id_of,
)
from storage.outbox import failed_between, last_sent
from storage.planning import agenda
from storage.prefetch import get, preload
from storage.queries import open_actions, owners_of

LATE_AFTER = timedelta(minutes=10)  # later than this, a reminder says it is late
EXPIRED = "expired: superseded or pointless by the time it could be sent"
GONE = "the person's account is deactivated"


def warm(session: Session, rows: list[Notification]) -> None:
    """Read at once what composing `rows` reads row by row (one query a table, not one a row): the rows,
    their missions, the people they are for and their settings, and what each feature reads."""
    preload(session, Notification, [id_of(row) for row in rows])
    preload(session, Mission, {row.mission_id for row in rows if row.mission_id})
    people = [(row.team_id, row.target) for row in rows if is_user(row.target)]
    preload(session, SlackUser, people)
    preload(session, UserPrefs, people)
    for entity, warmer in WARMERS.items():
        if its := [row for row in rows if row.entity == entity]:
            warmer(session, its)


def compose(
    session: Session, row: Notification, now: datetime
) -> Outgoing | CanvasWrite | BookmarksSync | Drop | Later:
    """What to post for a due row, or why not to post it at all (or not yet)."""
    if row.expires_at is not None and now >= row.expires_at:
        return Drop(EXPIRED)
    if is_user(row.target):  # a person: gone, or away
        user = get(session, SlackUser, (row.team_id, row.target))  # kept in the session for the composer
        if user is not None and user.deleted:  # due before Slack said so: too late to withdraw
            return Drop(GONE)
        if (back := returns_at(session, row, user, now)) is not None:
            return Later((back - now).total_seconds(), f"the person is away until {back:%Y-%m-%d}")
    composer = COMPOSERS.get(row.entity)
    return composer(session, row, now) if composer else Drop(f"unknown kind {row.kind}")


def returns_at(session: Session, row: Notification, user: SlackUser | None, now: datetime) -> datetime | None:
    """When the person a row is for (`user`, as Slack said), if away today, is back: when work starts on the
    first working day after their absence, in their zone and the mission's working week. None: not away."""
    prefs = get(session, UserPrefs, (row.team_id, row.target))
    if prefs is None or prefs.away_from is None or prefs.away_until is None:
        return None
    mission = session.get(Mission, row.mission_id) if row.mission_id else None
    tz = zone(user.timezone if user else None, mission.timezone if mission else "Europe/Paris")
    if not prefs.away_from <= now.astimezone(tz).date() <= prefs.away_until:
        return None
    week = work_week(mission) if mission else WorkWeek()
    return week.next_opening(wall_time(prefs.away_until + timedelta(days=1), time(0), tz), tz)


def recorded(session: Session, row: Notification, channel: str, ts: str) -> None:
    """Slack has the row's message (posted now, or found after a crash): what its feature keeps of it."""
    if row.entity == "action":
        action_notices.recorded(session, row, channel, ts)


def leaves_no_trace(row: Notification) -> bool:
    """A write that leaves no new message to look for after a crash (a canvas, bookmarks, a message update):
    done again, it replaces the same content."""
    return row.entity in ("canvas", bookmarks.ENTITY) or row.kind == action_notices.UPDATE


def _meeting_reminder(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
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


def _milestone_alert(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
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


def _digest(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    mission = session.get(Mission, row.entity_id)
    if mission is None or mission.director_id != row.target:
        return Drop("the mission has another project director now")
    return Outgoing(row.target, digest_message(digest_data(session, mission, now), reader(session, row, mission, now)))


def _summary(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    prefs = get(session, UserPrefs, (row.team_id, row.target))
    if prefs is None or not prefs.weekly_summary:
        return Drop("the person no longer wants the summary")
    user = session.get(SlackUser, (row.team_id, row.target))
    ctx = Context(
        language(user.locale if user else None, "fr"), zone(user.timezone if user else None, "Europe/Paris"), now
    )
    return Outgoing(row.target, weekly_summary(home_data(session, row.team_id, row.target, now, days=7), ctx))


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


def _canvas(session: Session, row: Notification, now: datetime) -> CanvasWrite | Drop:
    """The canvas as it stands now (one write covers every change before it), unless Slack has it already."""
    canvas = session.get(Canvas, row.entity_id)
    mission = session.get(Mission, canvas.mission_id) if canvas else None
    if canvas is None or mission is None or canvas.placement == "unavailable":
        return Drop("this workspace cannot have the canvas")
    ctx = mission_context(mission, now)
    if canvas.meeting_id is None:
        title = naming_channel(ctx.lang, N_("canvas.title"), N_("canvas.title_of"), mission.channel_name)
        markdown = mission_markdown(mission_picture(session, mission, now), ctx=ctx)
    else:
        assert canvas.occurrence_at is not None  # a sitting's minutes: its meeting and occurrence are both set
        minutes = minutes_of(session, mission, session.get_one(Meeting, canvas.meeting_id), canvas.occurrence_at)
        if minutes is None:
            return Drop("the sitting was cancelled or its meeting deleted")
        title = minutes_title(minutes, ctx)
        markdown = minutes_markdown(minutes, ctx=ctx)
    shown = markdown.split("\n", 1)[1] if canvas.meeting_id is None else markdown  # without "updated on …"
    digest = hashlib.sha256(shown.encode()).hexdigest()
    retitle = canvas.canvas_id is not None and canvas.title is not None and title != canvas.title
    if canvas.canvas_id and digest == canvas.content_hash and row.kind != "canvas.morning" and not retitle:
        return Drop("the canvas already shows this")
    return CanvasWrite(
        id_of(canvas),
        mission.channel_id,
        title,
        markdown,
        canvas.canvas_id,
        canvas.meeting_id is not None or canvas.placement == "standalone",
        ctx.lang,
        digest,
        retitle,
    )


def _bookmarks(session: Session, row: Notification, _now: datetime) -> BookmarksSync | Drop:
    """The channel's bookmarks as they should be now: the canvas's once Slack has it (bot.missions.bookmarks)."""
    mission = session.get(Mission, row.entity_id)
    if mission is None:
        return Drop("the mission is gone")
    canvas = canvas_by_key(session, id_of(mission), MISSION_KEY)
    canvas_id = canvas.canvas_id if canvas is not None and canvas.placement != "unavailable" else None
    calendar = json.loads(row.payload or "{}").get("calendar")
    return BookmarksSync(mission.channel_id, mission.language, canvas_id, calendar)


COMPOSERS = {
    "action": action_notices.compose,
    "meeting": _meeting_reminder,
    "milestone": _milestone_alert,
    "digest": _digest,
    "summary": _summary,
    "canvas": _canvas,
    "mission": _announcement,
    "problems": _problems,  # what could not be delivered, told to the director
    bookmarks.ENTITY: _bookmarks,
}
WARMERS = {"action": action_notices.warm}  # what a feature reads at once for a round of its rows
