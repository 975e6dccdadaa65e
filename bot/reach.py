"""Whether a request reaches the mission an object belongs to (bot/permissions.py's `may_reach` and
`workspace_reaches`, applied where the object is loaded). What cannot be reached is answered as if it did
not exist, so that a forged id learns nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.errors import NotFound
from bot.permissions import may_reach, workspace_reaches
from storage.db import Session
from storage.models import Mission, id_of
from storage.queries import mission_by_channel, sharing_teams


@dataclass(frozen=True)
class Reach:
    """What Slack says of a request: who asks, from which workspace, and the mission channel it came from
    (a form's: the one recorded when it was opened; None from a DM or the App Home)."""

    user_id: str
    team_id: str
    came_from: str | None


def check_reach(
    session: Session, reach: Reach, mission: Mission | None, *, concerned: Iterable[str | None], gone: NotFound
) -> Mission:
    """`mission`, if the request may act on the object of it that concerns these people; else `gone`."""
    if mission is None or not may_reach(
        reach.user_id, came_from=reach.came_from, home=mission.channel_id, concerned=[c for c in concerned if c]
    ):
        raise gone
    if reach.came_from is None and not workspace_reaches(
        reach.team_id, owner=mission.team_id, sharing=sharing_teams(session, id_of(mission))
    ):
        raise gone
    return mission


def workspace_mission(session: Session, team_id: str, channel_id: str) -> Mission | None:
    """The mission of a channel an event or a workflow step names, if the workspace it came from owns or
    shares it (a Slack Connect channel it has used): never another organisation's, whatever the id."""
    mission = mission_by_channel(session, channel_id)
    if mission is None or not workspace_reaches(
        team_id, owner=mission.team_id, sharing=sharing_teams(session, id_of(mission))
    ):
        return None
    return mission
