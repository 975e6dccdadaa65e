"""What a mission's settings may be. Pure."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UserError
from bot.i18n import LANGUAGES
from bot.missions.values import MissionSettings

SETUP_FIELDS = {
    "error.bad_timezone": "timezone",
    "error.bad_subdivision": "holidays",
    "error.bad_language": "language",
    "error.work_hours": "work_end",
    "error.work_days": "work_days",
    "error.setup_refused": "director",
}


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


SUBDIVISIONS = ("6AE",)  # what the set-up offers: Alsace-Moselle (the `holidays` package's code)


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
    if s.holiday_subdivision not in (None, *SUBDIVISIONS):
        raise UserError("error.bad_subdivision", given=s.holiday_subdivision)
    subdivision = s.holiday_subdivision if s.holiday_country else None
    return MissionSettings(
        s.director_id, s.timezone, s.language, s.work_start, s.work_end, days, s.holiday_country, subdivision
    )


def why_held(*, archived: bool, removed: bool) -> str | None:
    """Why a mission's notifications are held: its channel archived (read-only: Slack refuses every post) or
    the bot removed from it (nothing reaches it, and its people would hear of a mission that went quiet);
    None while the channel is open to the bot. An archive outweighs a removal: unarchiving comes first."""
    if archived:
        return "archived"
    if removed:
        return "removed"
    return None
