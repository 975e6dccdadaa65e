"""Meeting values passed between services and rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.recurrence import Occurrence

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Meeting


@dataclass(frozen=True)
class HolidayNote:
    """A sitting a public holiday skips (`held_on` None) or moves to the next working day."""

    day: date
    name: str
    held_on: date | None


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    next: Occurrence | None
    holidays: tuple[HolidayNote, ...] = ()  # in the year to come, as the channel is told at creation


@dataclass(frozen=True)
class SittingChange:
    """One sitting cancelled (`after` None) or moved: where it was, and where it is now."""

    meeting: Meeting
    before: Occurrence
    after: Occurrence | None
