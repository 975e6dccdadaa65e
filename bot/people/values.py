"""Who a person is, as far as we need: their time zone and locale, their name, what kind of account it is
and their own workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.context import zone


@dataclass(frozen=True)
class Profile:
    timezone: str | None
    locale: str | None
    name: str | None = None  # the name people know them by (display name, else real name)
    known: bool = True  # False: Slack has no such user
    is_bot: bool = False
    deleted: bool = False  # deactivated
    is_admin: bool = False  # a workspace admin or owner
    home_team: str | None = None  # users.info's team_id: in Slack Connect, maybe another organisation's
    home_enterprise: str | None = None  # users.info's enterprise_user.enterprise_id: their Grid organisation
    handle: str | None = None  # users.info's `name`, the @handle a mention's label shows in text

    def zone(self, fallback: str) -> ZoneInfo:
        return zone(self.timezone, fallback)


@dataclass(frozen=True)
class Mark:
    """What a list of owners says beside someone: their account deactivated, or away until a day."""

    deactivated: bool = False
    away_until: date | None = None
