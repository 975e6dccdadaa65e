"""The set-up form's time zones: as Slack users know them, by offset, in the reader's language."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.missions.blocks import ZONES, zone_options

WINTER, SUMMER = datetime(2026, 12, 3, tzinfo=timezone.utc), datetime(2027, 7, 1, tzinfo=timezone.utc)


def labels(lang: str, now: datetime, current: str = "Europe/Paris") -> dict[str, str]:
    return {o["value"]: o["text"]["text"] for o in zone_options(lang, now, current)}


def test_zones_are_named_by_city_and_offset_on_the_day_in_the_readers_language():
    assert labels("fr", WINTER)["Europe/Paris"] == "(UTC+01:00) Paris"
    assert labels("fr", SUMMER)["Europe/Paris"] == "(UTC+02:00) Paris"
    assert labels("fr", WINTER)["Europe/London"] == "(UTC+00:00) Londres"
    assert labels("en", WINTER)["Indian/Reunion"] == "(UTC+04:00) Réunion"
    assert labels("fr", WINTER)["America/Martinique"] == "(UTC-04:00) Martinique"


def test_they_run_west_to_east_and_fit_one_select():
    options = zone_options("fr", WINTER, "Europe/Paris")
    assert len(options) <= 100  # a static_select holds 100 options
    names = [o["value"] for o in options]
    assert names.index("Pacific/Tahiti") < names.index("America/Cayenne") < names.index("Europe/Paris")
    assert names.index("Europe/Paris") < names.index("Pacific/Noumea")


def test_a_mission_in_another_zone_finds_it_offered():
    assert "Asia/Ho_Chi_Minh" not in ZONES
    assert labels("fr", WINTER, "Asia/Ho_Chi_Minh")["Asia/Ho_Chi_Minh"] == "(UTC+07:00) Hô-Chi-Minh-Ville"
