"""Importing a mission plan: everything it describes is created or updated in one transaction, matched
by its plan key, so re-importing an edited plan changes things in place and never duplicates them."""
from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from bot.canvas.refresh import touch
from bot.clock import Clock
from bot.meetings.service import create_meeting, describe, sync_meeting
from bot.missions.plan_file import PlanSpec
from bot.phases.service import create_milestone, create_phase, sync_milestone
from storage.db import Engine, session_scope
from storage.models import Meeting, Milestone, Mission, Phase
from storage.planning import by_plan_key
from storage.queries import record_audit


class Plans:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def import_plan(self, mission: Mission, plan: PlanSpec, *, actor: str) -> Counter:
        """Counts of what was created and updated, e.g. {"phases created": 4, "meetings updated": 2}."""
        now = self.clock.now()
        done: Counter = Counter()
        with session_scope(self.engine) as session:
            mission = session.get(Mission, mission.id)
            phases = by_plan_key(session, Phase, mission.id)
            for spec in plan.phases:
                phase = phases.get(spec.key)
                if phase is None or phase.status != "active":
                    phases[spec.key] = create_phase(session, mission, actor=actor, name=spec.name, start=spec.start,
                                                    end=spec.end, now=now, plan_key=spec.key) if phase is None \
                        else self._revive(phase, spec, now)
                    done["phases created"] += 1
                elif (phase.name, phase.starts_on, phase.ends_on) != (spec.name, spec.start, spec.end):
                    phase.name, phase.starts_on, phase.ends_on, phase.updated_at = spec.name, spec.start, spec.end, now
                    done["phases updated"] += 1
            session.flush()
            milestones = by_plan_key(session, Milestone, mission.id)
            for spec in plan.milestones:
                phase = phases.get(spec.phase) if spec.phase else None
                milestone = milestones.get(spec.key)
                if milestone is None:
                    create_milestone(session, mission, actor=actor, name=spec.name, due=spec.due, phase=phase,
                                     owner=spec.owner, now=now, plan_key=spec.key)
                    done["milestones created"] += 1
                    continue
                wanted = (spec.name, spec.due, phase.id if phase else None, spec.owner)
                if (milestone.name, milestone.due_on, milestone.phase_id, milestone.owner_id) != wanted:
                    milestone.name, milestone.due_on, milestone.phase_id, milestone.owner_id = wanted
                    milestone.offset_days = (spec.due - phase.starts_on).days if phase else None
                    milestone.updated_at = now
                    session.flush()
                    sync_milestone(session, milestone, mission, now)
                    done["milestones updated"] += 1
            meetings = by_plan_key(session, Meeting, mission.id)
            tz = ZoneInfo(mission.timezone)
            for spec in plan.meetings:
                meeting = meetings.get(spec.key)
                if meeting is None:
                    create_meeting(session, mission, organiser=actor, cmd=spec.meeting, now=now, plan_key=spec.key)
                    done["meetings created"] += 1
                    continue
                before = (meeting.kind, meeting.title, meeting.rrule, meeting.starts_local, meeting.duration_minutes,
                          meeting.location, meeting.attendees)
                describe(meeting, spec.meeting, tz, now, allow_past=True)
                after = (meeting.kind, meeting.title, meeting.rrule, meeting.starts_local, meeting.duration_minutes,
                         meeting.location, meeting.attendees)
                if after != before:
                    meeting.sequence += 1
                    meeting.updated_at = now
                    session.flush()
                    sync_meeting(session, meeting, mission, now)
                    done["meetings updated"] += 1
            touch(session, mission, now)
            record_audit(session, team_id=mission.team_id, mission_id=mission.id, entity="mission",
                         entity_id=mission.id, actor=actor, verb="plan", at=now, **dict(done))
        return done

    @staticmethod
    def _revive(phase: Phase, spec, now) -> Phase:
        phase.status, phase.name, phase.starts_on, phase.ends_on, phase.updated_at = (
            "active", spec.name, spec.start, spec.end, now)
        return phase
