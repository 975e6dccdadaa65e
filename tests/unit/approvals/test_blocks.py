"""What the validator reads (their DM, its buttons), and the state line the canvas and the Word file print."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.approvals.blocks import APPROVE, CHANGES, SHOWN, approval_request, changes_modal, state_text
from bot.approvals.values import Approval, Submission
from bot.blocks import check_message
from bot.context import Context
from tests.slackcheck import all_text

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SENT = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)


def submission(decisions: tuple[str, ...]) -> Submission:
    state = Approval(7, 2, "submitted", "U0BRUNO", "U0CAMILLE", SENT)
    return Submission(state, "COTECH <!here>", datetime(2026, 12, 1, 13, 0, tzinfo=UTC), "C0SHARED", decisions, 3)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dm_shows_the_decisions_and_two_buttons_naming_the_version_not_a_person(lang):
    msg = approval_request(submission(("Budget <!channel> voté",)), Context(lang, PARIS, NOW))
    check_message(msg)
    text = all_text(msg)
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text and "&lt;!here&gt;" in text
    buttons = [e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == [APPROVE, CHANGES]
    assert all(json.loads(b["value"]) == {"a": 7, "v": 2} for b in buttons)  # never who may click


def test_a_long_register_is_cut_and_says_how_many_more():
    msg = approval_request(submission(tuple(f"Décision {n}" for n in range(40))), Context("fr", PARIS, NOW))
    check_message(msg)
    text = all_text(msg)
    assert f"Décision {SHOWN - 1}" in text and f"Décision {SHOWN}" not in text and "25 autres décisions" in text


def test_the_form_s_title_and_button_fit_slack_s_limits():
    for lang in ("fr", "en"):
        view = changes_modal(lang, {"approval": 7, "version": 2})
        assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24


@pytest.mark.parametrize(
    ("approval", "says"),
    [
        (None, "brouillon, version 1, pas encore soumis"),
        (Approval(1, 1, "draft", None), "brouillon, version 1"),
        (Approval(1, 1, "submitted", "U0BRUNO", "U0C", SENT), "version 1 soumise à @U0BRUNO le mar. 1 déc., 16h30"),
        (Approval(1, 1, "approved", "U0BRUNO", "U0C", SENT, "U0BRUNO", SENT), "version 1 approuvée par @U0BRUNO"),
        (
            Approval(1, 1, "changes", "U0BRUNO", "U0C", SENT, "U0BRUNO", SENT, "Le lieu\n*précis*"),
            "modification demandée par @U0BRUNO le mar. 1 déc., 16h30\u00a0: « [Le lieu *précis*] »",
        ),
        (
            Approval(1, 2, "changed", "U0BRUNO", "U0C", SENT, "U0BRUNO", SENT),
            "version 2, modifiée depuis son approbation par @U0BRUNO",
        ),
    ],
)
def test_the_state_line(approval, says):
    line = state_text(approval, Context("fr", PARIS, NOW), lambda uid: f"@{uid}", lambda text: f"[{text}]")
    assert says in line
