"""What a notification is before it is stored: a planned notice, its recipient and their preferences. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
