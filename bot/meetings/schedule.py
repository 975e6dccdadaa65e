"""A meeting's schedule as stored: written from a command (or a plan), its reminders re-planned through the
notification core, what public holidays do to its sittings, and each change audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import Refused, UserError
from bot.meetings.grammar import AddMeeting
from bot.meetings.occurrences import holiday_changes, upcoming
from bot.meetings.rules import KIND_DEFAULTS, parse_leads, plan_meeting
from bot.meetings.values import HolidayNote
from bot.outbox import apply_plan
from bot.permissions import may_change_meeting
from bot.recurrence import first_start
from bot.refresh.plan import touch
from bot.slacktext import is_user
from bot.worktime import holiday_name, holidays_of, work_week
from storage.db import Session
from storage.models import AuditEntry, Meeting, Mission, id_of
from storage.queries import record_audit, take_number


def sync_meeting(session: Session, meeting: Meeting, mission: Mission, now: datetime) -> None:
    planned = []
    if meeting.status == "active":
        future = [o for o in upcoming(session, meeting, now) if o.end > now]  # an ongoing one has a follow-up to come
        attendees = [a for a in meeting.attendees.split() if is_user(a)] if meeting.dm_attendees else []
        planned = plan_meeting(
            id_of(meeting),
            future,
            parse_leads(meeting.reminders),
            channel=mission.channel_id,
            attendees=attendees,
            organiser=meeting.organiser_id,
            tz=ZoneInfo(meeting.timezone),
            week=work_week(mission),
        )
    apply_plan(
        session,
        team_id=meeting.team_id,
        mission_id=mission.id,
        entity="meeting",
        entity_id=id_of(meeting),
        planned=planned,
        now=now,
    )


def first_local_start(cmd: AddMeeting, tz: ZoneInfo, now: datetime, *, allow_past: bool = False) -> datetime:
    """The wall-clock start of the first occurrence a command describes (a plan may list past ones)."""
    if cmd.rrule:  # from the chosen day (a form, a plan), or from now on (a command)
        anchor = max(now, cmd.on.deadline(tz) - timedelta(minutes=1)) if cmd.on else now
        return first_start(cmd.rrule, datetime.combine(date.today(), cmd.at), tz, anchor)
    if cmd.on is None:
        raise ValueError("a one-off meeting without its day")
    if cmd.on.deadline(tz) <= now and not allow_past:
        raise UserError("meeting.past")
    return datetime.combine(cmd.on.day, cmd.at)


def same_schedule(meeting: Meeting, cmd: AddMeeting) -> bool:
    """Whether a command describes the schedule a meeting already has (an unchanged plan entry)."""
    return (
        meeting.rrule == cmd.rrule
        and meeting.starts_local.time() == cmd.at
        and (cmd.rrule is not None or (cmd.on is not None and meeting.starts_local.date() == cmd.on.day))
    )


def describe(meeting: Meeting, cmd: AddMeeting, tz: ZoneInfo, now: datetime, *, allow_past: bool = False) -> None:
    """Set a meeting's details, and its schedule unless unchanged, from a command."""
    defaults = KIND_DEFAULTS[cmd.kind]
    if meeting.kind != cmd.kind or not meeting.reminders:
        meeting.reminders = defaults.reminders
    if not same_schedule(meeting, cmd):
        meeting.rrule, meeting.starts_local = cmd.rrule, first_local_start(cmd, tz, now, allow_past=allow_past)
    meeting.kind, meeting.title = cmd.kind, cmd.title
    meeting.duration_minutes = cmd.duration_minutes or defaults.duration_minutes
    meeting.location, meeting.attendees = cmd.location, " ".join(cmd.attendees)
    meeting.dm_attendees = bool(cmd.attendees)


def create_meeting(
    session: Session, mission: Mission, *, organiser: str, cmd: AddMeeting, now: datetime, plan_key: str | None = None
) -> Meeting:
    """A meeting with its reminders planned; one from a plan (`plan_key`) may lie in the past."""
    tz = ZoneInfo(mission.timezone)  # meetings live in the mission's time zone
    number = take_number(session, id_of(mission), Mission.next_meeting_number)
    meeting = Meeting(
        team_id=mission.team_id,
        mission_id=id_of(mission),
        number=number,
        organiser_id=organiser,
        timezone=mission.timezone,
        created_at=now,
        updated_at=now,
        plan_key=plan_key,
        kind=cmd.kind,
        title=cmd.title,
        rrule=cmd.rrule,
        starts_local=first_local_start(cmd, tz, now, allow_past=plan_key is not None),
        duration_minutes=0,
    )
    describe(meeting, cmd, tz, now)
    session.add(meeting)
    session.flush()
    sync_meeting(session, meeting, mission, now)
    recorded(
        session,
        mission,
        meeting,
        now,
        actor=organiser,
        verb="create",
        title=cmd.title,
        rrule=cmd.rrule,
        starts=meeting.starts_local.isoformat(),
    )
    return meeting


def holiday_notes(session: Session, meeting: Meeting, mission: Mission, now: datetime) -> tuple[HolidayNote, ...]:
    """The sittings of the year to come that public holidays skip or move, named in the mission's language."""
    tz = ZoneInfo(meeting.timezone)
    today = now.astimezone(tz).date()
    return tuple(
        HolidayNote(
            day,
            holiday_name(holidays_of(mission), day, mission.language) or "",
            moved and moved.astimezone(tz).date(),
        )
        for day, moved in sorted(holiday_changes(session, meeting, now + timedelta(days=365)).items())
        if day >= today
    )


def check_organiser(meeting: Meeting, mission: Mission, actor: str) -> None:
    """Raise Refused unless `actor` may change the meeting (its organiser or the project director)."""
    if not may_change_meeting(actor, director=mission.director_id, organiser=meeting.organiser_id):
        raise Refused("meeting.refused", number=meeting.number)


def recorded(
    session: Session, mission: Mission, meeting: Meeting, now: datetime, *, actor: str, verb: str, **detail: object
) -> AuditEntry:
    """A change to a meeting: its audit entry, and the canvases that show it asked to follow."""
    touch(session, mission, now, meeting_id=meeting.id)
    return record_audit(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="meeting",
        entity_id=id_of(meeting),
        actor=actor,
        verb=verb,
        at=now,
        **detail,
    )


def changed(
    session: Session, mission: Mission, meeting: Meeting, now: datetime, *, actor: str, verb: str, **detail: object
) -> None:
    """A meeting changed: a new SEQUENCE for the calendars, its reminders re-planned, the change audited."""
    meeting.sequence += 1
    meeting.updated_at = now
    session.flush()
    sync_meeting(session, meeting, mission, now)
    recorded(session, mission, meeting, now, actor=actor, verb=verb, **detail)
