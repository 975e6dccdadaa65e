"""Deleting what is no longer kept: a mission and all it holds (closed at the end of the contract, GDPR Art.
28(3)(g), or its workspace gone), settled notifications, old audit entries. The policy is the caller's
(concerto.cli.closing, bot.missions.retention)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.approvals import MinutesApproval
from storage.models import (
    Action,
    ActionOwner,
    AgendaItem,
    AuditEntry,
    Canvas,
    ConversationPace,
    Decision,
    Meeting,
    MeetingChange,
    Milestone,
    Mission,
    MissionTeam,
    Notification,
    OpenForm,
    Phase,
    id_of,
)


def purge_mission(session: Session, mission: Mission) -> tuple[dict[str, int], int]:
    """Delete the mission and all it holds, children first; (rows deleted by table, notifications withdrawn
    that were still to go)."""
    mission_id = id_of(mission)
    actions = list(session.exec(select(Action.id).where(Action.mission_id == mission_id)))
    meetings = list(session.exec(select(Meeting.id).where(Meeting.mission_id == mission_id)))
    withdrawn = len(
        list(
            session.exec(
                select(Notification.id).where(
                    Notification.mission_id == mission_id, col(Notification.state).in_(("pending", "sending"))
                )
            )
        )
    )
    steps = (
        delete(ActionOwner).where(col(ActionOwner.action_id).in_(actions)),
        delete(AgendaItem).where(col(AgendaItem.meeting_id).in_(meetings)),
        delete(MeetingChange).where(col(MeetingChange.meeting_id).in_(meetings)),
        delete(Decision).where(col(Decision.mission_id) == mission_id),
        delete(Canvas).where(col(Canvas.mission_id) == mission_id),
        delete(MinutesApproval).where(col(MinutesApproval.mission_id) == mission_id),
        delete(Action).where(col(Action.mission_id) == mission_id),
        delete(Milestone).where(col(Milestone.mission_id) == mission_id),
        delete(Phase).where(col(Phase.mission_id) == mission_id),
        delete(Meeting).where(col(Meeting.mission_id) == mission_id),
        delete(AuditEntry).where(col(AuditEntry.mission_id) == mission_id),
        delete(Notification).where(col(Notification.mission_id) == mission_id),
        delete(ConversationPace).where(col(ConversationPace.target) == mission.channel_id),
        delete(OpenForm).where(col(OpenForm.channel) == mission.channel_id),
        delete(MissionTeam).where(col(MissionTeam.mission_id) == mission_id),
        delete(Mission).where(col(Mission.id) == mission_id),
    )
    deleted = Counter[str]()
    for step in steps:
        deleted[str(getattr(step.table, "name", step.table))] += session.exec(step).rowcount
    return {table: n for table, n in deleted.items() if n}, withdrawn


SETTLED = ("sent", "dropped", "cancelled", "failed")


def purge_settled(session: Session, before: datetime) -> int:
    """Notifications settled (sent, dropped, cancelled, refused) before `before`."""
    stale = col(Notification.state).in_(SETTLED) & (col(Notification.updated_at) < before)
    return session.exec(delete(Notification).where(stale)).rowcount


def purge_audit(session: Session, before: datetime) -> int:
    return session.exec(delete(AuditEntry).where(col(AuditEntry.at) < before)).rowcount


def uninstalled_missions(session: Session) -> list[tuple[Mission, datetime | None]]:
    """The missions whose workspace uninstalled the app, each with its last audit entry's time."""
    return [
        (m, session.exec(select(func.max(AuditEntry.at)).where(AuditEntry.mission_id == m.id)).one())
        for m in session.exec(select(Mission).where(col(Mission.uninstalled_at).is_not(None))).all()
    ]


def mark_uninstalled(session: Session, team_id: str, now: datetime) -> None:
    """The workspace left: its missions are counted from now for retention (a second uninstall keeps the first)."""
    for mission in session.exec(select(Mission).where(Mission.team_id == team_id)):
        mission.uninstalled_at = mission.uninstalled_at or now
