"""The director's digest: what goes in it, and when it is sent (through the notification core)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.service import Actions
from bot.actions.values import ActionList, view_of
from bot.clock import Clock
from bot.context import Context
from bot.digests.rules import next_digest
from bot.digests.values import SECTIONS, ApprovalLine, DigestData, MeetingLine, MilestoneLine
from bot.errors import Refused, UserError
from bot.meetings.occurrences import around, upcoming
from bot.notices import Planned
from bot.outbox import apply_plan, plan_message, recipients
from bot.payloads import Json
from bot.people.marks import marks
from bot.permissions import may_steer_digest, sees_team
from storage.approvals import waiting_approvals
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Meeting, Mission, Notification, id_of
from storage.outbox import key_exists, last_sent
from storage.planning import active_meetings, agenda, milestones
from storage.queries import (
    done_rows_since,
    missions_with_director,
    open_count_at,
    open_rows,
    owners_of,
    record_audit,
)

RHYTHMS = ("weekly", "daily", "off")


VALID_FOR = timedelta(hours=12)  # a digest more than half a day late is dropped; the next one comes


def sync_digest(session: Session, mission: Mission, now: datetime, since: datetime | None = None) -> None:
    """Keep one pending digest, at the next due instant (none when off or without a director).

    `since`: a digest's time that has just been settled; the one after it is owed even if the clock
    was down when it fell due, so that a downtime never silently skips one (the downtime policy
    still drops it once it is pointless)."""
    planned = []
    if mission.director_id:
        (director,) = recipients(session, mission.team_id, [mission.director_id], mission.timezone)
        owed = next_digest(mission, director.tz, since) if since is not None else None
        owed = owed if owed is not None and owed + VALID_FOR > now else None  # else pointless: not owed
        for at in {a for a in (owed, next_digest(mission, director.tz, now)) if a is not None}:
            planned.append(
                Planned(
                    f"digest:{mission.id}:{at:%Y%m%dT%H%M}",
                    "digest.team",
                    mission.director_id,
                    at,
                    at + VALID_FOR,
                    owed=at <= now,
                )
            )
    apply_plan(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="digest",
        entity_id=id_of(mission),
        planned=planned,
        now=now,
    )


def digest_data(session: Session, mission: Mission, now: datetime) -> DigestData:
    mission_id = id_of(mission)
    since = last_sent(session, "digest", mission_id) or now - timedelta(days=7)
    opened, done = open_rows(session, mission_id), done_rows_since(session, mission_id, since)
    owners = owners_of(session, [id_of(a) for a in (*opened, *done)])
    meetings = [
        MeetingLine(meeting.title, occ.start, sum(not i.done for i in agenda(session, id_of(meeting), occ.original)))
        for meeting in active_meetings(session, [mission_id])
        for occ in upcoming(session, meeting, now, now + timedelta(days=7))
    ]
    today = now.astimezone(ZoneInfo(mission.timezone)).date()
    at_risk = milestones(session, mission_id, status="open", due_by=today + timedelta(days=14))
    week_ago = now - timedelta(days=7)
    return DigestData(
        open=[view_of(a, owners[id_of(a)]) for a in opened],
        done=[view_of(a, owners[id_of(a)]) for a in done],
        meetings=sorted(meetings, key=lambda m: m.start),
        milestones=[MilestoneLine(m.number, m.name, m.due_on, m.owner_id) for m in at_risk],
        open_a_week_ago=open_count_at(session, mission_id, week_ago),
        overdue_a_week_ago=open_count_at(session, mission_id, week_ago, overdue=True),
        channel=mission.channel_id,
        sections=frozenset(mission.digest_sections.split()),
        marks=marks(session, mission.team_id, (o for os in owners.values() for o in os), today),
        approvals=waiting(session, mission_id),
    )


def waiting(session: Session, mission_id: int) -> list[ApprovalLine]:
    """The minutes submitted to the client's validator and not yet answered."""
    lines = []
    for row in waiting_approvals(session, mission_id):
        meeting = session.get_one(Meeting, row.meeting_id)
        if meeting.status != "active":
            continue
        held = [o for o in around(session, meeting, row.occurrence_at) if o.original == row.occurrence_at]
        start = held[0].start if held else row.occurrence_at
        lines.append(ApprovalLine(meeting.title, start, row.version, row.validator_id, row.submitted_at))
    return lines


