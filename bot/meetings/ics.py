"""RFC 5545 calendars of a mission's meetings, with the `icalendar` package.

Stable UIDs, SEQUENCE bumped on every change, VTIMEZONE, RRULE (with UNTIL once a series ends),
EXDATE for cancelled occurrences and skipped public holidays, and a RECURRENCE-ID event for each
one moved (by a person, or by a public holiday), so that Outlook and Google Calendar show exactly
what Concerto will remind people of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from bot.i18n import t
from bot.meetings.blocks import KIND_NAMES

if TYPE_CHECKING:
    from storage.models import Meeting

UTC = timezone.utc


def _event(meeting, start: datetime, lang: str, stamp: datetime) -> Event:
    tz = ZoneInfo(meeting.timezone)
    event = Event()
    event.add("uid", f"meeting-{meeting.team_id}-{meeting.id}@concerto")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", (start + timedelta(minutes=meeting.duration_minutes)).astimezone(tz))
    event.add("description", t(lang, KIND_NAMES[meeting.kind]))
    if meeting.location:
        event.add("location", meeting.location)
    return event


def _on(meeting: Meeting, day: date) -> datetime:
    """An occurrence's identity in the feed: its day at the series' current time of day."""
    return datetime.combine(day, meeting.starts_local.time(), tzinfo=ZoneInfo(meeting.timezone))


@dataclass(frozen=True)
class Entry:
    """A meeting as the calendar shows it, with its exceptions: those people made, and the public holidays
    that skip or move a sitting."""

    meeting: Meeting
    changes: dict[date, datetime | None]  # the occurrence's day -> its new UTC start, or None: cancelled


def calendar(entries: list[Entry], *, name: str, lang: str, now: datetime) -> bytes:
    """EXDATE and RECURRENCE-ID are put at the series' current time of day, so that they still
    match its occurrences after an edit of that time."""
    cal = Calendar()
    cal.add("prodid", "-//Concerto//Consultation mission//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for entry in entries:
        meeting, changes = entry.meeting, entry.changes
        tz = ZoneInfo(meeting.timezone)
        first = meeting.starts_local.replace(tzinfo=tz)
        if not meeting.rrule:  # a one-off meeting: moved means another start, cancelled a status
            cancelled = first.date() in changes and changes[first.date()] is None
            single = _event(meeting, changes.get(first.date()) or first, lang, now)
            if cancelled:
                single.add("status", "CANCELLED")
            cal.add_component(single)
            continue

        series = _event(meeting, first, lang, now)
        rule = vRecur.from_ical(meeting.rrule)
        if meeting.ends_on:
            rule["UNTIL"] = (
                datetime.combine(meeting.ends_on, datetime.max.time()).replace(microsecond=0, tzinfo=tz).astimezone(UTC)
            )
        series.add("rrule", rule)
        cal.add_component(series)
        excluded = {day for day, moved_to in changes.items() if moved_to is None}
        for day in sorted(excluded):
            series.add("exdate", _on(meeting, day))
        for day, moved_to in sorted(changes.items()):
            if moved_to is not None:
                moved = _event(meeting, moved_to, lang, now)
                moved.add("recurrence-id", _on(meeting, day))
                cal.add_component(moved)
    cal.add_missing_timezones()
    return cal.to_ical()
