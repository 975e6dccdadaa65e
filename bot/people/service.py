"""Who users are, as far as we need: time zone, locale, name, kind of account (users.info, cached a day)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from bot.clock import Clock
from bot.missions.replan import replan_person
from bot.people.values import Profile
from storage.db import Engine, insert_once, read_scope, session_scope
from storage.models import SlackUser

log = logging.getLogger(__name__)


CACHE_FOR = timedelta(days=1)


Fetch = Callable[[str], Profile]


class People:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def profile(self, team_id: str, user_id: str, fetch: Fetch) -> Profile:
        """The cached profile, refreshed through `fetch` when older than a day or missing."""
        now = self.clock.now()
        with read_scope(self.engine) as session:
            row = session.get(SlackUser, (team_id, user_id))
            if row and now - row.fetched_at < CACHE_FOR:
                return _profile(row)
        try:
            fresh = fetch(user_id)
        except Exception:  # Slack unreachable: an old answer or the mission's zone will do
            log.warning("users.info failed for %s; using cached or default profile", user_id, exc_info=True)
            return _profile(row) if row else Profile(None, None)
        # a concurrent first request may cache them meanwhile: theirs is just as fresh
        insert_once(self.engine, SlackUser(team_id=team_id, user_id=user_id, timezone=fresh.timezone,
                                           locale=fresh.locale, name=fresh.name, known=fresh.known,
                                           is_bot=fresh.is_bot, deleted=fresh.deleted, is_admin=fresh.is_admin,
                                           home_team_id=fresh.home_team, home_enterprise_id=fresh.home_enterprise,
                                           fetched_at=now), or_update=True)
        if row is not None and row.timezone != fresh.timezone:  # what they get is timed in their zone
            with session_scope(self.engine) as session:
                replan_person(session, team_id, user_id, now)
        return fresh

    def names(self, team_id: str, user_ids: list[str], fetch: Fetch) -> dict[str, str]:
        """The names of these users (an id stands for one Slack does not give), for exports and plain text."""
        return {uid: self.profile(team_id, uid, fetch).name or uid for uid in dict.fromkeys(user_ids)}


def _profile(row: SlackUser) -> Profile:
    return Profile(row.timezone, row.locale, row.name, row.known, row.is_bot, row.deleted, row.is_admin,
                   row.home_team_id, row.home_enterprise_id)
