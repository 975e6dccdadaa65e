"""Checking what modals send (plain values in), field by field, so errors land on the right input."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.action_types import Draft
from bot.dates import When
from bot.errors import UserError
from bot.grammar import MAX_ACTION_TEXT
from bot.meeting_grammar import BYDAY, AddMeeting
from bot.phase_grammar import AddPhase


class FieldError(UserError):
    """A user error attached to one input block of a modal."""

    def __init__(self, field: str, key: str, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


def action_draft(text: str | None, owners: list[str], day: str | None, at: str | None,
                 *, tz: ZoneInfo, now: datetime) -> Draft:
    text = " ".join((text or "").split())
    if not text:
        raise FieldError("text", "error.empty_text")
    if len(text) > MAX_ACTION_TEXT:
        raise FieldError("text", "error.text_too_long", limit=MAX_ACTION_TEXT, length=len(text))
    if at and not day:
        raise FieldError("due_date", "error.time_without_date")
    due = When(date.fromisoformat(day), time.fromisoformat(at) if at else None) if day else None
    if due and due.deadline(tz) <= now:
        raise FieldError("due_date", "error.past_in_form")
    return Draft(text, tuple(owners), due)


SETUP_FIELDS = {
    "error.bad_timezone": "timezone", "error.bad_language": "language", "error.work_hours": "work_end",
    "error.work_days": "work_days", "error.setup_refused": "director",
}


def meeting_from_form(kind: str | None, title: str | None, day: str | None, at: str | None, repeat: str | None,
                      duration: str | None, location: str | None, attendees: list[str], *,
                      tz: ZoneInfo, now: datetime) -> AddMeeting:
    """The meeting a submitted form describes; a series repeats on the chosen date's weekday."""
    title = " ".join((title or "").split())
    if not title:
        raise FieldError("title", "meeting.need_title_form")
    if not (day and at):
        raise FieldError("date" if not day else "time", "meeting.need_date")
    start = When(date.fromisoformat(day), time.fromisoformat(at))
    if start.deadline(tz) <= now:
        raise FieldError("date", "meeting.past")
    weekday = BYDAY[start.day.weekday()]
    position = (start.day.day - 1) // 7 + 1
    rrule = {"once": None, "weekly": f"FREQ=WEEKLY;BYDAY={weekday}",
             "biweekly": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}",
             "monthly": f"FREQ=MONTHLY;BYDAY={-1 if position == 5 else position}{weekday}"}[repeat or "once"]
    location = " ".join((location or "").split()) or None
    return AddMeeting(kind or "other", title, start.at, rrule, start, int(duration) if duration else None,
                      location, tuple(attendees))


def phase_from_form(name: str | None, start: str | None, end: str | None) -> AddPhase:
    name = " ".join((name or "").split())
    if not name:
        raise FieldError("name", "phase.need_name_form")
    if not start:
        raise FieldError("start", "phase.need_date")
    if not end:
        raise FieldError("end", "phase.need_date")
    if date.fromisoformat(end) < date.fromisoformat(start):
        raise FieldError("end", "phase.end_before_start")
    return AddPhase(name, date.fromisoformat(start), date.fromisoformat(end))
