"""Who a person is, as far as we need: their time zone and locale."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Profile:
    timezone: str | None
    locale: str | None

    def zone(self, fallback: str) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone or fallback)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(fallback)