NUDGE = "digest.nudge"  # the director sends someone their open actions, from the digest


class Digests:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def preview(self, mission: Mission, *, viewer: str) -> tuple[DigestData, bool]:
        """What `/digest` shows `viewer`, and whether it is the team's digest (the director's) or their own."""
        with read_scope(self.engine) as session:
            return digest_data(session, mission, self.clock.now()), sees_team(viewer, director=mission.director_id)

    def send_now(self, mission: Mission, *, actor: str, request_key: str | None = None) -> None:
        """Queue the digest for the clock to deliver at once (director only). `request_key` names the request
        asking: run again (after a crash, seconds later), it queues nothing more."""
        director = self.check(mission, actor)
        now = self.clock.now()
        key = f"digest:{mission.id}:now:{request_key or f'{now:%Y%m%dT%H%M%S%f}'}"[:200]
        with session_scope(self.engine) as session:
            if key_exists(session, mission.team_id, key):  # the same request again
                return
            session.add(
                Notification(
                    team_id=mission.team_id,
                    mission_id=mission.id,
                    key=key,
                    kind="digest.team",
                    entity="digest",
                    entity_id=id_of(mission),
                    target=director,
                    planned_at=now,
                    run_at=now,
                    expires_at=now + VALID_FOR,
                    created_at=now,
                    updated_at=now,
                )
            )

    def configure(
        self,
        mission: Mission,
        *,
        actor: str,
        rhythm: str,
        weekday: int | None,
        at: str | None,
        sections: list[str] | None = None,
    ) -> Mission:
        self.check(mission, actor)
        now = self.clock.now()
        with session_scope(self.engine) as session:
            mission = session.get_one(Mission, mission.id)
            if sections is not None:
                mission.digest_sections = " ".join(s for s in SECTIONS if s in sections)
            mission.digest_rhythm = rhythm
            mission.digest_weekday = weekday or mission.digest_weekday
            mission.digest_time = at or mission.digest_time
            mission.updated_at = now
            session.flush()
            sync_digest(session, mission, now)
            record_audit(
                session,
                team_id=mission.team_id,
                mission_id=mission.id,
                entity="mission",
                entity_id=id_of(mission),
                actor=actor,
                verb="digest",
                at=now,
                rhythm=rhythm,
                weekday=mission.digest_weekday,
                time=mission.digest_time,
            )
            return mission

    def mute(self, mission: Mission, *, actor: str, section: str) -> Mission:
        """Leave a section out of the digests to come (`/digest settings` brings it back)."""
        self.check(mission, actor)
        with session_scope(self.engine) as session:
            mission = session.get_one(Mission, mission.id)
            mission.digest_sections = " ".join(s for s in mission.digest_sections.split() if s != section)
            record_audit(
                session,
                team_id=mission.team_id,
                mission_id=mission.id,
                entity="mission",
                entity_id=id_of(mission),
                actor=actor,
                verb="digest_mute",
                at=self.clock.now(),
                section=section,
            )
            return mission

    def resync_all(self) -> int:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            missions = missions_with_director(session)
            for mission in missions:
                sync_digest(session, mission, now)
            return len(missions)

    def nudge(
        self,
        mission: Mission,
        *,
        actor: str,
        owner: str,
        request_key: str,
        render: Callable[[ActionList, Context], Json],
    ) -> None:
        """Send `owner` their open actions in the mission, from the director's digest (director only): a DM
        planned in one transaction, rendered in what they read, keyed by the click (run again, nothing more)."""
        self.check(mission, actor)
        listing = Actions(self.engine, self.clock).list(mission, scope="user", viewer=actor, user=owner)
        with session_scope(self.engine) as session:
            plan_message(
                session,
                mission,
                owner,
                key=f"nudge:{request_key}"[:200],
                kind=NUDGE,
                render=lambda ctx: render(listing, ctx),
                now=self.clock.now(),
            )

    @staticmethod
    def check(mission: Mission, actor: str) -> str:
        """The mission's project director, if that is `actor`; else raise."""
        if not mission.director_id:
            raise UserError("digest.no_director")
        if not may_steer_digest(actor, director=mission.director_id):
            raise Refused("digest.only_director", director=mission.director_id)
        return mission.director_id
