"""A meeting's occurrences as stored: its rule, and the occurrences moved or cancelled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dates import wall_time
from bot.meetings.rules import HORIZON
from bot.recurrence import Occurrence, Series, occurrences, rule_starts
from bot.worktime import is_holiday
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


def _skipped(session: Session, meeting: Meeting) -> Callable[[date], bool]:
    """Which days a meeting's rule gives are left out: public holidays of its mission's country."""
    country = session.get_one(Mission, meeting.mission_id).holiday_country if meeting.skip_holidays else None
    return lambda day: meeting.rrule is not None and is_holiday(country, day)


def skipped_days(session: Session, meeting: Meeting, until: datetime) -> list[date]:
    """The days the rule gives, from its first to `until`, that the bot skips (shown as EXDATE)."""
    series, skip = series_of(meeting), _skipped(session, meeting)
    first = wall_time(meeting.starts_local.date(), meeting.starts_local.time(), series.tz)
    days = (start.astimezone(series.tz).date() for start in rule_starts(series, first, until))
    return [day for day in days if skip(day)]


def upcoming(session: Session, meeting: Meeting, now: datetime, until: datetime | None = None) -> list[Occurrence]:
    """Occurrences not yet ended, up to `until` (default: the planning horizon); public holidays
    of the mission's country are left out of series that skip them."""
    return occurrences(
        series_of(meeting),
        now - timedelta(minutes=meeting.duration_minutes),
        until or now + HORIZON,
        changes=meeting_changes(session, id_of(meeting)),
        skip_day=_skipped(session, meeting),
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
