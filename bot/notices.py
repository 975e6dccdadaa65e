"""What a notification is before it is stored (a planned notice, its recipient and their preferences), what a
due one becomes (a message, or why not), and the port that delivers a change's rows at once. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from storage.db import Session
    from storage.models import Notification

LATE_AFTER = timedelta(minutes=10)  # a notice sent later than this after its time says it is late


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


@dataclass(frozen=True)
class CanvasWrite:
    """A canvas ready to write (composed from a due row)."""

    canvas: int  # our Canvas row
    channel: str
    title: str
    markdown: str
    canvas_id: str | None  # Slack's, once created
    standalone: bool  # minutes, or a mission canvas where channel canvases are refused
    lang: str
    content_hash: str
    retitle: bool = False  # the canvas exists under another title (its channel was renamed)


@dataclass(frozen=True)
class BookmarksSync:
    """A channel's bookmarks ready to sync (composed from a due row)."""

    channel: str
    lang: str
    canvas_id: str | None  # the mission canvas's, once Slack has it
    calendar_page: str | None


Composition = Outgoing | CanvasWrite | BookmarksSync | Drop | Later  # what a due row becomes


def _never(_row: Notification) -> bool:
    return False


@dataclass(frozen=True)
class NoticeKind:
    """What one feature says through the outbox, for the rows of one entity (the scheduler's registry,
    scheduler/kinds.py, holds one an entity): how a due row is composed, and what a round of them reads at once;
    what the feature keeps once Slack has the message; the next of a recurring notice, planned as one is
    settled; and whether a row leaves no message to look for after a crash (done again, it writes the same)."""

    compose: Callable[[Session, Notification, datetime], Composition]
    warm: Callable[[Session, list[Notification]], None] | None = None
    recorded: Callable[[Session, Notification, str, str], None] | None = None
    plan_next: Callable[[Session, Notification, datetime], None] | None = None
    leaves_no_trace: Callable[[Notification], bool] = _never


class Courier(Protocol):
    """Delivers at once what a change just planned, so the person sees it as fast as a direct post would
    show it; what it cannot deliver (the process dies, Slack asks to wait) a clock delivers later."""

    def deliver(self, team_id: str, entity: str, entity_id: int) -> None: ...


class ClockOnly:
    """No courier (the clock process, the CLI): a clock delivers every row at its next tick."""

    def deliver(self, team_id: str, entity: str, entity_id: int) -> None:
        return None
