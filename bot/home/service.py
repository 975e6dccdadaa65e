"""Reading what a person's App Home (and Monday summary) shows; remembering which events were handled."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions.values import COUNT_UP_TO, view_of
from bot.clock import Clock
from bot.digests.values import MeetingLine
from bot.home.values import HomeData, MissionGlance
from bot.meetings.occurrences import upcoming
from bot.people.marks import marks
from bot.permissions import sees_team
from storage.db import Engine, Session, insert_once, read_scope
from storage.models import Mission, SeenEvent, id_of
from storage.planning import active_meetings, current_phase, milestones
from storage.queries import (
    missions_of_team,
    missions_with_open_actions_of,
    open_counts_by_owner,
    owned_open_count,
    owners_of,
    shared_missions,
    soonest_owned_open,
)

SHOWN_ACTIONS = 20  # two blocks each; a Home view holds 100


def home_data(session: Session, team_id: str, user_id: str, now: datetime, days: int = 14) -> HomeData:
    """What the person owns in their workspace's missions, and in the missions of shared channels
    (Slack Connect) that another workspace owns; nothing else of that workspace."""
    missions = missions_of_team(session, team_id)
    shared = shared_missions(session, team_id)
    scopes = [
        (team_id, None),
        *(
            (team, [mid for mid, m in shared.items() if m.team_id == team])
            for team in sorted({m.team_id for m in shared.values()})
        ),
    ]
    missions |= shared
    rows = sorted(
        (
            row
            for team, ids in scopes
            for row in soonest_owned_open(session, team, user_id, limit=SHOWN_ACTIONS, missions=ids)
        ),
        key=lambda a: (a.due_at is None, a.due_at or now, a.number),
    )[:SHOWN_ACTIONS]
    owners = owners_of(session, [a.id for a in rows])
    involved = {mid for mid, m in missions.items() if sees_team(user_id, director=m.director_id)}.union(
        *(missions_with_open_actions_of(session, team, user_id, missions=ids) for team, ids in scopes)
    )

    def count(due_by: datetime | None = None) -> int:
        return min(
            COUNT_UP_TO + 1,
            sum(
                owned_open_count(session, team, user_id, up_to=COUNT_UP_TO, due_by=due_by, missions=ids)
                for team, ids in scopes
            ),
        )

    meetings = []
    for meeting in active_meetings(session, list(involved)):
        channel = missions[meeting.mission_id].channel_id
        meetings += [
            (MeetingLine(meeting.title, occ.start, 0), channel)
            for occ in upcoming(session, meeting, now, now + timedelta(days=days))[:3]
        ]
    return HomeData(
        actions=[(view_of(a, owners[a.id]), missions[a.mission_id].channel_id) for a in rows],
        total_actions=count(),
        overdue=count(due_by=now),
        meetings=sorted(meetings, key=lambda m: m[0].start)[:8],
        missions=[_glance(session, missions[mid], user_id, now) for mid in sorted(involved)],
    )


def _glance(session: Session, mission: Mission, user_id: str, now: datetime) -> MissionGlance:
    today = now.astimezone(ZoneInfo(mission.timezone)).date()
    mission_id = id_of(mission)
    phase = current_phase(session, mission_id, today)
    milestone = next(iter(milestones(session, mission_id, status="open")), None)
    team = open_counts_by_owner(session, mission_id, now) if sees_team(user_id, director=mission.director_id) else None
    flagged = marks(session, mission.team_id, team, today) if team else {}
    return MissionGlance(mission, phase, milestone, team, flagged)


class Home:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def data(self, team_id: str, user_id: str) -> HomeData:
        with read_scope(self.engine) as session:
            return home_data(session, team_id, user_id, self.clock.now())

    def first_time(self, event_id: str) -> bool:
        """True the first time an event id is seen (Slack retries an event it thinks was lost)."""
        return insert_once(self.engine, SeenEvent(event_id=event_id, seen_at=self.clock.now()))
