"""Recurring notices plan their next one as soon as one is settled (sent, dropped or failed).

A digest or a Monday summary is planned one at a time. Were the next one planned only by the
clock's re-plan, "from now on", a clock down over one would never create it; planning the one
after each settled one (owed, even if its time passed during the downtime: the downtime policy
then sends it late or drops it, with a reason) makes what is delivered independent of when the
clock ran (invariant 3, docs/reminders.md#invariants-of-the-schedule)."""

from __future__ import annotations

from datetime import datetime

from scheduler.kinds import KINDS
from storage.db import Session
from storage.models import Notification


def plan_next(session: Session, row: Notification, now: datetime) -> None:
    """The next of a recurring notice (`NoticeKind.plan_next`), planned as this one is settled."""
    kind = KINDS.get(row.entity)
    if kind and kind.plan_next:
        kind.plan_next(session, row, now)
