"""Missions: one per channel, created on first use, configured by `/concerto setup`."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clock import Clock
from bot.errors import NotFound, Refused, UserError
from bot.i18n import LANGUAGES, language
from bot.services.notifications import sync_action
from storage.db import Engine, insert_once, read_scope, session_scope
from storage.models import Mission
from storage.queries import mission_by_calendar_token, mission_by_channel, open_actions_of_mission, record_audit

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class MissionSettings:
    director_id: str | None
    timezone: str
    language: str
    work_start: str
    work_end: str
    work_days: str
    holiday_country: str | None = "FR"  # None: public holidays are working days


def validate_settings(s: MissionSettings) -> MissionSettings:
    """Check what the setup form sent; raise a UserError naming the field to fix."""
    try:
        ZoneInfo(s.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError("error.bad_timezone", given=s.timezone) from None
    if s.language not in LANGUAGES:
        raise UserError("error.bad_language", given=s.language)
    if not (_HHMM.match(s.work_start) and _HHMM.match(s.work_end)) or s.work_start >= s.work_end:
        raise UserError("error.work_hours")
    days = "".join(sorted(set(s.work_days) & set("1234567")))
    if not days:
        raise UserError("error.work_days")
    return MissionSettings(s.director_id, s.timezone, s.language, s.work_start, s.work_end, days, s.holiday_country)


class Missions:
    def __init__(self, engine: Engine, clock: Clock, default_timezone: str) -> None:
        self.engine, self.clock, self.default_timezone = engine, clock, default_timezone

    def for_channel(self, team_id: str, channel_id: str, *, locale: str | None = None) -> Mission:
        """The channel's mission, created with defaults (language from the first user) if new."""
        with read_scope(self.engine) as session:
            found = mission_by_channel(session, team_id, channel_id)
            if found:
                return found
        now = self.clock.now()
        mission = Mission(team_id=team_id, channel_id=channel_id, timezone=self.default_timezone,
                          language=language(locale, "fr"), created_at=now, updated_at=now)
        if insert_once(self.engine, mission):
            return mission
        with session_scope(self.engine) as session:  # created meanwhile by a concurrent request
            return mission_by_channel(session, team_id, channel_id)

    def get(self, team_id: str, mission_id: int) -> Mission:
        with read_scope(self.engine) as session:
            mission = session.get(Mission, mission_id)
            if mission is None or mission.team_id != team_id:
                raise NotFound("error.gone")
            return mission

    def calendar_token(self, team_id: str, channel_id: str, *, rotate: bool = False) -> str:
        """The secret in the channel's calendar feed URL; `rotate` revokes the old one."""
        mission = self.for_channel(team_id, channel_id)
        with session_scope(self.engine) as session:
            mission = session.get(Mission, mission.id)
            if rotate or not mission.calendar_token:
                mission.calendar_token = secrets.token_urlsafe(24)
            return mission.calendar_token

    def by_calendar_token(self, token: str) -> Mission | None:
        with read_scope(self.engine) as session:
            return mission_by_calendar_token(session, token) if token else None

    def configure(self, team_id: str, channel_id: str, *, actor: str, settings: MissionSettings) -> Mission:
        settings = validate_settings(settings)
        mission = self.for_channel(team_id, channel_id)
        with session_scope(self.engine) as session:
            mission = session.get(Mission, mission.id)
            if mission.director_id and actor != mission.director_id:
                raise Refused("error.setup_refused", director=mission.director_id)
            for name, value in vars(settings).items():
                setattr(mission, name, value)
            mission.updated_at = self.clock.now()
            record_audit(session, team_id=team_id, mission_id=mission.id, entity="mission", entity_id=mission.id,
                         actor=actor, verb="setup", at=mission.updated_at, **vars(settings))
            session.flush()
            for action in open_actions_of_mission(session, mission.id):  # working hours may have moved
                sync_action(session, action, mission, mission.updated_at)
            from bot.services.digests import sync_digest  # digests build on missions

            sync_digest(session, mission, mission.updated_at)  # a new director gets the digest
            return mission
