"""Minutes the client approves: name a meeting's validator, submit a sitting's minutes to them (a DM with two
buttons, through the outbox), record their answer, and make a new version when a decision changes after.
Every step is audited (entity "minutes") and asks the minutes' canvas to show it."""

from __future__ import annotations

from datetime import date, datetime

from bot.approvals import rules
from bot.approvals.blocks import approval_request, outcome
from bot.approvals.values import Approval, Submission
from bot.clock import Clock
from bot.errors import NotFound, Refused, UserError
from bot.meetings.occurrences import around, held_sitting
from bot.meetings.schedule import recorded
from bot.outbox import plan_message
from bot.permissions import may_approve_minutes, may_ask_approval
from bot.reach import Reach, check_reach
from bot.refresh.plan import write_minutes
from bot.slacktext import is_user
from storage.approvals import MinutesApproval, approval_of
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Meeting, Mission, id_of
from storage.planning import meeting_by_number, sitting_decisions
from storage.queries import record_audit, sitting_actions

ASKED, ANSWERED = "minutes.approval", "minutes.answered"  # the outbox kinds: the validator's DM, the answer's


def snapshot(row: MinutesApproval) -> Approval:
    return Approval(
        id_of(row),
        row.version,
        row.state,
        row.validator_id,
        row.submitted_by,
        row.submitted_at,
        row.decided_by,
        row.decided_at,
        row.comment,
    )


def approval_state(session: Session, meeting: Meeting, occurrence: datetime) -> Approval | None:
    """Where a sitting's approval stands; None while never submitted."""
    row = approval_of(session, id_of(meeting), occurrence)
    return snapshot(row) if row is not None else None


def audited(session: Session, mission: Mission, row: MinutesApproval, *, actor: str, verb: str, now: datetime) -> int:
    """One step of the minutes' approval, in the audit trail; the id of its entry (it keys the notices)."""
    entry = record_audit(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="minutes",
        entity_id=id_of(row),
        actor=actor,
        verb=verb,
        at=now,
        meeting=row.meeting_id,
        sitting=row.occurrence_at.isoformat(),
        version=row.version,
        state=row.state,
        validator=row.validator_id,
        comment=row.comment if verb == "ask_changes" else None,
    )
    return id_of(entry)


def revise(
    session: Session, mission: Mission, meeting: Meeting, occurrence: datetime, *, actor: str, now: datetime
) -> None:
    """A decision of the sitting changed (in the caller's transaction): once submitted, the minutes are a new
    version, a draft again, to be submitted (and approved) again."""
    row = approval_of(session, id_of(meeting), occurrence)
    if row is None:
        return
    state, new_version = rules.revised(row.state)
    if not new_version:
        return
    row.state, row.version, row.updated_at = state, row.version + 1, now
    audited(session, mission, row, actor=actor, verb="new_version", now=now)


def _submission(session: Session, mission: Mission, meeting: Meeting, row: MinutesApproval) -> Submission:
    """What the validator reads of the sitting: its decisions now, and the actions captured at it."""
    occ = next((o for o in around(session, meeting, row.occurrence_at) if o.original == row.occurrence_at), None)
    meeting_id = id_of(meeting)
    return Submission(
        snapshot(row),
        meeting.title,
        occ.start if occ else row.occurrence_at,
        mission.channel_id,
        tuple(d.text for d in sitting_decisions(session, meeting_id, row.occurrence_at)),
        len(sitting_actions(session, meeting_id, row.occurrence_at)),
    )


