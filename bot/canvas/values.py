"""What a canvas shows, read from the database and detached from it: the mission as it stands,
or one sitting's minutes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.actions.values import ActionView
from bot.approvals.values import Approval
from bot.people.values import Mark
from bot.phases.values import Plan
from bot.recurrence import Occurrence

if TYPE_CHECKING:
    from storage.models import AgendaItem, Decision, Meeting, Mission


AHEAD = timedelta(days=45)  # how far ahead the mission canvas lists two sittings of each meeting


@dataclass(frozen=True)
class Sitting:
    """One meeting occurrence with its agenda (its own items and the open ones carried to it)."""

    meeting: Meeting
    occurrence: Occurrence
    items: list[AgendaItem]


@dataclass(frozen=True)
class MissionPicture:
    """The mission canvas: the plan, the next sittings, open actions and the latest decisions."""

    mission: Mission
    plan: Plan
    sittings: list[Sitting]
    actions: list[ActionView]
    decisions: list[tuple[Meeting, Decision]]  # newest first
    marks: dict[str, Mark] = field(default_factory=dict)  # owners deactivated or away


@dataclass(frozen=True)
class Minutes:
    """A sitting's minutes ("relevé de décisions")."""

    mission: Mission
    sitting: Sitting
    decisions: list[Decision]
    actions: list[ActionView]
    next: Occurrence | None
    validator: str | None = None  # who approves them for the client: their state is shown once one is named
    approval: Approval | None = None  # None: never submitted
