"""Action values passed between services and rendering: drafts as typed, snapshots as stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.dates import When
from bot.errors import UserError
from bot.payloads import Json


@dataclass(frozen=True)
class Draft:
    """An action as typed, before it exists."""

    text: str
    owners: tuple[str, ...]
    due: When | None = None

    def as_dict(self) -> Json:
        """A compact form for a button value (which holds 2,000 characters)."""
        return {"t": self.text, "o": list(self.owners), **(self.due.as_dict() if self.due else {"d": None})}

    @classmethod
    def from_dict(cls, data: Json) -> Draft:
        return cls(data["t"], tuple(data["o"]), When.from_dict(data) if data.get("d") else None)


@dataclass(frozen=True)
class ActionView:
    """A snapshot of an action for rendering; detached from any database session."""

    id: int
    number: int
    team_id: str
    mission_id: int
    text: str
    status: str
    owners: tuple[str, ...]
    created_by: str
    created_at: datetime
    due_date: date | None
    due_at: datetime | None
    due_all_day: bool
    done_by: str | None
    done_at: datetime | None
    permalink: str | None
    message_channel: str | None
    message_ts: str | None
    link: str | None = None  # "M3 Invitations envoyées" / "Phase 2 Ateliers", when it serves one

    def overdue(self, now: datetime) -> bool:
        return self.status == "open" and self.due_at is not None and self.due_at <= now


@dataclass(frozen=True)
class ActionList:
    actions: list[ActionView]
    total: int  # counted up to COUNT_UP_TO + 1


COUNT_UP_TO = 200  # lists count what they leave out up to this: an exact 100,000 would cost a scan


def count_text(count: int) -> str:
    """A count taken up to COUNT_UP_TO + 1, as people read it: "42", or "200+"."""
    return str(count) if count <= COUNT_UP_TO else f"{COUNT_UP_TO}+"


def hidden_count(total: int, shown: int) -> str:
    """How many a list leaves out: exactly, or "960+" past what was counted."""
    return str(total - shown) if total <= COUNT_UP_TO else f"{COUNT_UP_TO - shown}+"


class ActionRecord(Protocol):
    """What `view_of` reads of an action: its table row, or a plain row of the same columns (storage hands
    those out where many actions are read at once)."""

    id: int | None
    number: int
    team_id: str
    mission_id: int
    text: str
    status: str
    created_by: str
    created_at: datetime
    due_date: date | None
    due_at: datetime | None
    due_all_day: bool
    done_by: str | None
    done_at: datetime | None
    permalink: str | None
    message_channel: str | None
    message_ts: str | None


def view_of(action: ActionRecord, owners: Sequence[str], link: str | None = None) -> ActionView:
    if action.id is None:
        raise ValueError("an action is shown once stored: it has no id yet")
    return ActionView(
        id=action.id,
        number=action.number,
        team_id=action.team_id,
        mission_id=action.mission_id,
        text=action.text,
        status=action.status,
        owners=tuple(owners),
        created_by=action.created_by,
        created_at=action.created_at,
        due_date=action.due_date,
        due_at=action.due_at,
        due_all_day=action.due_all_day,
        done_by=action.done_by,
        done_at=action.done_at,
        permalink=action.permalink,
        message_channel=action.message_channel,
        message_ts=action.message_ts,
        link=link,
    )


class AlreadyCreated(Exception):
    """The Slack request that asks for this action already created it (a retry, a double click, a
    resubmitted form): `action` is the one it made."""

    def __init__(self, action: ActionView) -> None:
        super().__init__(action.number)
        self.action = action


class PastDue(UserError):
    """The due date has passed: the user must confirm. `request` is what to redo once confirmed:
    a new action (a draft) or a new due date for action `n`."""

    def __init__(self, due: When, text: str, request: Json) -> None:
        super().__init__("past.question")
        self.due, self.text, self.request = due, text, request
