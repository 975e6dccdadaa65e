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
class ApprovalLine:
    """A sitting's minutes submitted to the client's validator, not yet answered."""

    title: str
    start: datetime  # the sitting's
    version: int
    validator: str | None
    since: datetime | None  # submitted then


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
    approvals: list[ApprovalLine] = field(default_factory=list)  # minutes waiting for approval, oldest first
