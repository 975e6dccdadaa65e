"""Meetings: schedule series and one-offs, cancel or move one occurrence, keep an agenda; every change
re-plans the reminders through the notification core, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.approvals.service import revise
from bot.clock import Clock
from bot.dates import When, wall_time
from bot.errors import AlreadyDone, NotFound, UserError
from bot.meetings.grammar import AddMeeting, EditMeeting
from bot.meetings.ics import Entry, calendar
from bot.meetings.occurrences import holiday_changes, next_occurrence, upcoming
from bot.meetings.rules import sitting_on, sittings_near
from bot.meetings.schedule import changed, check_organiser, create_meeting, holiday_notes, recorded, sync_meeting
from bot.meetings.values import MeetingView, SittingChange
from bot.outbox import Announce
from bot.reach import Reach, check_reach
from bot.recurrence import Occurrence
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import AgendaItem, Decision, Meeting, MeetingChange, Mission, id_of
from storage.planning import (
    active_meetings,
    agenda,
    decisions,
    decisions_count,
    meeting_by_number,
    meeting_change,
    meeting_changes,
)
from storage.queries import audit_by_request_key

UTC = timezone.utc
CALENDAR_AHEAD = timedelta(days=400)  # how far the feed lists skipped holidays (clients fetch it again)


@dataclass(frozen=True)
class Agenda:
    occurrence: Occurrence
    items: list[AgendaItem]  # carried-forward items first, each with its own occurrence_at


class Meetings:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def add(
        self, mission: Mission, *, organiser: str, cmd: AddMeeting, announce: Announce[MeetingView] | None = None
    ) -> MeetingView:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            meeting = create_meeting(session, mission, organiser=organiser, cmd=cmd, now=now)
            view = MeetingView(
                meeting, next_occurrence(session, meeting, now), holiday_notes(session, meeting, mission, now)
            )
            if announce:
                announce.plan(session, mission, view, now)
            return view

    def list(self, mission: Mission, kind: str | None = None) -> list[MeetingView]:
        """Active meetings with their next occurrence, soonest first (those with none left last)."""
        now = self.clock.now()
        with read_scope(self.engine) as session:
            views = [
                MeetingView(m, next_occurrence(session, m, now))
                for m in active_meetings(session, [id_of(mission)], kind)
            ]
        far = datetime.max.replace(tzinfo=UTC)
        return sorted(views, key=lambda v: (v.next.start if v.next else far, v.meeting.number))

    def sittings(self, mission: Mission, number: int, *, actor: str, near: date | None = None) -> Sequence[Occurrence]:
        """The sittings a change could mean, for the person to choose: the ones to come nearest `near`
        (default: the next ones), in date order."""
        now = self.clock.now()
        with read_scope(self.engine) as session:
            meeting = self._find(session, mission, number, actor)
            future = upcoming(session, meeting, now, now + timedelta(days=400))
        return sittings_near(future, near, ZoneInfo(meeting.timezone))

    def cancel(
        self,
        mission: Mission,
        number: int,
        *,
        actor: str,
        on: date,
        announce: Announce[SittingChange] | None = None,
    ) -> SittingChange:
        """Cancel the sitting on `on` (a one-off meeting's is the meeting)."""
        return self._change_sitting(mission, number, actor=actor, on=on, to=None, announce=announce)

    def move(
        self,
        mission: Mission,
        number: int,
        *,
        actor: str,
        on: date,
        to: When,
        announce: Announce[SittingChange] | None = None,
    ) -> SittingChange:
        """Move the sitting on `on` to another day (at its own time unless `to` says one); the series
        is left as it is."""
        return self._change_sitting(mission, number, actor=actor, on=on, to=to, announce=announce)

    def _change_sitting(
        self,
        mission: Mission,
        number: int,
        *,
        actor: str,
        on: date,
        to: When | None,
        announce: Announce[SittingChange] | None,
    ) -> SittingChange:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            meeting = self._find(session, mission, number, actor)
            tz = ZoneInfo(meeting.timezone)
            future = upcoming(session, meeting, now, now + timedelta(days=400))
            target = sitting_on(future, on, tz)
            if target is None:
                raise UserError("meeting.no_occurrence", number=number)
            moved_to = None
            if to is not None:
                moved_to = wall_time(to.day, to.at or target.start.astimezone(tz).time(), tz).astimezone(UTC)
                if moved_to <= now:
                    raise UserError("meeting.past")
                if moved_to == target.start:  # the same command typed again
                    raise UserError("meeting.already_there", number=number, day=to.day)
                if (taken := sitting_on([o for o in future if o != target], to.day, tz)) is not None:
                    raise UserError("meeting.day_taken", number=number, day=taken.start.astimezone(tz).date())
            change = meeting_change(session, id_of(meeting), target.day)
            if change is None:
                change = MeetingChange(
                    team_id=meeting.team_id, meeting_id=id_of(meeting), occurrence_on=target.day, created_at=now
                )
                session.add(change)
            change.moved_to = moved_to
            changed(
                session,
                mission,
                meeting,
                now,
                actor=actor,
                verb="move" if moved_to else "cancel",
                occurrence=target.start,
                to=moved_to,
            )
            after = replace(target, start=moved_to, end=moved_to + (target.end - target.start)) if moved_to else None
            done = SittingChange(meeting, target, after)
            if announce:
                announce.plan(session, mission, done, now)
            return done

    def edit(
        self, mission: Mission, cmd: EditMeeting, *, actor: str, announce: Announce[MeetingView] | None = None
    ) -> MeetingView:
        """Change the title, place, duration, time of day or reminders of a meeting (every sitting to come),
        announced in the channel."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            meeting = self._find(session, mission, cmd.number, actor)
            before = {
                "title": meeting.title,
                "location": meeting.location,
                "duration": meeting.duration_minutes,
                "starts": meeting.starts_local.isoformat(),
                "reminders": meeting.reminders,
            }
            if cmd.title is not None:
                meeting.title = cmd.title
            if cmd.location is not None:
                meeting.location = cmd.location
            if cmd.duration_minutes is not None:
                meeting.duration_minutes = cmd.duration_minutes
            if cmd.reminders is not None:
                meeting.reminders = cmd.reminders
            if cmd.at is not None:
                meeting.starts_local = meeting.starts_local.replace(hour=cmd.at.hour, minute=cmd.at.minute)
            after = (meeting.title, meeting.location, meeting.duration_minutes, meeting.starts_local.isoformat())
            if (*after, meeting.reminders) == tuple(before.values()):  # the same again: nothing to say
                raise UserError("meeting.unchanged", number=cmd.number)
            changed(session, mission, meeting, now, actor=actor, verb="edit", before=before)
            view = MeetingView(meeting, next_occurrence(session, meeting, now))
            if announce:
                announce.plan(session, mission, view, now)
            return view

    def end(self, mission: Mission, number: int, *, actor: str, delete: bool = False) -> MeetingView:
        """End a series after today (or delete the meeting): what is pending is withdrawn."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            meeting = self._find(session, mission, number, actor)
            if delete:
                meeting.status = "deleted"
            elif meeting.rrule is None:  # nothing to end: say which command does what was meant
                raise UserError("meeting.end_one_off", number=number)
            else:
                meeting.ends_on = now.astimezone(ZoneInfo(meeting.timezone)).date()
            changed(session, mission, meeting, now, actor=actor, verb="delete" if delete else "end")
            return MeetingView(meeting, None)

    def agenda(self, mission: Mission, number: int) -> tuple[Meeting, Agenda]:
        """The next occurrence's agenda: its own items and the open ones carried from before."""
        now = self.clock.now()
        with read_scope(self.engine) as session:
            meeting = self._find(session, mission, number)
            return meeting, self._agenda(session, meeting, now)

    def add_item(
        self, mission: Mission, number: int, *, actor: str, text: str, request_key: str | None = None
    ) -> tuple[Meeting, Agenda]:
        """Anyone may queue an item for the next occurrence. `request_key` names the request asking: run
        again, it finds the item added (AlreadyDone) and adds nothing more."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if request_key and audit_by_request_key(session, mission.team_id, request_key):
                raise AlreadyDone("request.already_done")
            meeting = self._find(session, mission, number)
            agenda = self._agenda(session, meeting, now)
            session.add(
                AgendaItem(
                    team_id=meeting.team_id,
                    meeting_id=id_of(meeting),
                    occurrence_at=agenda.occurrence.original,
                    text=text,
                    added_by=actor,
                    created_at=now,
                )
            )
            entry = recorded(session, mission, meeting, now, actor=actor, verb="agenda", text=text)
            entry.request_key = request_key  # the same request run again finds it made
            session.flush()
            return meeting, self._agenda(session, meeting, now)

    def item_done(
        self, mission: Mission, number: int, *, actor: str, item: int, request_key: str | None = None
    ) -> tuple[Meeting, Agenda]:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if request_key and audit_by_request_key(session, mission.team_id, request_key):
                raise AlreadyDone("request.already_done")
            meeting = self._find(session, mission, number)
            agenda = self._agenda(session, meeting, now)
            if not 1 <= item <= len(agenda.items):
                raise UserError("meeting.no_item", item=item, number=number)
            agenda.items[item - 1].done = True
            entry = recorded(
                session, mission, meeting, now, actor=actor, verb="agenda_done", text=agenda.items[item - 1].text
            )
            entry.request_key = request_key
            session.flush()
            return meeting, self._agenda(session, meeting, now)

    def by_number(self, mission: Mission, number: int) -> Meeting:
        with read_scope(self.engine) as session:
            return self._find(session, mission, number)

    def reach(self, reach: Reach, meeting_id: int) -> tuple[Mission, Meeting]:
        """The meeting a button or a form names and its mission, if the request reaches it (from its
        channel; from a DM, as its organiser, an attendee or the director): else "gone"."""
        with read_scope(self.engine) as session:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.status != "active":
                raise NotFound("meeting.gone")
            mission = session.get_one(Mission, meeting.mission_id)
            concerned = [meeting.organiser_id, *meeting.attendees.split(), mission.director_id]
            return check_reach(session, reach, mission, concerned=concerned, gone=NotFound("meeting.gone")), meeting

    def record_decisions(
        self,
        mission: Mission,
        meeting_id: int,
        *,
        actor: str,
        texts: Sequence[str],
        occurrence: datetime | None = None,
        announce: Announce[tuple[Meeting, Occurrence]] | None = None,
    ) -> tuple[Meeting, Occurrence, Sequence[Decision]]:
        """Add decisions to the register, for `occurrence` or the meeting's latest one that started."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            if announce:
                announce.check(session, mission)
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.mission_id != mission.id or meeting.status != "active":
                raise NotFound("meeting.not_found", number=meeting_id)
            check_organiser(meeting, mission, actor)
            past = [o for o in _past(session, meeting, now) if occurrence is None or o.original == occurrence]
            if not past:
                raise UserError("meeting.no_past", number=meeting.number)
            occ = past[-1]
            decisions = [
                Decision(
                    team_id=mission.team_id,
                    mission_id=id_of(mission),
                    meeting_id=id_of(meeting),
                    occurrence_at=occ.original,
                    text=text,
                    author=actor,
                    created_at=now,
                )
                for text in texts
            ]
            session.add_all(decisions)
            recorded(session, mission, meeting, now, actor=actor, verb="decide", decisions=texts)
            revise(session, mission, meeting, occ.original, actor=actor, now=now)
            session.flush()
            if announce:
                announce.plan(session, mission, (meeting, occ), now)
            return meeting, occ, decisions

    def past_sitting(self, mission: Mission, number: int, *, actor: str, on: date | None = None) -> Occurrence:
        """The sitting a decision may be recorded for: the one on `on` (the mission's day), else the latest
        that started. Organiser or director only."""
        now, tz = self.clock.now(), ZoneInfo(mission.timezone)
        with read_scope(self.engine) as session:
            meeting = self._find(session, mission, number, actor)
            past = [o for o in _past(session, meeting, now) if on is None or o.start.astimezone(tz).date() == on]
        if not past:
            raise (
                UserError("meeting.no_sitting_on", number=number, day=on)
                if on
                else UserError("meeting.no_past", number=number)
            )
        return past[-1]

    def register(
        self, mission: Mission, number: int | None = None, limit: int = 30
    ) -> tuple[Sequence[tuple[Meeting, Decision]], int]:
        """The newest `limit` decisions of the register (of one meeting if `number` is given), and how many
        it holds in all."""
        with read_scope(self.engine) as session:
            return (decisions(session, id_of(mission), number, limit), decisions_count(session, id_of(mission), number))

    def calendar(self, mission: Mission) -> bytes:
        """The mission's meetings as an RFC 5545 calendar."""
        now = self.clock.now()
        with read_scope(self.engine) as session:
            entries = [
                Entry(m, {**holiday_changes(session, m, now + CALENDAR_AHEAD), **meeting_changes(session, id_of(m))})
                for m in active_meetings(session, [id_of(mission)])
            ]
        name = f"Concerto — {mission.channel_name or mission.channel_id}"  # its id until a channel_rename names it
        return calendar(entries, name=name, lang=mission.language, now=now)

    def resync_all(self) -> int:
        """Extend every active meeting's planned reminders to the horizon (the clock runs this hourly)."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            meetings = active_meetings(session)
            for meeting in meetings:
                sync_meeting(session, meeting, session.get_one(Mission, meeting.mission_id), now)
            return len(meetings)

    @staticmethod
    def _agenda(session: Session, meeting: Meeting, now: datetime) -> Agenda:
        future = upcoming(session, meeting, now, now + timedelta(days=400))
        if not future:
            raise UserError("meeting.no_occurrence", number=meeting.number)
        return Agenda(future[0], agenda(session, id_of(meeting), future[0].original))

    @staticmethod
    def _find(session: Session, mission: Mission, number: int, actor: str | None = None) -> Meeting:
        """The meeting; with `actor`, only if they may change it (organiser or project director)."""
        meeting = meeting_by_number(session, id_of(mission), number)
        if meeting is None:
            raise NotFound("meeting.not_found", number=number)
        if actor is not None:
            check_organiser(meeting, mission, actor)
        return meeting


def _past(session: Session, meeting: Meeting, now: datetime) -> Sequence[Occurrence]:
    """The sittings of the last 120 days that started, in date order: those a decision may be recorded for."""
    return [o for o in upcoming(session, meeting, now - timedelta(days=120), now + timedelta(days=1)) if o.start <= now]
