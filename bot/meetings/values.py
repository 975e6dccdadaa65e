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
