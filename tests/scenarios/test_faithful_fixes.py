"""Issue 13, phase 2: the pieces behind the fixes, beyond the defects' own tests
(tests/test_slack_defects.py): sections split, the ack's first look at a command, idempotent forms,
joining a public channel at setup, Home buttons that say what they did."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.actions.grammar import OpenModal, parse_action_command
from bot.actions.grammar import opens_form as action_opens_form
from bot.blocks import MAX_SECTION, fitted, section, split_text
from bot.digests.grammar import opens_form as digest_opens_form
from bot.errors import UserError
from bot.meetings.grammar import opens_form as meeting_opens_form
from bot.missions.grammar import opens_form as mission_opens_form
from bot.phases.grammar import opens_form as phase_opens_form
from storage.models import Action
from testing.harness import setup_values
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE
from tests.slackcheck import all_text, buttons, home_click, home_opened, only, shown

PUBLIC = "C0PUBLIC"
NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


# --- sections never overflow --------------------------------------------------------------------------
def test_a_long_text_is_split_at_spaces_and_never_inside_an_entity_or_a_link():
    text = ("R&amp;D <@U0KARIM> " * 400).strip()
    parts = split_text(text, MAX_SECTION)
    assert len(parts) > 1 and all(len(p) <= MAX_SECTION for p in parts)
    assert " ".join(parts) == text
    assert all(p.count("&") == p.count(";") and p.count("<") == p.count(">") for p in parts)


def test_one_unbroken_word_longer_than_a_section_is_still_cut():
    parts = split_text("x" * 7000, MAX_SECTION)
    assert [len(p) for p in parts] == [3000, 3000, 1000]


def test_fitted_keeps_short_blocks_and_gives_the_accessory_to_the_first_piece():
    button = {"type": "button", "text": {"type": "plain_text", "text": "ok"}, "action_id": "a"}
    long = section("mot " * 1500, accessory=button)
    blocks = fitted([section("court"), long, {"type": "divider"}])
    assert blocks[0] == section("court") and blocks[-1] == {"type": "divider"}
    pieces = blocks[1:-1]
    assert len(pieces) == 2 and pieces[0]["accessory"] == button and "accessory" not in pieces[1]
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in pieces)


# --- the ack's first look agrees with the grammar -----------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "add", "ajouter", "nouvelle", "add Préparer", "list", "done 3",
                                  "Préparer le séminaire", "<@U0KARIM|karim>", "help"])
def test_the_action_form_opens_exactly_when_the_grammar_says_so(text):
    try:
        opens = isinstance(parse_action_command(text, NOW), OpenModal)
    except UserError:  # explained by the work after the ack
        opens = False
    assert action_opens_form(text) is opens


@pytest.mark.parametrize("opens, text, expected", [
    (meeting_opens_form, "", True), (meeting_opens_form, "add", True), (meeting_opens_form, "list", False),
    (meeting_opens_form, "nonsense", False),
    (phase_opens_form, "", True), (phase_opens_form, "list", False), (phase_opens_form, "bogus", False),
    (digest_opens_form, "settings", True), (digest_opens_form, "réglages", True), (digest_opens_form, "", False),
    (digest_opens_form, "settings weekly friday 17h", False), (digest_opens_form, "bogus", False),
    (mission_opens_form, "setup", True), (mission_opens_form, "settings", True), (mission_opens_form, "export", False),
])
def test_each_command_opens_its_form_when_it_should(opens, text, expected):
    assert opens(text) is expected


# --- forms, setup, Home -------------------------------------------------------------------------------
def _action_values(text: str) -> dict:
    return {"text": {"type": "plain_text_input", "value": text},
            "owners": {"type": "multi_users_select", "selected_users": [MARIE]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None}}


def test_the_same_form_submitted_twice_creates_one_action_and_says_so(box):
    mark = box.slack.mark()
    box.driver.command("/action", "", user=MARIE, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    box.driver.submit(view, _action_values("Préparer le séminaire"), user=MARIE, view_id="V0SAME")
    mark = box.slack.mark()
    box.driver.submit(view, _action_values("Préparer le séminaire"), user=MARIE, view_id="V0SAME")
    with Session(box.runtime.engine) as s:
        assert len(list(s.exec(select(Action)))) == 1
    told = only(box.slack.since(mark), "chat.postEphemeral")
    assert "déjà été créée" in all_text(told.args)
    assert not box.slack.since(mark, "chat.postMessage")  # not announced twice either


def test_setup_in_a_public_channel_joins_it_and_confirms_there(box):
    box.slack.add_channel(PUBLIC, "public-mission")
    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=DIRECTOR, channel=PUBLIC)
    view = shown(box.slack.since(mark))
    box.driver.submit(view, setup_values(DIRECTOR), user=DIRECTOR)
    assert box.slack.state.channels[PUBLIC].member
    confirmed = only(box.slack.calls(), "chat.postEphemeral", channel=PUBLIC)
    assert confirmed.result["ok"]


def test_feedback_where_the_bot_cannot_answer_comes_by_dm_with_the_hint(box):
    box.slack.add_channel("G0PRIVATE", "private-mission", private=True)  # never invited
    mark = box.slack.mark()
    box.driver.command("/action", "", user=MARIE, channel="G0PRIVATE")
    view = shown(box.slack.since(mark))
    mark = box.slack.mark()
    box.driver.submit(view, _action_values("Relire le compte rendu"), user=MARIE)
    dm = only(box.slack.since(mark), "chat.postMessage", channel=MARIE)
    assert dm.result["ok"] and "/invite @Concerto" in all_text(dm.args)


def test_a_home_button_says_what_it_did(box):
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.post(home_opened(KARIM, "EvHOME2"), "application/json")
    view = box.slack.calls("views.publish")[-1].args["view"]
    mark = box.slack.mark()
    box.driver.interactive(home_click(box.slack, KARIM, "action_done", buttons(view)["action_done"], "home.2"))
    redrawn = [c for c in box.slack.since(mark, "views.publish") if c.args["user_id"] == KARIM]
    assert redrawn and "n°1 est terminée" in all_text(redrawn[-1].args["view"])
