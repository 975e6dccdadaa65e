"""What a person's App Home (and Monday summary) shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.actions.values import ActionView
from bot.digests.values import MeetingLine
from bot.people.values import Mark

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Milestone, Mission, Phase


@dataclass(frozen=True)
class MissionGlance:
    mission: Mission
    phase_now: Phase | None
    next_milestone: Milestone | None
    team: dict[str, tuple[int, int]] | None  # owner -> (open, overdue), for the director
    marks: dict[str, Mark] = field(default_factory=dict)  # of those owners, who is deactivated or away


@dataclass(frozen=True)
class HomeData:
    actions: list[tuple[ActionView, str]]  # with the channel they belong to
    total_actions: int  # counted up to COUNT_UP_TO + 1, like overdue
    overdue: int
    meetings: list[tuple[MeetingLine, str]]
    missions: list[MissionGlance]
