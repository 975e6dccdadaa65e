"""What a person's account deactivated or reactivated changes: nothing more goes to them (bot.outbox
plans nothing for the deactivated), and each mission where they still own open actions tells its director
once, with a way to hand those over."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.actions.values import view_of
from bot.missions.replan import replan_mission
from bot.outbox import plan_message
from bot.people.blocks import person_left
from bot.people.preferences import sync_summary
from storage.db import Session
from storage.models import id_of
from storage.queries import missions_of_team, open_actions_owned, owners_of

LEFT = "person.left"


def account_changed(session: Session, team_id: str, user_id: str, *, deleted: bool, now: datetime) -> None:
    """Re-plan what the team's missions send (withdrawn for someone gone, back for someone back), and on
    a deactivation tell each director concerned."""
    missions = missions_of_team(session, team_id)
    for mission in missions.values():
        replan_mission(session, mission, now)
    sync_summary(session, team_id, user_id, now)
    if not deleted:
        return
    owned = open_actions_owned(session, team_id, user_id)
    owners = owners_of(session, [id_of(a) for a in owned])
    for mission_id, mission in missions.items():
        theirs = sorted((a for a in owned if a.mission_id == mission_id), key=lambda a: a.number)
        if not theirs or mission.director_id in (None, user_id):
            continue
        views = [view_of(a, owners[id_of(a)]) for a in theirs]
        plan_message(
            session,
            mission,
            mission.director_id,
            key=f"left:{mission_id}:{user_id}:{now:%Y%m%dT%H%M}",
            kind=LEFT,
            render=partial(person_left, user_id, mission.channel_id, views),
            now=now,
        )
