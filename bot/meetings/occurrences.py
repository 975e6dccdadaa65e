"""A meeting's occurrences as stored: its rule, and the occurrences moved or cancelled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dates import wall_time
from bot.errors import UserError
from bot.meetings.rules import HORIZON, held_on
from bot.recurrence import Occurrence, Series, occurrences, rule_starts
from bot.worktime import is_holiday, work_week
from storage.db import Session
from storage.models import Meeting, Mission, id_of
from storage.planning import meeting_changes


def series_of(meeting: Meeting) -> Series:
    return Series(
        meeting.starts_local,
        ZoneInfo(meeting.timezone),
        meeting.rrule,
        timedelta(minutes=meeting.duration_minutes),
        meeting.ends_on,
    )


def _held_on(session: Session, meeting: Meeting) -> Callable[[date], date | None]:
    """Where the sittings the rule puts on public holidays of the mission's country are held (rules.held_on)."""
    mission = session.get_one(Mission, meeting.mission_id)
    week = work_week(mission)
    country = week.country if meeting.skip_holidays else None
    return lambda day: held_on(day, rrule=meeting.rrule, holiday=is_holiday(country, day), week=week)


def holiday_changes(session: Session, meeting: Meeting, until: datetime) -> dict[date, datetime | None]:
    """The sittings, from the rule's first to `until`, that public holidays skip (None) or move (their new
    UTC start): as the calendar feed shows them, and as the channel is told."""
    series, held = series_of(meeting), _held_on(session, meeting)
    first = wall_time(meeting.starts_local.date(), meeting.starts_local.time(), series.tz)
    found: dict[date, datetime | None] = {}
    for start in rule_starts(series, first, until):
        day = start.astimezone(series.tz).date()
        if (on := held(day)) != day:
            found[day] = None if on is None else wall_time(on, start.astimezone(series.tz).time(), series.tz)
    return found


def upcoming(session: Session, meeting: Meeting, now: datetime, until: datetime | None = None) -> list[Occurrence]:
    """Occurrences not yet ended, up to `until` (default: the planning horizon); public holidays
    of the mission's country are left out of series that skip them."""
    return occurrences(
        series_of(meeting),
        now - timedelta(minutes=meeting.duration_minutes),
        until or now + HORIZON,
        changes=meeting_changes(session, id_of(meeting)),
        held_on=_held_on(session, meeting),
    )


_SEARCH_STEP = timedelta(days=400)


def next_occurrence(session: Session, meeting: Meeting, now: datetime) -> Occurrence | None:
    """The next sitting not yet ended, however far away: windows are searched one after another
    until the rule (and the exceptions, which may move a sitting up to a year) can give no more."""
    changes = meeting_changes(session, id_of(meeting))
    last_day = max(
        [
            meeting.ends_on or meeting.starts_local.date(),
            meeting.starts_local.date(),
            *(moved.date() for moved in changes.values() if moved),
        ]
    )
    # an open-ended series gives an occurrence in any window once started; a bounded one, up to its end
    limit = datetime.combine(last_day, datetime.min.time(), tzinfo=now.tzinfo) + 2 * _SEARCH_STEP
    after = now
    while after <= max(limit, now + 2 * _SEARCH_STEP):
        found = upcoming(session, meeting, after, after + _SEARCH_STEP)
        if found:
            return found[0]
        after += _SEARCH_STEP
    return None


def around(session: Session, meeting: Meeting, moment: datetime) -> list[Occurrence]:
    """The sittings within about a year either side of `moment`: where a sitting's minutes are looked for."""
    return upcoming(session, meeting, moment - _SEARCH_STEP, moment + _SEARCH_STEP)


def held_sitting(session: Session, meeting: Meeting, now: datetime, on: date | None) -> Occurrence:
    """The sitting whose minutes are meant: the one on `on` (in the meeting's zone), else the latest that
    started."""
    tz, near = ZoneInfo(meeting.timezone), around(session, meeting, now)
    found = [o for o in near if o.start.astimezone(tz).date() == on] if on else [o for o in near if o.start <= now]
    if not found:
        raise UserError("minutes.no_sitting", number=meeting.number)
    return found[-1]
