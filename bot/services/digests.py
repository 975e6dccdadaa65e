"""The director's digest: what goes in it, and when it is sent (through the notification core)."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, WEEKLY, rrule
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.action_types import ActionList, view_of
from bot.clock import Clock
from bot.dates import wall_time
from bot.digest import SECTIONS, DigestData, MeetingLine, MilestoneLine
from bot.errors import Refused, UserError
from bot.reminders import Planned
from bot.services.actions import Actions
from bot.services.notifications import apply_plan, recipients, work_week
from bot.services.occurrences import upcoming
from storage.db import session_scope
from storage.models import Action, AgendaItem, Meeting, Milestone, Mission, Notification
from storage.queries import action_rows, owners_of, record_audit

RHYTHMS = ("weekly", "daily", "off")
VALID_FOR = timedelta(hours=12)  # a digest more than half a day late is dropped; the next one comes


def next_digest(mission: Mission, tz: ZoneInfo, now: datetime) -> datetime | None:
    """The next instant the digest is due, in the director's zone (DST-correct: dateutil on wall times)."""
    if mission.digest_rhythm == "off" or not mission.director_id:
        return None
    at = time.fromisoformat(mission.digest_time)
    local = now.astimezone(tz).replace(tzinfo=None)
    start = datetime.combine(local.date(), at)
    week = work_week(mission)
    if mission.digest_rhythm == "weekly":
        rule = rrule(WEEKLY, byweekday=mission.digest_weekday - 1, dtstart=start)
    else:
        rule = rrule(DAILY, dtstart=start)
    for naive in rule.xafter(local, count=400, inc=False):
        if mission.digest_rhythm == "daily" and not week.is_working_day(naive.date()):
            continue
        return wall_time(naive.date(), naive.time(), tz).astimezone(ZoneInfo("UTC"))
    return None


def sync_digest(session: Session, mission: Mission, now: datetime) -> None:
    """Keep exactly one pending digest, at the next due instant (none when off or without a director)."""
    planned = []
    if mission.director_id:
        (director,) = recipients(session, mission.team_id, [mission.director_id], mission.timezone)
        at = next_digest(mission, director.tz, now)
        if at is not None:
            planned = [Planned(f"digest:{mission.id}:{at:%Y%m%dT%H%M}", "digest.team", mission.director_id, at,
                               at + VALID_FOR)]
    apply_plan(session, team_id=mission.team_id, mission_id=mission.id, entity="digest", entity_id=mission.id,
               planned=[p for p in planned if p.at > now], now=now)


def digest_data(session: Session, mission: Mission, now: datetime) -> DigestData:
    since = session.exec(select(func.max(Notification.sent_at)).where(
        Notification.entity == "digest", Notification.entity_id == mission.id,
        Notification.state == "sent")).one() or now - timedelta(days=7)
    open_rows = action_rows(session, Action.mission_id == mission.id, Action.status == "open")
    done_rows = action_rows(session, Action.mission_id == mission.id, Action.status == "done",
                            col(Action.done_at) >= since)
    owners = owners_of(session, [a.id for a in (*open_rows, *done_rows)])
    week_ago = now - timedelta(days=7)
    was_open = select(func.count()).select_from(Action).where(
        Action.mission_id == mission.id, col(Action.created_at) < week_ago, col(Action.status).in_(("open", "done")),
    ).where((Action.status == "open") | (col(Action.done_at) > week_ago))
    meetings = []
    for meeting in session.exec(select(Meeting).where(Meeting.mission_id == mission.id, Meeting.status == "active")):
        for occ in upcoming(session, meeting, now, now + timedelta(days=7)):
            items = session.exec(select(func.count()).select_from(AgendaItem).where(
                AgendaItem.meeting_id == meeting.id, col(AgendaItem.occurrence_at) <= occ.original,
                AgendaItem.done == False)).one()  # noqa: E712 — SQL, not Python
            meetings.append(MeetingLine(meeting.title, occ.start, items))
    today = now.astimezone(ZoneInfo(mission.timezone)).date()
    milestones = session.exec(select(Milestone).where(
        Milestone.mission_id == mission.id, Milestone.status == "open",
        col(Milestone.due_on) <= today + timedelta(days=14)).order_by(col(Milestone.due_on))).all()
    return DigestData(
        open=[view_of(a, owners[a.id]) for a in open_rows], done=[view_of(a, owners[a.id]) for a in done_rows],
        meetings=sorted(meetings, key=lambda m: m.start),
        milestones=[MilestoneLine(m.number, m.name, m.due_on, m.owner_id) for m in milestones],
        open_a_week_ago=session.exec(was_open).one(),
        overdue_a_week_ago=session.exec(was_open.where(col(Action.due_at) <= week_ago)).one(),
        channel=mission.channel_id, sections=frozenset(mission.digest_sections.split()))


