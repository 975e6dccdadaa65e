"""Missions: one per channel, created on first use, configured by `/concerto setup`."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import partial

from bot.clock import Clock
from bot.errors import FieldError, NotFound, Refused
from bot.i18n import N_, language
from bot.missions.blocks import director_named
from bot.missions.bookmarks import calendar_page, plan_bookmarks, refusal_to_tell
from bot.missions.replan import replan_mission
from bot.missions.rules import validate_settings
from bot.missions.values import MissionSettings
from bot.outbox import plan_message
from bot.people.values import Profile
from bot.permissions import is_a_person, may_set_up
from bot.reach import Reach, check_reach, workspace_mission
from bot.refresh.plan import start_canvas
from storage.db import Engine, Session, insert_once, read_scope, session_scope
from storage.models import Mission, MissionTeam, id_of
from storage.queries import mission_by_calendar_token, mission_by_channel, record_audit


class Missions:
    def __init__(self, engine: Engine, clock: Clock, default_timezone: str, public_url: str | None = None) -> None:
        self.engine, self.clock, self.default_timezone = engine, clock, default_timezone
        self.public_url = public_url  # where the calendar page is, for the channel's bookmark
        self._sharing: set[tuple[int, str]] = set()  # (mission, workspace) already recorded by this process

    def for_channel(
        self, team_id: str, channel_id: str, *, enterprise_id: str | None = None, locale: str | None = None
    ) -> Mission:
        """The channel's mission, created with defaults (language from the first user) if new. One
        per channel, whichever workspace asks: the first one to ask (`team_id`) owns its rows; another
        that asks is recorded as sharing it (MissionTeam: its people's Homes show what they own there)."""
        found = self.in_channel(channel_id)
        if found:
            mission_id = id_of(found)
            if found.team_id != team_id and (mission_id, team_id) not in self._sharing:  # a Slack Connect channel
                insert_once(self.engine, MissionTeam(mission_id=mission_id, team_id=team_id, seen_at=self.clock.now()))
                self._sharing.add((mission_id, team_id))
            return found
        now = self.clock.now()
        mission = Mission(
            team_id=team_id,
            enterprise_id=enterprise_id,
            channel_id=channel_id,
            timezone=self.default_timezone,
            language=language(locale, "fr"),
            created_at=now,
            updated_at=now,
        )
        if insert_once(self.engine, mission):
            return mission
        with session_scope(self.engine) as session:  # created meanwhile by a concurrent request
            created = mission_by_channel(session, channel_id)
        if created is None:  # the insert failed on something else than the channel's mission
            raise RuntimeError(f"channel {channel_id} has no mission and none could be created")
        return created

    def in_channel(self, channel_id: str) -> Mission | None:
        """The channel's mission if it has one (none is created)."""
        with read_scope(self.engine) as session:
            return mission_by_channel(session, channel_id)

    def of_workspace(self, team_id: str, channel_id: str) -> Mission | None:
        """The channel's mission, if the workspace `team_id` owns or shares it (a workflow step names its
        channel in its inputs: an id its builder chose)."""
        with read_scope(self.engine) as session:
            return workspace_mission(session, team_id, channel_id)

    def reach(self, reach: Reach, channel_id: str) -> Mission:
        """The mission of a channel a button names (the digest's, sent to its director), if the request
        reaches it: from that channel, or from a DM by its director."""
        with read_scope(self.engine) as session:
            mission = mission_by_channel(session, channel_id)
            gone = NotFound("mission.gone")
            return check_reach(session, reach, mission, concerned=[mission.director_id] if mission else [], gone=gone)

    def calendar_token(self, team_id: str, channel_id: str, *, actor: str, rotate: bool = False) -> str:
        """The secret in the channel's calendar feed URL; `rotate` revokes the old one (a setup matter)."""
        mission = self.for_channel(team_id, channel_id)
        with session_scope(self.engine) as session:
            mission = session.get_one(Mission, mission.id)
            if rotate:
                self.check_setup(mission, actor)
            if rotate or not mission.calendar_token:
                mission.calendar_token = secrets.token_urlsafe(24)
            return mission.calendar_token

    def by_calendar_token(self, token: str) -> Mission | None:
        with read_scope(self.engine) as session:
            return mission_by_calendar_token(session, token) if token else None

    def configure(
        self,
        team_id: str,
        channel_id: str,
        *,
        actor: str,
        settings: MissionSettings,
        admin: bool = False,
        guest: bool = False,
        director: Profile | None = None,
    ) -> Mission:
        """Save the settings; `admin` when the actor is an admin of the workspace that owns the mission,
        `guest` when they are of another organisation, `director` the account of the one named (users.info),
        which must be a real person."""
        settings = validate_settings(settings)
        if (
            settings.director_id
            and director is not None
            and not is_a_person(known=director.known, is_bot=director.is_bot, deleted=director.deleted)
        ):
            raise FieldError("director", "error.director_not_a_person", director=settings.director_id)
        mission = self.for_channel(team_id, channel_id)
        with session_scope(self.engine) as session:
            mission = session.get_one(Mission, mission.id)
            self.check_setup(mission, actor, admin=admin, guest=guest)
            before = mission.director_id
            for name, value in vars(settings).items():
                setattr(mission, name, value)
            mission.updated_at = self.clock.now()
            start_canvas(session, mission, mission.updated_at)
            plan_bookmarks(session, mission, mission.updated_at, calendar=calendar_page(self.public_url))
            record_audit(
                session,
                team_id=team_id,
                mission_id=mission.id,
                entity="mission",
                entity_id=id_of(mission),
                actor=actor,
                verb="setup",
                at=mission.updated_at,
                **vars(settings),
            )
            session.flush()
            replan_mission(session, mission, mission.updated_at)  # zone, hours or director may have changed
            if mission.director_id not in (None, before, actor):  # named by someone else: told what it brings
                welcome_director(session, mission, mission.updated_at)
            return mission

    def bookmarks_refused(self, mission: Mission) -> str | None:
        """What to tell whoever ran the setup if Slack refused the channel's bookmarks (bot.missions.bookmarks)."""
        with read_scope(self.engine) as session:
            return refusal_to_tell(session, mission)

    @staticmethod
    def check_setup(mission: Mission, actor: str, *, admin: bool = False, guest: bool = False) -> None:
        """Raise Refused unless `actor` may set the mission up (the director once named, an admin of the
        owning workspace always, anyone of its organisation before a director is named)."""
        if not may_set_up(actor, director=mission.director_id, admin=admin, guest=guest):
            raise Refused(
                N_("error.setup_refused") if mission.director_id else N_("error.setup_guest"),
                director=mission.director_id,
            )


def welcome_director(session: Session, mission: Mission, now: datetime) -> None:
    """A DM to the newly named director saying what the role brings, sent with the change."""
    director = mission.director_id
    if director is None:
        return
    key = f"director:{mission.id}:{director}:{now:%Y%m%dT%H%M%S}"
    render = partial(director_named, mission.channel_id)
    plan_message(session, mission, director, key=key, kind="director.named", render=render, now=now)
