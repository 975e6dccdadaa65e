"""Queries about meetings, their occurrences and agendas, decisions, phases and milestones."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar, cast

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from storage.models import AgendaItem, Decision, Meeting, MeetingChange, Milestone, Phase, id_of

_Register = TypeVar("_Register", Select[Meeting, Decision], SelectOfScalar[int])  # the register, or its count
_Planned = TypeVar("_Planned", bound=Phase | Milestone | Meeting)  # what a mission plan creates


def active_meetings(session: Session, mission_ids: list[int] | None = None, kind: str | None = None) -> list[Meeting]:
    """Active meetings, of some missions only when `mission_ids` is given (all missions otherwise)."""
    stmt = select(Meeting).where(Meeting.status == "active")
    if mission_ids is not None:
        stmt = stmt.where(col(Meeting.mission_id).in_(mission_ids))
    if kind:
        stmt = stmt.where(Meeting.kind == kind)
    return list(session.exec(stmt))


def meetings_of_mission(session: Session, mission_id: int) -> dict[int, Meeting]:
    """Every meeting a mission ever had, deleted ones too (the log refers to them), by id."""
    return {id_of(m): m for m in session.exec(select(Meeting).where(Meeting.mission_id == mission_id))}


def meeting_by_number(session: Session, mission_id: int, number: int) -> Meeting | None:
    return session.exec(
        select(Meeting).where(Meeting.mission_id == mission_id, Meeting.number == number, Meeting.status == "active")
    ).first()


def meeting_changes(session: Session, meeting_id: int) -> dict[date, datetime | None]:
    """Occurrences moved (their day → new start) or cancelled (→ None)."""
    return {
        c.occurrence_on: c.moved_to
        for c in session.exec(select(MeetingChange).where(MeetingChange.meeting_id == meeting_id))
    }


def meeting_change(session: Session, meeting_id: int, day: date) -> MeetingChange | None:
    return session.exec(
        select(MeetingChange).where(MeetingChange.meeting_id == meeting_id, MeetingChange.occurrence_on == day)
    ).first()


def agenda(session: Session, meeting_id: int, occurrence: datetime) -> list[AgendaItem]:
    """An occurrence's agenda: its own items, and the unfinished ones of earlier occurrences."""
    items = session.exec(
        select(AgendaItem)
        .where(
            AgendaItem.meeting_id == meeting_id,
            col(AgendaItem.occurrence_at) <= occurrence,
        )
        .order_by(col(AgendaItem.occurrence_at), col(AgendaItem.id))
    ).all()
    return [i for i in items if i.occurrence_at == occurrence or not i.done]


def decisions(session: Session, mission_id: int, number: int | None, limit: int) -> list[tuple[Meeting, Decision]]:
    """The decision register, newest first (of one meeting if `number` is given)."""
    stmt = _of_register(select(Meeting, Decision), mission_id, number)
    return [(m, d) for m, d in session.exec(stmt.order_by(col(Decision.id).desc()).limit(limit))]


def decisions_count(session: Session, mission_id: int, number: int | None) -> int:
    return session.exec(_of_register(select(func.count(col(Decision.id))), mission_id, number)).one()


def _of_register(stmt: _Register, mission_id: int, number: int | None) -> _Register:
    stmt = (
        stmt.select_from(Decision)
        .join(Meeting, col(Decision.meeting_id) == col(Meeting.id))
        .where(Decision.mission_id == mission_id)
    )
    return stmt if number is None else stmt.where(Meeting.number == number)


def decisions_of_mission(session: Session, mission_id: int) -> list[Decision]:
    return list(session.exec(select(Decision).where(Decision.mission_id == mission_id).order_by(col(Decision.id))))


def phase_by_number(session: Session, mission_id: int, number: int) -> Phase | None:
    return session.exec(
        select(Phase).where(Phase.mission_id == mission_id, Phase.number == number, Phase.status == "active")
    ).first()


def active_phases(session: Session, mission_id: int) -> list[Phase]:
    """In the plan's order (the plan file's, or the order they were added), as its picture draws them: a
    phase that runs alongside the others (the online forum) keeps its place."""
    return list(
        session.exec(
            select(Phase).where(Phase.mission_id == mission_id, Phase.status == "active").order_by(col(Phase.number))
        )
    )


def current_phase(session: Session, mission_id: int, today: date) -> Phase | None:
    return session.exec(
        select(Phase).where(
            Phase.mission_id == mission_id,
            Phase.status == "active",
            col(Phase.starts_on) <= today,
            col(Phase.ends_on) >= today,
        )
    ).first()


def milestones(
    session: Session,
    mission_id: int,
    *,
    status: str | None = None,
    due_by: date | None = None,
    phase_id: int | None = None,
) -> list[Milestone]:
    """Milestones not deleted, soonest first: of one status, due by a day, or in one phase, if asked."""
    stmt = select(Milestone).where(Milestone.mission_id == mission_id, Milestone.status != "deleted")
    if status:
        stmt = stmt.where(Milestone.status == status)
    if due_by is not None:
        stmt = stmt.where(col(Milestone.due_on) <= due_by)
    if phase_id is not None:
        stmt = stmt.where(Milestone.phase_id == phase_id)
    return list(session.exec(stmt.order_by(col(Milestone.due_on))))


def milestone_by_number(session: Session, mission_id: int, number: int) -> Milestone | None:
    return session.exec(
        select(Milestone).where(
            Milestone.mission_id == mission_id, Milestone.number == number, Milestone.status != "deleted"
        )
    ).first()


def by_plan_key(session: Session, model: type[_Planned], mission_id: int) -> dict[str, _Planned]:
    """Rows of a table (phases, milestones, meetings) that came from a mission plan, by their key."""
    return {
        cast(str, row.plan_key): row
        for row in session.exec(  # a plan key: the query skips rows without
            select(model).where(model.mission_id == mission_id, col(model.plan_key).is_not(None))
        )
    }


def sitting_decisions(session: Session, meeting_id: int, occurrence: datetime) -> list[Decision]:
    """What one meeting occurrence decided, in the order it was recorded."""
    return list(
        session.exec(
            select(Decision)
            .where(Decision.meeting_id == meeting_id, Decision.occurrence_at == occurrence)
            .order_by(col(Decision.id))
        )
    )
