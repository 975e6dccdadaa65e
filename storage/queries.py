"""Reads and small atomic writes the services need, written once for every backend."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, GenerativeSelect, Row, Select, and_, case, func, or_, update
from sqlmodel import Session, col, delete, select

from storage.models import (
    Action,
    ActionOwner,
    AuditEntry,
    Mission,
    MissionTeam,
    OpenForm,
    SlackUser,
    UserPrefs,
    id_of,
    table_of,
)

ActionRow = Row[*tuple[Any, ...]]  # an action as a plain row, with the attributes of `Action`
_Select = TypeVar("_Select", bound=Select[*tuple[Any, ...]])
_Read = TypeVar("_Read")


def mission_by_channel(session: Session, channel_id: str) -> Mission | None:
    """The channel's mission, whichever workspace asks: a Slack Connect channel has one id everywhere."""
    return session.exec(select(Mission).where(Mission.channel_id == channel_id)).first()


def take_number(session: Session, mission_id: int, counter: int) -> int:
    """The mission's next short number for actions, meetings, phases or milestones (`counter` is the
    column, e.g. `Mission.next_action_number`, which SQLModel types as an int), taken atomically: safe with
    concurrent creators."""
    column = col(counter)
    stmt = update(Mission).where(col(Mission.id) == mission_id).values({column: column + 1}).returning(column)
    return session.scalars(stmt).one() - 1


def action_by_number(session: Session, mission_id: int, number: int) -> Action | None:
    return session.exec(select(Action).where(Action.mission_id == mission_id, Action.number == number)).first()


def action_by_request_key(session: Session, team_id: str, request_key: str) -> Action | None:
    return session.exec(select(Action).where(Action.team_id == team_id, Action.request_key == request_key)).first()


