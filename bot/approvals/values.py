"""Minutes the client approves: where a sitting's approval stands, and what a submission shows the validator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# draft (never submitted, or changed since a submission) → submitted → approved | changes (asked);
# changed: a draft changed since an approval (the new version waits to be approved again)
STATES = ("draft", "submitted", "approved", "changes", "changed")


@dataclass(frozen=True)
class Approval:
    """A sitting's minutes on their way to the client's approval, detached from the database."""

    id: int
    version: int
    state: str
    validator: str | None  # whom the last submission asked
    submitted_by: str | None = None
    submitted_at: datetime | None = None
    decided_by: str | None = None  # who approved, or asked for a change
    decided_at: datetime | None = None
    comment: str | None = None  # the change asked


@dataclass(frozen=True)
class Submission:
    """What the validator's DM shows: the sitting's minutes as submitted, and where to read them."""

    approval: Approval
    title: str  # the meeting's
    start: datetime  # the sitting's
    channel: str
    decisions: tuple[str, ...]
    actions: int  # captured at the sitting
