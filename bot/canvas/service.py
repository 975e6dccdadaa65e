"""Canvases: what the mission canvas and a sitting's minutes show, read through storage; publishing
minutes; the morning refresh. Every write itself goes through the outbox (see bot.refresh.plan)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.values import ActionView, view_of
from bot.approvals.service import approval_state
from bot.canvas.values import AHEAD, Minutes, MissionPicture, Sitting
from bot.clock import Clock
from bot.errors import NotFound, Refused
from bot.meetings.occurrences import around, held_sitting, next_occurrence, upcoming
from bot.missions.bookmarks import canvas_got_its_id
from bot.outbox import plan_message
from bot.people.marks import marks
from bot.permissions import may_change_meeting
from bot.phases.service import plan_of
from bot.recurrence import Occurrence
from bot.refresh.plan import plan_mornings, write_minutes
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Action, Canvas, Meeting, Mission, id_of
from storage.planning import (
    active_meetings,
    agenda,
    decisions,
    decisions_of_mission,
    meeting_by_number,
    meetings_of_mission,
    sitting_decisions,
)
from storage.queries import open_actions_of_mission, owners_of, sitting_actions


def mission_picture(session: Session, mission: Mission, now: datetime) -> MissionPicture:
    mission_id = id_of(mission)
    sittings = []
    for meeting in active_meetings(session, [mission_id]):
        soon = upcoming(session, meeting, now, now + AHEAD)[:2]  # a meeting further off: its next sitting
        for occ in soon or [o for o in [next_occurrence(session, meeting, now)] if o is not None]:
            sittings.append(Sitting(meeting, occ, agenda(session, id_of(meeting), occ.original)))
    sittings.sort(key=lambda s: (s.occurrence.start, s.meeting.number))
    actions = _views(session, open_actions_of_mission(session, mission_id))
    owners = sorted({o for a in actions for o in a.owners})
    return MissionPicture(
        mission,
        plan_of(session, mission_id),
        sittings,
        actions,
        decisions(session, mission_id, None, 10),
        marks(session, mission.team_id, owners, now.astimezone(ZoneInfo(mission.timezone)).date()),
    )


def minutes_of(session: Session, mission: Mission, meeting: Meeting, original: datetime) -> Minutes | None:
    """A sitting's minutes, or None when the occurrence was cancelled or the meeting deleted."""
    if meeting.status != "active":
        return None
    occ = next((o for o in around(session, meeting, original) if o.original == original), None)
    return _minutes(session, mission, meeting, occ) if occ is not None else None


def _minutes(session: Session, mission: Mission, meeting: Meeting, occ: Occurrence) -> Minutes:
    meeting_id = id_of(meeting)
    later = [o for o in upcoming(session, meeting, occ.end + timedelta(seconds=1)) if o.start > occ.start]
    return Minutes(
        mission,
        Sitting(meeting, occ, agenda(session, meeting_id, occ.original)),
        sitting_decisions(session, meeting_id, occ.original),
        _views(session, sitting_actions(session, meeting_id, occ.original)),
        later[0] if later else None,
        meeting.validator_id,
        approval_state(session, meeting, occ.original),
    )


def _views(session: Session, actions: list[Action]) -> list[ActionView]:
    owners = owners_of(session, [id_of(a) for a in actions])
    return [view_of(a, owners[id_of(a)]) for a in actions]


NOTICE = "canvas.notice"  # the channel told where its canvas is, or that it has none


def record_write(
    session: Session,
    canvas: Canvas,
    *,
    canvas_id: str | None,
    placement: str,
    content_hash: str | None,
    title: str,
    now: datetime,
    notice: str | None = None,
) -> None:
    """What became of a write: Slack's id and where the canvas lives, and what it now shows, under which title.
    A mission canvas new to Slack (or made again) gets its bookmark in the channel; a `notice` for the channel
    (a canvas of its own, and its link; or why there is none) is planned in the outbox, once per placement."""
    mission = session.get_one(Mission, canvas.mission_id)
    if canvas.meeting_id is None and canvas_id is not None and canvas_id != canvas.canvas_id:
        canvas_got_its_id(session, mission, now)
    if notice is not None:
        key = f"canvas:{id_of(canvas)}:{placement}"  # (a canvas made again is re-pointed by its bookmark)
        plan_message(
            session, mission, mission.channel_id, key=key, kind=NOTICE, render=lambda _ctx: {"text": notice}, now=now
        )
    canvas.canvas_id, canvas.placement, canvas.updated_at = canvas_id, placement, now
    if content_hash is not None:
        canvas.content_hash, canvas.title, canvas.written_at = content_hash, title, now


class Canvases:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def publish_minutes(self, mission: Mission, number: int, *, actor: str, on: date | None = None) -> Minutes:
        """Publish (or refresh) a sitting's minutes as a canvas shared in the channel, through the outbox."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            meeting, occ = self._sitting(session, mission, number, actor, on)
            write_minutes(session, mission, id_of(meeting), occ.original, now)
            return _minutes(session, mission, meeting, occ)

    def minutes(self, mission: Mission, number: int, *, actor: str, on: date | None = None) -> Minutes:
        with read_scope(self.engine) as session:
            meeting, occ = self._sitting(session, mission, number, actor, on)
            return _minutes(session, mission, meeting, occ)

    def every_minutes(self, mission: Mission) -> list[Minutes]:
        """The minutes of every sitting that recorded a decision, oldest first: what closing a mission
        exports (the operator's: no one's permission is asked)."""
        now = self.clock.now()
        with read_scope(self.engine) as session:
            recorded = {(d.meeting_id, d.occurrence_at) for d in decisions_of_mission(session, id_of(mission))}
            found = [
                _minutes(session, mission, meeting, occ)
                for meeting in meetings_of_mission(session, id_of(mission)).values()
                for occ in around(session, meeting, now)
                if (meeting.id, occ.original) in recorded
            ]
        return sorted(found, key=lambda m: m.sitting.occurrence.start)

    def resync_all(self) -> int:
        """Plan tomorrow morning's refresh of every mission canvas (the clock runs this hourly)."""
        with session_scope(self.engine) as session:
            return plan_mornings(session, self.clock.now())

    def _sitting(
        self, session: Session, mission: Mission, number: int, actor: str, on: date | None
    ) -> tuple[Meeting, Occurrence]:
        """The sitting: the one on `on`, else the latest that started. Organiser or director only."""
        meeting = meeting_by_number(session, id_of(mission), number)
        if meeting is None:
            raise NotFound("meeting.not_found", number=number)
        if not may_change_meeting(actor, director=mission.director_id, organiser=meeting.organiser_id):
            raise Refused("meeting.refused", number=number)
        return meeting, held_sitting(session, meeting, self.clock.now(), on)
