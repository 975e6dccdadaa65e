"""The ack's first look at a command (each grammar's `opens_form`, which decides whether the ack opens a
modal on a loading view) agrees with the grammar."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.actions.grammar import OpenModal, parse_action_command
from bot.actions.grammar import opens_form as action_opens_form
from bot.digests.grammar import opens_form as digest_opens_form
from bot.errors import UserError
from bot.meetings.grammar import opens_form as meeting_opens_form
from bot.missions.grammar import opens_form as mission_opens_form
from bot.phases.grammar import opens_form as phase_opens_form

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "add",
        "ajouter",
        "nouvelle",
        "add Préparer",
        "list",
        "done 3",
        "Préparer le séminaire",
        "<@U0KARIM|karim>",
        "help",
    ],
)
def test_the_action_form_opens_exactly_when_the_grammar_says_so(text):
    try:
        opens = isinstance(parse_action_command(text, NOW), OpenModal)
    except UserError:  # explained by the work after the ack
        opens = False
    assert action_opens_form(text) is opens


@pytest.mark.parametrize(
    "opens, text, expected",
    [
        (meeting_opens_form, "", True),
        (meeting_opens_form, "add", True),
        (meeting_opens_form, "list", False),
        (meeting_opens_form, "nonsense", False),
        (phase_opens_form, "", True),
        (phase_opens_form, "list", False),
        (phase_opens_form, "bogus", False),
        (digest_opens_form, "settings", True),
        (digest_opens_form, "réglages", True),
        (digest_opens_form, "", False),
        (digest_opens_form, "settings weekly friday 17h", False),
        (digest_opens_form, "bogus", False),
        (mission_opens_form, "setup", True),
        (mission_opens_form, "settings", True),
        (mission_opens_form, "export", False),
    ],
)
def test_each_command_opens_its_form_when_it_should(opens, text, expected):
    assert opens(text) is expected
