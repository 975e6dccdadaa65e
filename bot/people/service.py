"""Who users are, as far as we need: time zone, locale, name, kind of account (users.info, cached a day)."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.missions.replan import replan_person
from bot.people.leaving import account_changed
from bot.people.values import Profile
from storage.db import Engine, insert_once, read_scope, session_scope
from storage.models import SlackUser

log = logging.getLogger(__name__)


CACHE_FOR = timedelta(days=1)


class People:
    """What Slack said of people, kept a day. Reading never writes: what Slack says anew is learnt
    explicitly (`learn`), where a handler asked users.info or an event told it."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def cached(self, team_id: str, user_id: str) -> Profile | None:
        """The profile if Slack gave it less than a day ago."""
        with read_scope(self.engine) as session:
            row = session.get(SlackUser, (team_id, user_id))
            return _profile(row) if row and self.clock.now() - row.fetched_at < CACHE_FOR else None

    def last_known(self, team_id: str, user_id: str) -> Profile | None:
        """The profile Slack gave last, however old (for when Slack cannot be asked)."""
        with read_scope(self.engine) as session:
            row = session.get(SlackUser, (team_id, user_id))
            return _profile(row) if row else None

    def learn(self, team_id: str, user_id: str, fresh: Profile) -> Profile:
        """Keep what Slack says of someone; if their zone moved, re-plan what they get, which is timed in it
        (their reminders, summary, milestones and, as a director, digests); if their account was deactivated
        or came back, see bot.people.leaving."""
        now = self.clock.now()
        before = self.last_known(team_id, user_id)
        row = SlackUser(
            team_id=team_id,
            user_id=user_id,
            timezone=fresh.timezone,
            locale=fresh.locale,
            name=fresh.name,
            known=fresh.known,
            is_bot=fresh.is_bot,
            deleted=fresh.deleted,
            is_admin=fresh.is_admin,
            home_team_id=fresh.home_team,
            home_enterprise_id=fresh.home_enterprise,
            handle=fresh.handle,
            fetched_at=now,
        )
        if fresh.deleted != (before is not None and before.deleted):  # the account and what it changes, at once
            with session_scope(self.engine) as session:
                session.merge(row)
                session.flush()
                account_changed(session, team_id, user_id, deleted=fresh.deleted, now=now)
            return fresh
        # a concurrent first request may cache them meanwhile: theirs is just as fresh
        insert_once(self.engine, row, or_update=True)
        if before is not None and before.timezone != fresh.timezone:
            with session_scope(self.engine) as session:
                replan_person(session, team_id, user_id, now)
        return fresh


def _profile(row: SlackUser) -> Profile:
    return Profile(
        row.timezone,
        row.locale,
        row.name,
        row.known,
        row.is_bot,
        row.deleted,
        row.is_admin,
        row.home_team_id,
        row.home_enterprise_id,
        row.handle,
    )
