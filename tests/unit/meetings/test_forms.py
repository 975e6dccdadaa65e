"""Text typed in a meeting's forms made ready for the service (bot/meetings/forms.py). Pure."""

from __future__ import annotations

import pytest

from bot.meetings.forms import agenda_item_from_form, decisions_from_form


@pytest.mark.parametrize(("typed", "expected"), [(None, ""), ("", ""), ("  Budget \n review ", "Budget review")])
def test_agenda_item(typed, expected):
    assert agenda_item_from_form(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (None, []),
        ("\n \n", []),
        ("Go ahead", ["Go ahead"]),
        (
            "- Venue: the hémicycle\n• Budget capped\n\n* 800 guests\t\n\t- one more",
            ["Venue: the hémicycle", "Budget capped", "800 guests", "one more"],
        ),
    ],
)
def test_decisions(typed, expected):
    assert decisions_from_form(typed) == expected
