"""The `/concerto` grammar: one keyword, in French or English; anything else is the help."""

from __future__ import annotations

import pytest

from bot.missions.grammar import MissionCommand, parse_mission_command


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
    assert parse_mission_command(raw) == MissionCommand(verb)
