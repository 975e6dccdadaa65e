"""Checking what modals send (plain values in), field by field, so errors land on the right input."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.dates import When
from bot.errors import UserError
from bot.grammar import MAX_ACTION_TEXT
from bot.services.action_types import Draft


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
