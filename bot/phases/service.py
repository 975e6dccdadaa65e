"""Consultation phases and their milestones; every change re-plans the milestone alerts through the
notification core, in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import NotFound, Refused, UserError
from bot.outbox import Announce, apply_plan, recipients
from bot.permissions import may_change_milestone, may_change_plan
from bot.phases.grammar import AddMilestone, AddPhase, EditMilestone
from bot.phases.rules import Audience, boundary, parse_days, plan_milestone
from bot.phases.values import PhaseChange, Plan
from bot.reach import Reach, check_reach
from bot.refresh.plan import touch
from bot.worktime import work_week
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Milestone, Mission, Phase, id_of
from storage.planning import active_phases, milestone_by_number, milestones, phase_by_number
from storage.queries import record_audit, take_number


def sync_milestone(session: Session, milestone: Milestone, mission: Mission, now: datetime) -> None:
    planned = []
    if milestone.status == "open":
        people = [p for p in (milestone.owner_id, mission.director_id) if p]
        zones: dict[str | None, ZoneInfo] = {  # looked up by an owner or a director who may be None
            r.user_id: r.tz for r in recipients(session, mission.team_id, people, mission.timezone)
        }
        audience = Audience(
            mission.channel_id,
            ZoneInfo(mission.timezone),
            milestone.owner_id,
            zones.get(milestone.owner_id),
            mission.director_id,
            zones.get(mission.director_id),
        )
        planned = plan_milestone(
            id_of(milestone), milestone.due_on, parse_days(mission.alert_days), audience, work_week(mission)
        )
    apply_plan(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="milestone",
        entity_id=id_of(milestone),
        planned=planned,
        now=now,
    )


def plan_of(session: Session, mission_id: int) -> Plan:
    """The mission's phases with their milestones, and the milestones outside any phase."""
    phases, marks = active_phases(session, mission_id), milestones(session, mission_id)
    by_phase = {p.id: [m for m in marks if m.phase_id == p.id] for p in phases}
    return Plan([(p, by_phase[p.id]) for p in phases], [m for m in marks if m.phase_id not in by_phase])


def create_phase(
    session: Session,
    mission: Mission,
    *,
    actor: str,
    name: str,
    start: date,
    end: date,
    now: datetime,
    plan_key: str | None = None,
) -> Phase:
    phase = Phase(
        team_id=mission.team_id,
        mission_id=id_of(mission),
        name=name,
        starts_on=start,
        ends_on=end,
        created_by=actor,
        created_at=now,
        updated_at=now,
        plan_key=plan_key,
        number=take_number(session, id_of(mission), Mission.next_phase_number),
    )
    session.add(phase)
    session.flush()
    touch(session, mission, now)
    record_audit(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="phase",
        entity_id=id_of(phase),
        actor=actor,
        verb="create",
        at=now,
        name=name,
        start=start,
        end=end,
    )
    return phase


def create_milestone(
    session: Session,
    mission: Mission,
    *,
    actor: str,
    name: str,
    due: date,
    phase: Phase | None,
    owner: str | None,
    now: datetime,
    plan_key: str | None = None,
    anchor: str = "start",
) -> Milestone:
    """A milestone, alerts planned; inside a phase it keeps its distance to the phase's start (or end)."""
    milestone = Milestone(
        team_id=mission.team_id,
        mission_id=id_of(mission),
        name=name,
        due_on=due,
        phase_id=phase.id if phase else None,
        offset_days=(due - boundary(phase.starts_on, phase.ends_on, anchor)).days if phase else None,
        anchor=anchor,
        owner_id=owner,
        created_by=actor,
        created_at=now,
        updated_at=now,
        plan_key=plan_key,
        number=take_number(session, id_of(mission), Mission.next_milestone_number),
    )
    session.add(milestone)
    session.flush()
    sync_milestone(session, milestone, mission, now)
    touch(session, mission, now)
    record_audit(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="milestone",
        entity_id=id_of(milestone),
        actor=actor,
        verb="create",
        at=now,
        name=name,
        due=due,
    )
    return milestone


