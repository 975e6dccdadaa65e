"""Who a person is, as far as we need: their time zone, locale and own workspace."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Profile:
    timezone: str | None
    locale: str | None
    home_team: str | None = None  # users.info's team_id: in Slack Connect, maybe another organisation's

    def zone(self, fallback: str) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone or fallback)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(fallback)
