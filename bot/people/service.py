"""Who users are, as far as we need: their time zone and locale (users.info, cached a day)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from bot.clock import Clock
from bot.people.values import Profile
from storage.db import Engine, insert_once, read_scope
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
                return Profile(row.timezone, row.locale, row.home_team_id)
        try:
            fresh = fetch(user_id)
        except Exception:  # Slack unreachable: an old answer or the mission's zone will do
            log.warning("users.info failed for %s; using cached or default profile", user_id, exc_info=True)
            return Profile(row.timezone, row.locale, row.home_team_id) if row else Profile(None, None)
        # a concurrent first request may cache them meanwhile: theirs is just as fresh
        insert_once(self.engine, SlackUser(team_id=team_id, user_id=user_id, timezone=fresh.timezone,
                                           locale=fresh.locale, home_team_id=fresh.home_team, fetched_at=now),
                    or_update=True)
        return fresh
