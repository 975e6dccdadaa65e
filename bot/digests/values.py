"""What the director's digest is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.actions.values import ActionView
from bot.people.values import Mark

SECTIONS = ("overdue", "soon", "owners", "done", "meetings", "milestones")


@dataclass(frozen=True)
class MeetingLine:
    title: str
    start: datetime
    agenda_items: int


@dataclass(frozen=True)
class MilestoneLine:
    number: int
    name: str
    due_on: date
    owner: str | None


@dataclass(frozen=True)
class DigestData:
    open: list[ActionView]
    done: list[ActionView]  # done since the last digest
    meetings: list[MeetingLine]  # in the next 7 days
    milestones: list[MilestoneLine]  # open, late or due within 14 days
    open_a_week_ago: int
    overdue_a_week_ago: int
    channel: str
    sections: frozenset[str] = frozenset(SECTIONS)
    marks: dict[str, Mark] = field(default_factory=dict)  # owners deactivated or away
