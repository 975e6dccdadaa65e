"""What a notification is before it is stored (a planned notice, its recipient and their preferences), what a
due one becomes (a message, or why not), and the port that delivers a change's rows at once. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Prefs:
    """What one person wants to hear (`/concerto settings`)."""

    before: bool = True
    due: bool = True
    overdue: bool = True
    summary: bool = False  # a Monday-morning summary of one's actions and meetings


@dataclass(frozen=True)
class Recipient:
    user_id: str
    tz: ZoneInfo
    prefs: Prefs = Prefs()


@dataclass(frozen=True)
class Planned:
    key: str  # unique per team: the same key is never sent twice
    kind: str
    target: str
    at: datetime  # UTC
    expires: datetime  # UTC; past this, sending it would be pointless
    about: datetime | None = None  # UTC; what it is about, e.g. a meeting occurrence (as the rule put it)
    owed: bool = False  # the next of a recurring notice: created even if its time has passed while the clock was down


@dataclass(frozen=True)
class Outgoing:
    """A message ready for Slack: posted to `channel`, or, with `ts`, replacing the message there."""

    channel: str
    message: dict[str, Any]  # chat.postMessage's arguments
    ts: str | None = None


@dataclass(frozen=True)
class Drop:
    """Nothing to send any more, and why (logged, and kept on the row)."""

    reason: str


@dataclass(frozen=True)
class Later:
    """Not yet: what it changes is not in Slack yet (a message update before its post). Looked at again
    in `seconds`, the attempt not counted."""

    seconds: float
    reason: str


class Courier(Protocol):
    """Delivers at once what a change just planned, so the person sees it as fast as a direct post would
    show it; what it cannot deliver (the process dies, Slack asks to wait) a clock delivers later."""

    def deliver(self, team_id: str, entity: str, entity_id: int) -> None: ...


class ClockOnly:
    """No courier (the clock process, the CLI): a clock delivers every row at its next tick."""

    def deliver(self, team_id: str, entity: str, entity_id: int) -> None:
        return None
