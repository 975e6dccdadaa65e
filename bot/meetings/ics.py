"""RFC 5545 calendars of a mission's meetings, with the `icalendar` package.

Stable UIDs, SEQUENCE bumped on every change, VTIMEZONE, RRULE (with UNTIL once a series ends),
EXDATE for cancelled occurrences and a RECURRENCE-ID event for each moved one, so that Outlook and
Google Calendar show exactly what Concerto will remind people of.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from bot.i18n import t
from bot.meetings.blocks import KIND_NAMES

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


def calendar(meetings_with_changes: list[tuple], *, name: str, lang: str, now: datetime) -> bytes:
    """`meetings_with_changes`: (meeting, {original UTC start: new UTC start or None}) pairs."""
    cal = Calendar()
    cal.add("prodid", "-//Concerto//Consultation mission//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting, changes in meetings_with_changes:
        tz = ZoneInfo(meeting.timezone)
        first = meeting.starts_local.replace(tzinfo=tz)
        if not meeting.rrule:  # a one-off meeting: moved means another start, cancelled a status
            moved_to = next(iter(changes.values()), first) if changes else first
            single = _event(meeting, moved_to or first, lang, now)
            if changes and moved_to is None:
                single.add("status", "CANCELLED")
            cal.add_component(single)
            continue
        series = _event(meeting, first, lang, now)
        rule = vRecur.from_ical(meeting.rrule)
        if meeting.ends_on:
            rule["UNTIL"] = datetime.combine(meeting.ends_on, datetime.max.time()).replace(
                microsecond=0, tzinfo=tz).astimezone(UTC)
        series.add("rrule", rule)
        cal.add_component(series)
        for original, moved_to in sorted(changes.items()):
            if moved_to is None:
                series.add("exdate", original.astimezone(tz))
                continue
            moved = _event(meeting, moved_to, lang, now)
            moved.add("recurrence-id", original.astimezone(tz))
            cal.add_component(moved)
    cal.add_missing_timezones()
    return cal.to_ical()
