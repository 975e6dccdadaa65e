"""Block Kit for a mission's set-up and for what its project director is told. Pure."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location

from bot.blocks import input_block, message, modal, option
from bot.context import Context
from bot.i18n import N_, t, weekday_abbreviations
from bot.payloads import Json

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Mission

LANGUAGE_NAMES = {"fr": N_("lang.fr"), "en": N_("lang.en")}


def naming_channel(lang: str, plain: str, named: str, channel_name: str | None) -> str:
    """A title that names the mission's channel (`named`, a msgid with `{channel}`) once Slack has told its name
    (`channel_rename`), else the `plain` one."""
    return t(lang, named, channel=channel_name) if channel_name else t(lang, plain)


HELD = {"archived": N_("channel.held_archived"), "removed": N_("channel.held_removed")}


def channel_held(channel_id: str, why: str, *, lang: str) -> Json:
    """To the director, once: the mission is paused, why, and what brings it back."""
    return message(t(lang, HELD[why], channel=f"<#{channel_id}>"))


def channel_resumed(channel_id: str, *, lang: str) -> Json:
    """To the director, once: the mission goes on, and what became of what was held."""
    return message(t(lang, "channel.resumed", channel=f"<#{channel_id}>"))


ZONES = (  # what a French public client's missions work in: Europe, overseas France, partners abroad
    "Europe/Paris",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Zurich",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Africa/Casablanca",
    "Africa/Algiers",
    "Africa/Tunis",
    "Africa/Dakar",
    "Africa/Abidjan",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "America/Miquelon",
    "America/Toronto",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Indian/Reunion",
    "Indian/Mayotte",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Pacific/Wallis",
    "UTC",
)


def zone_options(lang: str, now: datetime, current: str) -> list[Json]:
    """The zones as Slack shows its own, `(UTC+01:00) Paris`, by offset today (the mission's own zone
    among them, should it be another)."""
    names = ZONES if current in ZONES else (*ZONES, current)

    def offset(name: str) -> int:
        delta = now.astimezone(ZoneInfo(name)).utcoffset()
        return int(delta.total_seconds()) // 60 if delta else 0

    def label(name: str) -> str:
        minutes = offset(name)
        sign, minutes = "+" if minutes >= 0 else "-", abs(minutes)
        city = get_timezone_location(name, locale=lang, return_city=True)
        return f"(UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}) {city}"

    return [option(label(name), name) for name in sorted(names, key=lambda n: (offset(n), label(n)))]


def setup_modal(mission: Mission, lang: str, now: datetime) -> Json:
    director = {"type": "users_select", "action_id": "value"}
    if mission.director_id:
        director["initial_user"] = mission.director_id
    languages = [option(t(lang, name), code) for code, name in LANGUAGE_NAMES.items()]
    zones = zone_options(lang, now, mission.timezone)
    days = [option(name, str(i + 1)) for i, name in enumerate(weekday_abbreviations(lang))]
    skip = option(t(lang, "modal.skip_holidays"), "FR")
    alsace = option(t(lang, "modal.alsace_moselle"), "6AE")
    holidays = {"type": "checkboxes", "action_id": "value", "options": [skip, alsace]}
    kept = [skip] if mission.holiday_country else []
    if mission.holiday_country and mission.holiday_subdivision == "6AE":
        kept.append(alsace)
    if kept:
        holidays["initial_options"] = kept
    return modal(
        "mission_setup",
        lang,
        "modal.setup_title",
        blocks=[
            input_block("director", t(lang, "modal.director"), director),
            input_block(
                "timezone",
                t(lang, "modal.timezone"),
                {
                    "type": "static_select",
                    "action_id": "value",
                    "options": zones,
                    "initial_option": next(o for o in zones if o["value"] == mission.timezone),
                },
            ),
            input_block(
                "language",
                t(lang, "modal.language"),
                {
                    "type": "static_select",
                    "action_id": "value",
                    "options": languages,
                    "initial_option": next(o for o in languages if o["value"] == mission.language),
                },
            ),
            input_block(
                "work_start",
                t(lang, "modal.work_start"),
                {"type": "timepicker", "action_id": "value", "initial_time": mission.work_start},
            ),
            input_block(
                "work_end",
                t(lang, "modal.work_end"),
                {"type": "timepicker", "action_id": "value", "initial_time": mission.work_end},
            ),
            input_block(
                "work_days",
                t(lang, "modal.work_days"),
                {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": days,
                    "initial_options": [d for d in days if d["value"] in mission.work_days],
                },
            ),
            input_block("holidays", t(lang, "modal.holidays"), holidays, optional=True),
        ],
    )


def director_named(channel: str, ctx: Context) -> Json:
    """To whoever is named the mission's project director: what the role brings them."""
    return message(t(ctx.lang, "director.named", channel=f"<#{channel}>"))