class Approvals:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def name_validator(self, mission: Mission, number: int, *, actor: str, validator: str | None) -> Meeting:
        """Who approves the meeting's minutes for the client (None: nobody, submitting is refused)."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            meeting = self._meeting(session, mission, number, actor)
            before, meeting.validator_id, meeting.updated_at = meeting.validator_id, validator, now
            recorded(session, mission, meeting, now, actor=actor, verb="validator", before=before, after=validator)
            return meeting

    def submit(self, mission: Mission, number: int, *, actor: str, on: date | None, request: str) -> Submission:
        """Submit the sitting's minutes (the one on `on`, else the latest held) to the meeting's validator: the
        canvas is written, and the validator gets a DM with [Approve] and [Ask for a change]."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            meeting = self._meeting(session, mission, number, actor)
            if not meeting.validator_id:
                raise UserError("approval.no_validator", number=number)
            occ = held_sitting(session, meeting, now, on)
            row = approval_of(session, id_of(meeting), occ.original)
            if row is None:
                row = MinutesApproval(
                    team_id=mission.team_id,
                    mission_id=id_of(mission),
                    meeting_id=id_of(meeting),
                    occurrence_at=occ.original,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
            row.state = rules.submitted(row.state)
            row.validator_id, row.submitted_by, row.submitted_at = meeting.validator_id, actor, now
            row.decided_by = row.decided_at = row.comment = None
            row.updated_at = now
            session.flush()
            entry = audited(session, mission, row, actor=actor, verb="submit", now=now)
            write_minutes(session, mission, id_of(meeting), occ.original, now)
            sub = _submission(session, mission, meeting, row)
            plan_message(
                session,
                mission,
                meeting.validator_id,
                key=f"approval:{row.id}:asked:{entry}:{request}",
                kind=ASKED,
                render=lambda ctx: approval_request(sub, ctx),
                now=now,
            )
            return sub

    def reach(self, reach: Reach, approval_id: int) -> Mission:
        """The mission of the minutes a button names, if the request reaches them (from a DM: as the person
        they were submitted to): else "gone"."""
        with read_scope(self.engine) as session:
            row = session.get(MinutesApproval, approval_id)
            gone = NotFound("approval.gone")
            if row is None:
                raise gone
            mission = session.get(Mission, row.mission_id)
            return check_reach(session, reach, mission, concerned=[row.validator_id], gone=gone)

    def shown(self, mission: Mission, approval_id: int) -> Submission:
        """The minutes as they stand, for the validator's DM after a refusal (nothing changes)."""
        with read_scope(self.engine) as session:
            row, meeting = self._row(session, mission, approval_id)
            return _submission(session, mission, meeting, row)

    def decide(
        self,
        mission: Mission,
        approval_id: int,
        *,
        actor: str,
        version: int,
        approve: bool,
        comment: str | None = None,
    ) -> Submission:
        """The validator's answer to the version their DM showed: approved, or a change asked (with a comment
        for whoever submitted, told by DM). Only the validator the minutes went to may answer."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row, meeting = self._row(session, mission, approval_id)
            if not may_approve_minutes(actor, validator=row.validator_id):
                raise Refused("approval.refused", who=row.validator_id or "")
            row.state = rules.decided(row.state, row.version, clicked=version, approve=approve)
            row.decided_by, row.decided_at, row.updated_at = actor, now, now
            row.comment = None if approve else " ".join((comment or "").split())[:1000] or None
            session.flush()
            entry = audited(session, mission, row, actor=actor, verb="approve" if approve else "ask_changes", now=now)
            write_minutes(session, mission, id_of(meeting), row.occurrence_at, now)
            sub = _submission(session, mission, meeting, row)
            told = row.submitted_by
            if told and is_user(told) and told != actor:
                plan_message(
                    session,
                    mission,
                    told,
                    key=f"approval:{row.id}:{row.state}:{entry}",
                    kind=ANSWERED,
                    render=lambda ctx: outcome(sub, ctx),
                    now=now,
                )
            return sub

    @staticmethod
    def _row(session: Session, mission: Mission, approval_id: int) -> tuple[MinutesApproval, Meeting]:
        row = session.get(MinutesApproval, approval_id)
        meeting = session.get(Meeting, row.meeting_id) if row is not None else None
        if row is None or meeting is None or row.mission_id != mission.id or meeting.status != "active":
            raise NotFound("approval.gone")
        return row, meeting

    @staticmethod
    def _meeting(session: Session, mission: Mission, number: int, actor: str) -> Meeting:
        meeting = meeting_by_number(session, id_of(mission), number)
        if meeting is None:
            raise NotFound("meeting.not_found", number=number)
        if not may_ask_approval(actor, director=mission.director_id, organiser=meeting.organiser_id):
            raise Refused("meeting.refused", number=number)
        return meeting