def owners_of(session: Session, action_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(action_ids)
    found: dict[int, list[str]] = {i: [] for i in ids}
    for start in range(0, len(ids), 2000):  # plain rows, not ORM objects: digests read thousands
        chunk = ids[start : start + 2000]
        stmt = select(ActionOwner.action_id, ActionOwner.user_id).where(col(ActionOwner.action_id).in_(chunk))
        for action_id, user_id in session.execute(stmt.order_by(ActionOwner.user_id)):
            found[action_id].append(user_id)
    return found


def set_owners(session: Session, action: Action, owners: Iterable[str]) -> None:
    session.exec(delete(ActionOwner).where(col(ActionOwner.action_id) == action.id))
    for user_id in dict.fromkeys(owners):
        session.add(ActionOwner(action_id=id_of(action), user_id=user_id, team_id=action.team_id))


def open_actions(
    session: Session,
    mission: Mission,
    *,
    owner: str | None = None,
    due_before: datetime | None = None,
    from_meeting: tuple[int, datetime] | None = None,
    limit: int,
    count_up_to: int,
) -> tuple[list[Action], int]:
    """Open actions, soonest due first (undated last), and how many match in all, counted up to
    `count_up_to` + 1: due before `due_before`, or (when given too) captured at meeting
    `from_meeting[0]` before `from_meeting[1]`."""
    conditions = [col(Action.mission_id) == mission.id, col(Action.status) == "open"]
    if due_before is not None:
        due = col(Action.due_at) < due_before
        if from_meeting is not None:
            due = or_(due, and_(col(Action.meeting_id) == from_meeting[0], col(Action.meeting_at) < from_meeting[1]))
        conditions.append(due)
    stmt = select(Action).where(*conditions)
    if owner is not None:
        stmt = stmt.where(owned_by(mission.team_id, owner))
    actions = soonest_first(stmt, limit, lambda query: list(session.exec(query)))
    return actions, counted(session, stmt, up_to=count_up_to)


def counted(session: Session, stmt: GenerativeSelect, *, up_to: int) -> int:
    """How many rows `stmt` finds, counted up to `up_to` + 1: the database stops there."""
    return session.exec(select(func.count()).select_from(stmt.limit(up_to + 1).subquery())).one()


def soonest_first(stmt: _Select, limit: int, read: Callable[[_Select], list[_Read]]) -> list[_Read]:
    """The first `limit` actions of `stmt` as `read` reads them, soonest due first, undated last, then by
    number. Dated and undated ones are read apart so each query walks the due-time index instead of
    sorting them all."""
    dated = read(
        stmt.where(col(Action.due_at).is_not(None)).order_by(col(Action.due_at), col(Action.number)).limit(limit)
    )
    if len(dated) == limit:
        return dated
    undated = stmt.where(col(Action.due_at).is_(None)).order_by(col(Action.number)).limit(limit - len(dated))
    return dated + read(undated)


def record_audit(
    session: Session,
    *,
    team_id: str,
    mission_id: int | None,
    entity: str,
    entity_id: int,
    actor: str,
    verb: str,
    at: datetime,
    **detail: object,
) -> AuditEntry:
    """One change, recorded (and flushed: its id names the notices it causes)."""
    entry = AuditEntry(
        team_id=team_id,
        mission_id=mission_id,
        entity=entity,
        entity_id=entity_id,
        actor=actor,
        verb=verb,
        at=at,
        detail=json.dumps(detail, default=str, ensure_ascii=False),
    )
    session.add(entry)
    session.flush()
    return entry


def audit_by_request_key(session: Session, team_id: str, request_key: str) -> AuditEntry | None:
    stmt = select(AuditEntry).where(AuditEntry.team_id == team_id, AuditEntry.request_key == request_key)
    return session.exec(stmt).first()


def last_audit(session: Session, team_id: str, entity: str, entity_id: int, verb: str) -> AuditEntry | None:
    stmt = select(AuditEntry).where(
        AuditEntry.team_id == team_id,
        AuditEntry.entity == entity,
        AuditEntry.entity_id == entity_id,
        AuditEntry.verb == verb,
    )
    return session.exec(stmt.order_by(col(AuditEntry.id).desc()).limit(1)).first()


def action_rows(session: Session, *conditions: ColumnElement[bool]) -> list[ActionRow]:
    """Actions as plain rows with the same attributes as `Action`: much cheaper for reading many."""
    return list(session.execute(table_of(Action).select().where(*conditions)))


def open_actions_of_mission(session: Session, mission_id: int) -> list[Action]:
    return list(session.exec(select(Action).where(Action.mission_id == mission_id, Action.status == "open")))


def open_actions_owned(session: Session, team_id: str, user_id: str) -> list[Action]:
    return list(session.exec(select(Action).where(*_owned_open(team_id, user_id))))


def missions_of_team(session: Session, team_id: str) -> dict[int, Mission]:
    return {id_of(m): m for m in session.exec(select(Mission).where(Mission.team_id == team_id))}


def missions_with_director(session: Session) -> list[Mission]:
    return list(session.exec(select(Mission).where(col(Mission.director_id).is_not(None))))


def mission_by_calendar_token(session: Session, token: str) -> Mission | None:
    return session.exec(select(Mission).where(Mission.calendar_token == token)).first()


def open_rows(session: Session, mission_id: int) -> list[ActionRow]:
    return action_rows(session, col(Action.mission_id) == mission_id, col(Action.status) == "open")


def done_rows_since(session: Session, mission_id: int, since: datetime) -> list[ActionRow]:
    return action_rows(
        session, col(Action.mission_id) == mission_id, col(Action.status) == "done", col(Action.done_at) >= since
    )


def owned_by(team_id: str, user_id: str) -> ColumnElement[bool]:
    """The condition "one of this person's actions" (through the owners' (team, user) index)."""
    owned = select(ActionOwner.action_id).where(ActionOwner.team_id == team_id, ActionOwner.user_id == user_id)
    return col(Action.id).in_(owned)


def _owned_open(team_id: str, user_id: str, missions: list[int] | None = None) -> tuple[ColumnElement[bool], ...]:
    """A person's open actions, in every mission of the team or only in `missions` of it (the team,
    status, due index serves them soonest first)."""
    owned = owned_by(team_id, user_id), col(Action.team_id) == team_id, col(Action.status) == "open"
    return owned if missions is None else (*owned, col(Action.mission_id).in_(missions))


def soonest_owned_open(
    session: Session, team_id: str, user_id: str, *, limit: int, missions: list[int] | None = None
) -> list[ActionRow]:
    """The first `limit` of a person's open actions in the team's missions (all, or `missions`), soonest
    due first (undated last), as plain rows."""
    stmt = table_of(Action).select().where(*_owned_open(team_id, user_id, missions))
    return soonest_first(stmt, limit, lambda query: list(session.execute(query)))


def owned_open_count(
    session: Session,
    team_id: str,
    user_id: str,
    *,
    up_to: int,
    due_by: datetime | None = None,
    missions: list[int] | None = None,
) -> int:
    """How many of a person's actions are open (and due by `due_by`, if given), counted up to `up_to` + 1."""
    stmt = select(Action.id).where(*_owned_open(team_id, user_id, missions))
    if due_by is not None:
        stmt = stmt.where(col(Action.due_at) <= due_by)
    return counted(session, stmt, up_to=up_to)


def missions_with_open_actions_of(
    session: Session, team_id: str, user_id: str, *, missions: list[int] | None = None
) -> set[int]:
    """The missions where a person has an open action (each found at its first one)."""
    owns = select(Action.id).where(Action.mission_id == Mission.id, *_owned_open(team_id, user_id, missions)).exists()
    found = session.exec(select(col(Mission.id)).where(Mission.team_id == team_id, owns))
    return cast(set[int], set(found))  # primary keys: never None once read


def shared_missions(session: Session, team_id: str) -> dict[int, Mission]:
    """Missions of other workspaces whose channels are shared with `team_id` (MissionTeam)."""
    stmt = (
        select(Mission)
        .join(MissionTeam, col(MissionTeam.mission_id) == Mission.id)
        .where(MissionTeam.team_id == team_id)
    )
    return {id_of(m): m for m in session.exec(stmt)}


def open_counts_by_owner(session: Session, mission_id: int, now: datetime) -> dict[str, tuple[int, int]]:
    """owner -> (open, overdue) in a mission: the director's view of the team."""
    overdue = func.coalesce(func.sum(case((col(Action.due_at) <= now, 1), else_=0)), 0)
    stmt = (
        select(ActionOwner.user_id, func.count(), overdue)
        .join(Action, col(Action.id) == ActionOwner.action_id)
        .where(Action.mission_id == mission_id, Action.status == "open")
        .group_by(ActionOwner.user_id)
    )
    return {user_id: (n_open, n_late) for user_id, n_open, n_late in session.execute(stmt)}


def logged_actions(session: Session, mission_id: int) -> list[Action]:
    """Every action of a mission but the deleted ones, by number (the exported log)."""
    return list(
        session.exec(
            select(Action)
            .where(Action.mission_id == mission_id, Action.status != "deleted")
            .order_by(col(Action.number))
        )
    )


def open_count_at(session: Session, mission_id: int, moment: datetime, *, overdue: bool = False) -> int:
    """How many actions were open at `moment` (overdue ones only, if asked), from creation and
    completion times (deleted actions are not counted)."""
    stmt = (
        select(func.count())
        .select_from(Action)
        .where(
            Action.mission_id == mission_id,
            col(Action.created_at) < moment,
            col(Action.status).in_(("open", "done")),
        )
        .where(or_(col(Action.status) == "open", col(Action.done_at) > moment))
    )
    if overdue:
        stmt = stmt.where(col(Action.due_at) <= moment)
    return session.exec(stmt).one()


def deactivated(session: Session, team_id: str, user_ids: list[str]) -> set[str]:
    """Which of these people Slack last said are deactivated."""
    return {uid for uid, user in slack_users(session, team_id, user_ids).items() if user.deleted}


def slack_users(session: Session, team_id: str, user_ids: list[str]) -> dict[str, SlackUser]:
    return {
        u.user_id: u
        for u in session.exec(
            select(SlackUser).where(SlackUser.team_id == team_id, col(SlackUser.user_id).in_(user_ids))
        )
    }


def user_prefs(session: Session, team_id: str, user_ids: list[str]) -> dict[str, UserPrefs]:
    return {
        p.user_id: p
        for p in session.exec(
            select(UserPrefs).where(UserPrefs.team_id == team_id, col(UserPrefs.user_id).in_(user_ids))
        )
    }


def homes_of(session: Session, user_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Each person's own workspace and its Grid organisation, as users.info last told them (absent: never
    asked)."""
    ids = list(dict.fromkeys(user_ids))
    homes: dict[str, tuple[str, str | None]] = {}
    for start in range(0, len(ids), 2000):
        stmt = (
            select(SlackUser.user_id, SlackUser.home_team_id, SlackUser.home_enterprise_id)
            .where(col(SlackUser.user_id).in_(ids[start : start + 2000]), col(SlackUser.home_team_id).is_not(None))
            .order_by(col(SlackUser.fetched_at))
        )
        for user_id, team_id, enterprise_id in session.exec(stmt):
            homes[user_id] = (cast(str, team_id), enterprise_id)  # the last fetched wins
    return homes


def summary_subscribers(session: Session) -> list[UserPrefs]:
    return list(session.exec(select(UserPrefs).where(col(UserPrefs.weekly_summary).is_(True))))


def sitting_actions(session: Session, meeting_id: int, occurrence: datetime) -> list[Action]:
    """The actions captured at one meeting occurrence, in the order they were taken."""
    return list(
        session.exec(
            select(Action)
            .where(Action.meeting_id == meeting_id, Action.meeting_at == occurrence, Action.status != "deleted")
            .order_by(col(Action.number))
        )
    )


def sharing_teams(session: Session, mission_id: int) -> list[str]:
    """The workspaces other than the owner's whose requests came from the mission's channel."""
    return list(session.exec(select(MissionTeam.team_id).where(MissionTeam.mission_id == mission_id)))


def forget_forms(session: Session, *, before: datetime) -> None:
    session.exec(delete(OpenForm).where(col(OpenForm.opened_at) < before))
