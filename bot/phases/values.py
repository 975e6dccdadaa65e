"""A mission's plan as rendered: its phases with their milestones, and loose milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Milestone, Phase


@dataclass(frozen=True)
class Plan:
    """The mission's phases in order, each with its milestones; milestones outside any phase last."""

    phases: list[tuple[Phase, list[Milestone]]]
    loose: list[Milestone]


@dataclass(frozen=True)
class PhaseChange:
    """A phase changed, and the milestones that moved with it, each with its former due date."""

    phase: Phase
    moved: list[tuple[Milestone, date]]
