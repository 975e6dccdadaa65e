"""What a change of time zone or working hours touches, re-planned at once: a channel's at
`/concerto setup`, a person's when a users.info refresh shows a zone other than the cached one."""

from __future__ import annotations

from datetime import datetime

from bot.actions.service import sync_action
from bot.digests.service import sync_digest
from bot.meetings.schedule import sync_meeting
from bot.people.preferences import sync_summary
from bot.phases.service import sync_milestone
from storage.db import Session
from storage.models import Mission, id_of
from storage.planning import active_meetings, milestones
from storage.queries import missions_of_team, open_actions_of_mission, open_actions_owned


def replan_mission(session: Session, mission: Mission, now: datetime) -> None:
    """Everything the mission plans: its zone and working week are in every reminder."""
    mission_id = id_of(mission)
    for action in open_actions_of_mission(session, mission_id):
        sync_action(session, action, mission, now)
    for meeting in active_meetings(session, [mission_id]):
        sync_meeting(session, meeting, mission, now)
    for milestone in milestones(session, mission_id, status="open"):
        sync_milestone(session, milestone, mission, now)
    sync_digest(session, mission, now)


def replan_person(session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """What goes to this person at times of their own zone: their actions' reminders, their
    summary, the alerts of milestones they own, and, as a director, the digest and escalations."""
    missions = missions_of_team(session, team_id)
    for action in open_actions_owned(session, team_id, user_id):
        sync_action(session, action, missions[action.mission_id], now)
    sync_summary(session, team_id, user_id, now)
    for mission_id, mission in missions.items():
        directs = mission.director_id == user_id
        for milestone in milestones(session, mission_id, status="open"):
            if directs or milestone.owner_id == user_id:
                sync_milestone(session, milestone, mission, now)
        if directs:
            sync_digest(session, mission, now)
