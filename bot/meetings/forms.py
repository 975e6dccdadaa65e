"""What the meeting, agenda and decisions forms send, read field by field. Pure: errors name the input to fix."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.dates import When
from bot.errors import FieldError
from bot.meetings.grammar import AddMeeting
from bot.meetings.phrases import BYDAY, MAX_ITEM


def meeting_from_form(
    kind: str | None,
    title: str | None,
    day: str | None,
    at: str | None,
    repeat: str | None,
    duration: str | None,
    location: str | None,
    attendees: list[str],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> AddMeeting:
    """The meeting a submitted form describes; a series repeats on the chosen date's weekday."""
    title = " ".join((title or "").split())
    if not title:
        raise FieldError("title", "meeting.need_title_form")
    if not (day and at):
        raise FieldError("date" if not day else "time", "meeting.need_date")
    clock = time.fromisoformat(at)
    start = When(date.fromisoformat(day), clock)
    if start.deadline(tz) <= now:
        raise FieldError("date", "meeting.past")
    weekday = BYDAY[start.day.weekday()]
    position = (start.day.day - 1) // 7 + 1
    rrule = {
        "once": None,
        "weekly": f"FREQ=WEEKLY;BYDAY={weekday}",
        "biweekly": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}",
        "monthly": f"FREQ=MONTHLY;BYDAY={-1 if position == 5 else position}{weekday}",
    }[repeat or "once"]
    location = " ".join((location or "").split()) or None
    return AddMeeting(
        kind or "other", title, clock, rrule, start, int(duration) if duration else None, location, tuple(attendees)
    )


def agenda_item_from_form(text: str | None) -> str:
    """The agenda form's item on one line ("" when nothing was typed)."""
    return " ".join((text or "").split())


def linked_item(text: str, permalink: str | None) -> str:
    """An agenda item taken from a message: its text, then the message's link (the text cut short, with a
    mark, where both would not fit in an item)."""
    if not permalink:
        return text[:MAX_ITEM]
    room = MAX_ITEM - len(permalink) - 1
    if room < 2:
        return text[:MAX_ITEM]
    return f"{text if len(text) <= room else text[: room - 1] + '…'} {permalink}"


def decisions_from_form(text: str | None) -> list[str]:
    """One decision a line, as typed in the decisions form; list bullets and blank lines dropped."""
    lines = (line.strip(" -•*\t") for line in (text or "").splitlines())
    return [line for line in lines if line]
