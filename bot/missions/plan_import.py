"""Importing a mission plan: everything it describes is created or updated in one transaction, matched
by its plan key, so re-importing an edited plan changes things in place and never duplicates them."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.meetings.blocks import imported_holidays
from bot.meetings.schedule import create_meeting, describe, holiday_notes, sync_meeting
from bot.missions.plan_file import MeetingSpec, MilestoneSpec, PhaseSpec, PlanSpec
from bot.missions.replan import replan_mission
from bot.outbox import ANNOUNCEMENT, plan_message
from bot.phases.rules import boundary
from bot.phases.service import create_milestone, create_phase, sync_milestone
from bot.refresh.plan import touch
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Meeting, Milestone, Mission, Phase, id_of
from storage.planning import by_plan_key, milestones
from storage.queries import record_audit


class Plans:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def left_out(self, mission: Mission, plan: PlanSpec) -> list[str]:
        """What an earlier import created that this plan no longer has, e.g. "meeting 'cotech-3' (COTECH 3)"."""
        with read_scope(self.engine) as session:
            return [f"{kind} '{row.plan_key}' ({_name(row)})" for kind, row in _gone(session, mission, plan)]

    def import_plan(self, mission: Mission, plan: PlanSpec, *, actor: str, prune: bool = False) -> Counter[str]:
        """Counts of what was created, updated and (with `prune`, only then) removed, e.g.
        {"phases created": 4, "meetings updated": 2, "meetings removed": 1}."""
        now = self.clock.now()
        done: Counter[str] = Counter()
        with session_scope(self.engine) as session:
            mission = session.get_one(Mission, mission.id)
            if prune:
                for kind, row in _gone(session, mission, plan):
                    _remove(session, mission, row, now)
                    done[f"{kind}s removed"] += 1
            if plan.holidays is not None and plan.holidays != (mission.holiday_country, mission.holiday_subdivision):
                mission.holiday_country, mission.holiday_subdivision = plan.holidays
                session.flush()
                replan_mission(session, mission, now)  # every reminder keeps to working days
                done["holidays set"] += 1
            phases = _import_phases(session, mission, plan.phases, actor=actor, now=now, done=done)
            session.flush()
            _import_milestones(session, mission, plan.milestones, phases, actor=actor, now=now, done=done)
            _import_meetings(session, mission, plan.meetings, actor=actor, now=now, done=done)
            touch(session, mission, now)
            record_audit(
                session,
                team_id=mission.team_id,
                mission_id=mission.id,
                entity="mission",
                entity_id=id_of(mission),
                actor=actor,
                verb="plan",
                at=now,
                **dict(done),
            )
        return done


def _import_phases(
    session: Session, mission: Mission, specs: list[PhaseSpec], *, actor: str, now: datetime, done: Counter[str]
) -> dict[str, Phase]:
    """The mission's phases by plan key, those of the plan created, revived or updated."""
    phases = by_plan_key(session, Phase, id_of(mission))
    for spec in specs:
        phase = phases.get(spec.key)
        if phase is None or phase.status != "active":
            phases[spec.key] = (
                create_phase(
                    session,
                    mission,
                    actor=actor,
                    name=spec.name,
                    start=spec.start,
                    end=spec.end,
                    now=now,
                    plan_key=spec.key,
                )
                if phase is None
                else _revive(phase, spec, now)
            )
            done["phases created"] += 1
        elif (phase.name, phase.starts_on, phase.ends_on) != (spec.name, spec.start, spec.end):
            phase.name, phase.starts_on, phase.ends_on, phase.updated_at = spec.name, spec.start, spec.end, now
            done["phases updated"] += 1
    return phases


def _revive(phase: Phase, spec: PhaseSpec, now: datetime) -> Phase:
    phase.status, phase.name, phase.starts_on, phase.ends_on, phase.updated_at = (
        "active",
        spec.name,
        spec.start,
        spec.end,
        now,
    )
    return phase


