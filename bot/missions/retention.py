"""How long Concerto keeps what it no longer needs, applied once a day by the planning clock: the outbox's
settled rows, the audit trail's old entries, and the missions of a workspace that uninstalled the app and
did not come back. Each period is a setting (RETAIN_*, docs/operations.md#retention)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Session
from storage.purge import purge_audit, purge_mission, purge_settled, uninstalled_missions


@dataclass(frozen=True)
class Retention:
    notifications: timedelta = timedelta(days=90)  # a settled notification: what was sent, dropped or refused
    audit: timedelta = timedelta(days=730)  # an audit entry: who changed what (the mission's record)
    uninstalled: timedelta = timedelta(days=30)  # a mission whose workspace left and did not come back


@dataclass(frozen=True)
class Purged:
    notifications: int
    audit_entries: int
    missions: int


def apply_retention(session: Session, now: datetime, keep: Retention) -> Purged:
    """Delete what is older than `keep` says. A mission whose workspace uninstalled the app is purged once
    that is `keep.uninstalled` ago with nothing done in it since (an audit entry after it means the workspace
    came back: it is kept, and no longer counted as uninstalled)."""
    notifications = purge_settled(session, now - keep.notifications)
    audit = purge_audit(session, now - keep.audit)
    missions = 0
    for mission, last_change in uninstalled_missions(session):
        assert mission.uninstalled_at is not None  # selected so
        if last_change is not None and last_change > mission.uninstalled_at:
            mission.uninstalled_at = None  # back: a reinstall, and work since
        elif mission.uninstalled_at < now - keep.uninstalled:
            purge_mission(session, mission)
            missions += 1
    return Purged(notifications, audit, missions)
