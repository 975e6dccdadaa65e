"""What happens to a mission when Slack says its channel changed: archived or unarchived, the bot removed or
invited back, renamed. A channel closed to the bot holds the mission's notifications (storage.outbox
`deliverable`) instead of letting each fail; its director is told once when it closes and once when it opens
again, and what was held then follows the downtime policy. An event reaches only the mission of the channel it
names, and only from a workspace that owns or shares that mission."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.clock import Clock
from bot.missions.blocks import channel_held, channel_resumed
from bot.missions.replan import replan_mission
from bot.missions.rules import why_held
from bot.outbox import plan_message
from bot.reach import workspace_mission
from bot.refresh.plan import touch
from storage.db import Engine, Session, session_scope
from storage.models import Mission

log = logging.getLogger(__name__)


class ChannelLife:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def archived(self, team_id: str, channel_id: str, *, archived: bool) -> Mission | None:
        """`channel_archive` / `channel_unarchive` (and `group_*`): the mission it holds or resumes, if any."""
        return self._close(team_id, channel_id, archived=archived)

    def bot_member(self, team_id: str, channel_id: str, *, member: bool) -> Mission | None:
        """The bot removed from the channel (`member_left_channel`, `channel_left`) or invited back."""
        return self._close(team_id, channel_id, removed=not member)

    def renamed(self, team_id: str, channel_id: str, name: str) -> None:
        """`channel_rename`: the name the calendar, the canvas and the exports show from now on."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            mission = workspace_mission(session, team_id, channel_id)
            if mission is None or mission.channel_name == name:
                return
            mission.channel_name, mission.updated_at = name, now
            touch(session, mission, now)

    def _close(
        self, team_id: str, channel_id: str, *, archived: bool | None = None, removed: bool | None = None
    ) -> Mission | None:
        """Record what Slack said of the channel: the mission, if that held or resumed it (its director told)."""
        with session_scope(self.engine) as session:
            mission = workspace_mission(session, team_id, channel_id)
            if mission is None or not close(session, mission, self.clock.now(), archived=archived, removed=removed):
                return None
            return mission


def close(
    session: Session, mission: Mission, now: datetime, *, archived: bool | None = None, removed: bool | None = None
) -> bool:
    """Record whether the mission's channel is archived, and whether the bot was removed from it (None: as it
    was); True if that held or resumed the mission, its director then told once. The same news told twice (an
    event and Slack's answer to a post, say) changes nothing the second time."""
    before = why_held(archived=mission.channel_archived, removed=mission.bot_removed)
    mission.channel_archived = mission.channel_archived if archived is None else archived
    mission.bot_removed = mission.bot_removed if removed is None else removed
    after = why_held(archived=mission.channel_archived, removed=mission.bot_removed)
    if (before is None) == (after is None):
        return False
    mission.updated_at = now
    if after is None:
        replan_mission(session, mission, now)  # what is still to come, in time; the rest: the downtime policy
    _tell(session, mission, after, now)
    return True


def _tell(session: Session, mission: Mission, why: str | None, now: datetime) -> None:
    """The director's DM, in the mission's language, through the outbox (CHANNEL_NOTICES: never held)."""
    kind = "channel.resumed" if why is None else "channel.held"
    log.info("mission %s: %s (%s)", mission.id, kind, why or "the channel is open to the bot again")
    if not mission.director_id:
        return
    channel, lang = mission.channel_id, mission.language  # the mission's language: the DM is the channel's word
    msg = channel_resumed(channel, lang=lang) if why is None else channel_held(channel, why, lang=lang)
    key = f"{kind}:{mission.id}:{now.isoformat()}"
    plan_message(session, mission, mission.director_id, key=key, kind=kind, render=lambda _ctx: msg, now=now)