def _import_milestones(
    session: Session,
    mission: Mission,
    specs: list[MilestoneSpec],
    phases: dict[str, Phase],
    *,
    actor: str,
    now: datetime,
    done: Counter[str],
) -> None:
    existing = by_plan_key(session, Milestone, id_of(mission))
    for spec in specs:
        phase = phases.get(spec.phase) if spec.phase else None
        milestone = existing.get(spec.key)
        if milestone is None:
            create_milestone(
                session,
                mission,
                actor=actor,
                name=spec.name,
                due=spec.due,
                phase=phase,
                owner=spec.owner,
                now=now,
                plan_key=spec.key,
                anchor=spec.anchor,
            )
            done["milestones created"] += 1
            continue
        wanted = (spec.name, spec.due, phase.id if phase else None, spec.owner, spec.anchor)
        if milestone.status == "deleted":  # pruned once, back in the plan
            milestone.status = "open"
            milestone.name = ""
        if (milestone.name, milestone.due_on, milestone.phase_id, milestone.owner_id, milestone.anchor) != wanted:
            milestone.name, milestone.due_on, milestone.phase_id, milestone.owner_id, milestone.anchor = wanted
            anchor = boundary(phase.starts_on, phase.ends_on, spec.anchor) if phase else None
            milestone.offset_days = (spec.due - anchor).days if anchor else None
            milestone.updated_at = now
            session.flush()
            sync_milestone(session, milestone, mission, now)
            done["milestones updated"] += 1


def _import_meetings(
    session: Session, mission: Mission, specs: list[MeetingSpec], *, actor: str, now: datetime, done: Counter[str]
) -> None:
    existing = by_plan_key(session, Meeting, id_of(mission))
    tz = ZoneInfo(mission.timezone)
    created = []
    for spec in specs:
        meeting = existing.get(spec.key)
        if meeting is None:
            created.append(
                create_meeting(session, mission, organiser=actor, cmd=spec.meeting, now=now, plan_key=spec.key)
            )
            done["meetings created"] += 1
            continue
        if meeting.status == "deleted":  # pruned once, back in the plan
            meeting.status, meeting.title = "active", ""
        before = (
            meeting.kind,
            meeting.title,
            meeting.rrule,
            meeting.starts_local,
            meeting.duration_minutes,
            meeting.location,
            meeting.attendees,
        )
        describe(meeting, spec.meeting, tz, now, allow_past=True)
        after = (
            meeting.kind,
            meeting.title,
            meeting.rrule,
            meeting.starts_local,
            meeting.duration_minutes,
            meeting.location,
            meeting.attendees,
        )
        if after != before:
            meeting.sequence += 1
            meeting.updated_at = now
            session.flush()
            sync_meeting(session, meeting, mission, now)
            done["meetings updated"] += 1
    _tell_holidays(session, mission, created, now)


def _tell_holidays(session: Session, mission: Mission, created: list[Meeting], now: datetime) -> None:
    """The channel is told once which sittings of the series a plan created public holidays skip or move."""
    notes = [(m, notes) for m in created if m.rrule and (notes := holiday_notes(session, m, mission, now))]
    if notes:
        key = f"plan-holidays:{mission.id}:{now.isoformat()}"
        render = partial(imported_holidays, notes)
        plan_message(session, mission, mission.channel_id, key=key, kind=ANNOUNCEMENT, render=render, now=now)


_KINDS = (("phase", Phase, "phases"), ("milestone", Milestone, "milestones"), ("meeting", Meeting, "meetings"))


def _name(row: Phase | Milestone | Meeting) -> str:
    return row.title if isinstance(row, Meeting) else row.name


def _gone(session: Session, mission: Mission, plan: PlanSpec) -> list[tuple[str, Phase | Milestone | Meeting]]:
    """Entries an import created, still live, whose key the plan no longer has."""
    found = []
    for kind, model, field in _KINDS:
        keys = {spec.key for spec in getattr(plan, field)}
        found += [
            (kind, row)
            for key, row in sorted(by_plan_key(session, model, id_of(mission)).items())
            if key not in keys and row.status != "deleted"
        ]
    return found


def _remove(session: Session, mission: Mission, row: Phase | Milestone | Meeting, now: datetime) -> None:
    """Delete an entry the plan dropped, and withdraw what it had planned (what is due stays due)."""
    row.status, row.updated_at = "deleted", now
    if isinstance(row, Phase):
        for milestone in milestones(session, id_of(mission), phase_id=row.id):
            milestone.phase_id, milestone.offset_days = None, None  # kept, on their own date
    elif isinstance(row, Meeting):
        row.sequence += 1
    session.flush()
    if isinstance(row, Milestone):
        sync_milestone(session, row, mission, now)
    elif isinstance(row, Meeting):
        sync_meeting(session, row, mission, now)
