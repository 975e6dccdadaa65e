"""Meeting values passed between services and rendering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.recurrence import Occurrence

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Meeting


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    next: Occurrence | None


@dataclass(frozen=True)
class SittingChange:
    """One sitting cancelled (`after` None) or moved: where it was, and where it is now."""

    meeting: Meeting
    before: Occurrence
    after: Occurrence | None
