"""The `/concerto` grammar: one keyword, in French or English; anything else is the help."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.errors import GrammarError
from bot.missions.grammar import MissionCommand, parse_mission_command
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("raw", "verb"),
    [
        ("setup", "setup"),
        ("config", "setup"),
        ("réglages", "setup"),
        ("reglages", "setup"),
        ("  Setup ", "setup"),
        ("RÉGLAGES", "setup"),
        ("settings", "settings"),
        ("préférences", "settings"),
        ("preferences", "settings"),
        ("rappels", "settings"),
        ("reminders", "settings"),
        ("export", "export"),
        ("Exporter", "export"),
        ("", "help"),
        ("help", "help"),
        ("aide", "help"),
        ("setup now", "help"),
        ("exports", "help"),
    ],
)
def test_mission_command(raw, verb):
    assert parse_mission_command(raw, NOW) == MissionCommand(verb)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("absent du 10/02 au 20/02", MissionCommand("away", (date(2027, 2, 10), date(2027, 2, 20)))),
        ("away from 10/02 to 20/02", MissionCommand("away", (date(2027, 2, 10), date(2027, 2, 20)))),
        ("absente du lundi 14/12 au vendredi 18/12", MissionCommand("away", (date(2026, 12, 14), date(2026, 12, 18)))),
        ("absent fin", MissionCommand("back")),
        ("back", MissionCommand("back")),
        ("de retour", MissionCommand("back")),
    ],
)
def test_an_absence(raw, expected):
    assert parse_mission_command(raw, NOW) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("absent", "concerto.usage_away"),
        ("absent la semaine prochaine", "concerto.usage_away"),
        ("absent du 20/02 au 10/02", "concerto.away_dates"),
        ("absent du 10/02 au bientôt", "error.bad_date"),
    ],
)
def test_an_absence_it_cannot_read_is_said(raw, key):
    with pytest.raises(GrammarError) as err:
        parse_mission_command(raw, NOW)
    assert err.value.key == key
