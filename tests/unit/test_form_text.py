"""Text typed in forms, or taken from a message, made ready for a service. Pure."""
from __future__ import annotations

import pytest

from bot.actions.grammar import MAX_ACTION_TEXT, prefill_text
from bot.meetings.forms import agenda_item_from_form, decisions_from_form


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", ("", False)),
        ("Book  the\nvenue ", ("Book the venue", False)),
        ("Ask &amp; <@U1|bob>  now", ("Ask & @bob now", False)),
        ("x" * MAX_ACTION_TEXT, ("x" * MAX_ACTION_TEXT, False)),
        ("x" * (MAX_ACTION_TEXT + 1), ("x" * MAX_ACTION_TEXT, True)),
    ],
)
def test_prefill_text(message, expected):
    assert prefill_text(message) == expected


@pytest.mark.parametrize(("typed", "expected"), [(None, ""), ("", ""), ("  Budget \n review ", "Budget review")])
def test_agenda_item(typed, expected):
    assert agenda_item_from_form(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (None, []),
        ("\n \n", []),
        ("Go ahead", ["Go ahead"]),
        ("- Venue: the hémicycle\n• Budget capped\n\n* 800 guests\t\n\t- one more", [
            "Venue: the hémicycle", "Budget capped", "800 guests", "one more"]),
    ],
)
def test_decisions(typed, expected):
    assert decisions_from_form(typed) == expected