class Digests:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def data(self, mission: Mission) -> DigestData:
        with session_scope(self.engine) as session:
            return digest_data(session, mission, self.clock.now())

    def send_now(self, mission: Mission, *, actor: str) -> None:
        """Queue the digest for the clock to deliver at once (director only)."""
        self._check(mission, actor)
        now = self.clock.now()
        with session_scope(self.engine) as session:
            session.add(Notification(
                team_id=mission.team_id, mission_id=mission.id, key=f"digest:{mission.id}:now:{now:%Y%m%dT%H%M%S%f}",
                kind="digest.team", entity="digest", entity_id=mission.id, target=mission.director_id,
                planned_at=now, run_at=now, expires_at=now + VALID_FOR, created_at=now, updated_at=now))

    def configure(self, mission: Mission, *, actor: str, rhythm: str, weekday: int | None, at: str | None,
                  sections: list[str] | None = None) -> Mission:
        self._check(mission, actor)
        now = self.clock.now()
        with session_scope(self.engine) as session:
            mission = session.get(Mission, mission.id)
            if sections is not None:
                mission.digest_sections = " ".join(s for s in SECTIONS if s in sections)
            mission.digest_rhythm = rhythm
            mission.digest_weekday = weekday or mission.digest_weekday
            mission.digest_time = at or mission.digest_time
            mission.updated_at = now
            session.flush()
            sync_digest(session, mission, now)
            record_audit(session, team_id=mission.team_id, mission_id=mission.id, entity="mission",
                         entity_id=mission.id, actor=actor, verb="digest", at=now, rhythm=rhythm,
                         weekday=mission.digest_weekday, time=mission.digest_time)
            return mission

    def mute(self, mission: Mission, *, actor: str, section: str) -> Mission:
        """Leave a section out of the digests to come (`/digest settings` brings it back)."""
        self._check(mission, actor)
        with session_scope(self.engine) as session:
            mission = session.get(Mission, mission.id)
            mission.digest_sections = " ".join(s for s in mission.digest_sections.split() if s != section)
            record_audit(session, team_id=mission.team_id, mission_id=mission.id, entity="mission",
                         entity_id=mission.id, actor=actor, verb="digest_mute", at=self.clock.now(), section=section)
            return mission

    def resync_all(self) -> int:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            missions = session.exec(select(Mission).where(col(Mission.director_id).is_not(None))).all()
            for mission in missions:
                sync_digest(session, mission, now)
            return len(missions)

    def nudge_list(self, mission: Mission, *, actor: str, owner: str) -> ActionList:
        """The open actions the director is about to send `owner` (director only)."""
        self._check(mission, actor)
        return Actions(self.engine, self.clock).list(mission, scope="user", viewer=actor, user=owner)

    def check(self, mission: Mission, actor: str) -> None:
        """Raise unless `actor` is the mission's project director."""
        self._check(mission, actor)

    @staticmethod
    def _check(mission: Mission, actor: str) -> None:
        if not mission.director_id:
            raise UserError("digest.no_director")
        if actor != mission.director_id:
            raise Refused("digest.only_director", director=mission.director_id)
