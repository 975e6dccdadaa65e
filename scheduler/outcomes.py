"""What a tick did (TickReport), and what a round of delivery carries from one step to the next: a row
composed (Composed), to be sent (Ready), its conversation's turn (Turn), and Slack's answer to be recorded
(Sent)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from slack_sdk import WebClient

from bot.notices import BookmarksSync, CanvasWrite, Composition, Outgoing
from scheduler.canvases import Written
from storage.models import Notification

COUNTED = {CanvasWrite: "canvases", BookmarksSync: "bookmarks"}  # what a tick reports apart from messages sent


@dataclass
class TickReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0
    recovered: int = 0  # found already posted by a worker that died
    held: int = 0  # refused by a channel archived before its event came: held with its mission
    canvases: int = 0  # canvases written (created or replaced)
    bookmarks: int = 0  # channels whose bookmarks were brought up to date
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


@dataclass
class Composed:
    """A row as its round composed it: who would post it (None: its workspace uninstalled the app), and what,
    or why not (None when nobody would)."""

    row: Notification
    client: WebClient | None
    outgoing: Composition | None
    at: datetime


@dataclass
class Ready:
    """A row composed, to be sent by `client` once its conversation's turn comes."""

    row: Notification
    client: WebClient
    outgoing: Outgoing | CanvasWrite | BookmarksSync


@dataclass
class Sent:
    """What Slack answered to a row, to be recorded with the rest of its round."""

    ready: Ready
    allowed: datetime  # the turn's next allowed time
    at: datetime  # when Slack answered
    where: tuple[str, str] | None = None  # the message's channel and ts
    written: Written | None = None  # a canvas write's outcome


Turn = tuple[Literal["post", "later"], datetime] | tuple[Literal["gone"], None]  # see Turns.take_in
