"""How long Concerto keeps what it no longer needs, applied once a day by the planning clock: the outbox's
settled rows, the audit trail's old entries, and the missions of a workspace that uninstalled the app and
did not come back. Each period is a setting (RETAIN_*, docs/operations.md#retention)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot.missions.closing import purge_mission
from storage.models import AuditEntry, Mission, Notification

SETTLED = ("sent", "dropped", "cancelled", "failed")


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
    notifications = session.exec(
        delete(Notification).where(
            col(Notification.state).in_(SETTLED), col(Notification.updated_at) < now - keep.notifications
        )
    ).rowcount
    audit = session.exec(delete(AuditEntry).where(col(AuditEntry.at) < now - keep.audit)).rowcount
    missions = 0
    for mission in session.exec(select(Mission).where(col(Mission.uninstalled_at).is_not(None))).all():
        assert mission.uninstalled_at is not None  # selected so
        since = session.exec(select(func.max(AuditEntry.at)).where(AuditEntry.mission_id == mission.id)).one()
        if since is not None and since > mission.uninstalled_at:
            mission.uninstalled_at = None  # back: a reinstall, and work since
        elif mission.uninstalled_at < now - keep.uninstalled:
            purge_mission(session, mission)
            missions += 1
    return Purged(notifications, audit, missions)