class Phases:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def add(self, mission: Mission, *, actor: str, cmd: AddPhase, announce: Announce[Phase] | None = None) -> Phase:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            self.check_planner(mission, actor)
            phase = create_phase(
                session, mission, actor=actor, name=cmd.name, start=cmd.starts_on, end=cmd.ends_on, now=now
            )
            if announce:
                announce.plan(session, mission, phase, now)
            return phase

    def add_milestone(
        self,
        mission: Mission,
        *,
        actor: str,
        cmd: AddMilestone,
        announce: Announce[tuple[Milestone, Phase | None]] | None = None,
    ) -> tuple[Milestone, Phase | None]:
        now = self.clock.now()
        if cmd.due_on < now.astimezone(ZoneInfo(mission.timezone)).date():
            raise UserError("phase.past")
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            self.check_planner(mission, actor)
            phase = self._phase(session, mission, cmd.phase) if cmd.phase is not None else None
            milestone = create_milestone(
                session, mission, actor=actor, name=cmd.name, due=cmd.due_on, phase=phase, owner=cmd.owner, now=now
            )
            if announce:
                announce.plan(session, mission, (milestone, phase), now)
            return milestone, phase

    def milestone(
        self, mission: Mission, number: int, *, actor: str, verb: str, announce: Announce[Milestone] | None = None
    ) -> Milestone:
        """done, reopen or delete a milestone: its owner, its creator or the project director."""

        def apply(milestone: Milestone, session: Session, now: datetime) -> dict[str, object]:
            milestone.status = {"done": "done", "reopen": "open", "delete": "deleted"}[verb]
            milestone.done_at, milestone.done_by = (now, actor) if verb == "done" else (None, None)
            return {}

        return self._change_milestone(mission, number, actor=actor, verb=verb, apply=apply, announce=announce)

    def edit_milestone(
        self, mission: Mission, cmd: EditMilestone, *, actor: str, announce: Announce[Milestone] | None = None
    ) -> Milestone:
        """Hand a milestone to someone, rename or re-date it (its owner, its creator or the director); its
        alerts follow, and a milestone inside a phase keeps its new distance to it."""

        def apply(milestone: Milestone, session: Session, _now: datetime) -> dict[str, object]:
            if milestone.status == "deleted":
                raise NotFound("phase.milestone_not_found", number=cmd.number)
            before = {"owner": milestone.owner_id, "name": milestone.name, "due": milestone.due_on}
            milestone.owner_id = cmd.owner or milestone.owner_id
            milestone.name = cmd.name or milestone.name
            if cmd.due_on is not None:
                milestone.due_on = cmd.due_on
                phase = session.get(Phase, milestone.phase_id) if milestone.phase_id else None
                anchor = boundary(phase.starts_on, phase.ends_on, milestone.anchor) if phase else None
                milestone.offset_days = (cmd.due_on - anchor).days if anchor else None
            return {"before": before}

        verb = "assign" if cmd.owner else "edit"
        return self._change_milestone(mission, cmd.number, actor=actor, verb=verb, apply=apply, announce=announce)

    def _change_milestone(
        self,
        mission: Mission,
        number: int,
        *,
        actor: str,
        verb: str,
        apply: Callable[[Milestone, Session, datetime], dict[str, object]],
        announce: Announce[Milestone] | None,
    ) -> Milestone:
        """Every change to one milestone: if `actor` may (its owner, its creator or the director), `apply`
        it; its alerts re-planned, the canvas told, the change audited and announced, in one transaction."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            milestone = milestone_by_number(session, id_of(mission), number)
            if milestone is None:
                raise NotFound("phase.milestone_not_found", number=number)
            if not may_change_milestone(
                actor, director=mission.director_id, owner=milestone.owner_id, creator=milestone.created_by
            ):
                raise Refused("phase.milestone_refused", number=number)
            detail = apply(milestone, session, now)
            milestone.updated_at = now
            session.flush()
            sync_milestone(session, milestone, mission, now)
            touch(session, mission, now)
            record_audit(
                session,
                team_id=mission.team_id,
                mission_id=mission.id,
                entity="milestone",
                entity_id=id_of(milestone),
                actor=actor,
                verb=verb,
                at=now,
                **detail,
            )
            if announce:
                announce.plan(session, mission, milestone, now)
            return milestone

    def reach_milestone(self, reach: Reach, milestone_id: int) -> tuple[Mission, Milestone]:
        """The milestone a button names and its mission, if the request reaches it (from its channel; from
        a DM, as its owner, its creator or the director): else "gone"."""
        with read_scope(self.engine) as session:
            milestone = session.get(Milestone, milestone_id)
            if milestone is None or milestone.status == "deleted":
                raise NotFound("phase.milestone_gone")
            mission = session.get_one(Mission, milestone.mission_id)
            concerned = [milestone.owner_id, milestone.created_by, mission.director_id]
            gone = NotFound("phase.milestone_gone")
            return check_reach(session, reach, mission, concerned=concerned, gone=gone), milestone

    def change(
        self,
        mission: Mission,
        number: int,
        *,
        actor: str,
        name: str | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
        keep_length: bool = False,
        delete: bool = False,
        announce: Announce[PhaseChange] | None = None,
    ) -> PhaseChange:
        """Rename, move (`keep_length`), change a date, or delete a phase; the milestones inside it follow
        the boundary they are set from (its start, or its end), and their alerts with them."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            self.check_planner(mission, actor)
            phase = self._phase(session, mission, number)
            before = {"name": phase.name, "start": phase.starts_on, "end": phase.ends_on}
            if name:
                phase.name = name
            if starts_on is not None:
                if keep_length:
                    phase.ends_on += starts_on - phase.starts_on
                phase.starts_on = starts_on
            if ends_on is not None:
                phase.ends_on = ends_on
            if phase.ends_on < phase.starts_on:
                raise UserError("phase.end_before_start")
            if delete:
                phase.status = "deleted"
            phase.updated_at = now
            moved = []
            for milestone in milestones(session, id_of(mission), phase_id=phase.id):
                was = milestone.due_on
                if delete:
                    milestone.status = "deleted"
                elif milestone.offset_days is not None:
                    anchor = boundary(phase.starts_on, phase.ends_on, milestone.anchor)
                    milestone.due_on = anchor + timedelta(days=milestone.offset_days)
                if milestone.due_on != was and milestone.status == "open":
                    moved.append((milestone, was))
                milestone.updated_at = now
                session.flush()
                sync_milestone(session, milestone, mission, now)
            touch(session, mission, now)
            record_audit(
                session,
                team_id=mission.team_id,
                mission_id=mission.id,
                entity="phase",
                entity_id=id_of(phase),
                actor=actor,
                verb="delete" if delete else "edit",
                at=now,
                before=before,
            )
            change = PhaseChange(phase, moved)
            if announce:
                announce.plan(session, mission, change, now)
            return change

    def plan(self, mission: Mission) -> Plan:
        with read_scope(self.engine) as session:
            return plan_of(session, id_of(mission))

    def set_alert_days(self, mission: Mission, *, actor: str, days: str) -> int:
        """Change when milestone alerts go out (days before); re-plans every open milestone's alerts."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            self.check_planner(mission, actor)
            mission = session.get_one(Mission, mission.id)
            mission.alert_days, mission.updated_at = days, now
            open_ones = milestones(session, id_of(mission), status="open")
            for milestone in open_ones:
                sync_milestone(session, milestone, mission, now)
            record_audit(
                session,
                team_id=mission.team_id,
                mission_id=mission.id,
                entity="mission",
                entity_id=id_of(mission),
                actor=actor,
                verb="alerts",
                at=now,
                days=days,
            )
            return len(open_ones)

    def link_choices(self, mission: Mission) -> list[tuple[str, str]]:
        """What an action may be for: the mission's phases and open milestones, as (value, label)."""
        plan = self.plan(mission)
        choices = []
        for phase, marks in plan.phases:
            choices.append((f"phase:{phase.id}", f"{phase.number}. {phase.name}"))
            choices += [(f"milestone:{m.id}", f"M{m.number} {m.name}") for m in marks if m.status == "open"]
        choices += [(f"milestone:{m.id}", f"M{m.number} {m.name}") for m in plan.loose if m.status == "open"]
        return choices

    @staticmethod
    def check_planner(mission: Mission, actor: str) -> None:
        """Raise Refused unless `actor` may change the mission plan (the director, once named)."""
        if not may_change_plan(actor, director=mission.director_id):
            raise Refused("phase.refused", director=mission.director_id)

    @staticmethod
    def _phase(session: Session, mission: Mission, number: int) -> Phase:
        phase = phase_by_number(session, id_of(mission), number)
        if phase is None:
            raise NotFound("phase.not_found", number=number)
        return phase
