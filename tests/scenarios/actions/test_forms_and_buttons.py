"""`/action`'s form, its buttons and the message shortcut, through signed HTTP: a form or a click creates
one action however often Slack sends it, and the form says what it leaves out."""

from __future__ import annotations

import logging
import re

from sqlmodel import Session, select

from storage.models import Action, ActionOwner
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, TOM
from tests.scenarios.steps import actions, create, form_values, open_form
from tests.slackcheck import all_text, buttons, only, shown


def test_action_alone_opens_the_form_and_submitting_creates(box):
    view = open_form(box, "/action")
    assert view["callback_id"] == "action_create"
    assert {b["block_id"] for b in view["blocks"]} == {"text", "owners", "due_date", "due_time"}
    mark = box.slack.mark()
    reply = box.driver.submit(view, form_values("Book the venue", [MARIE, KARIM], "2026-12-04", "10:00"), user=MARIE)
    assert reply.status == 200 and reply.body == ""  # the modal closes
    calls = box.slack.since(mark)
    assert "Book the venue" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    only(calls, "chat.postMessage", channel=KARIM)
    (created,) = actions(box)
    assert created.due_at.isoformat() == "2026-12-04T09:00:00+00:00"


def test_form_errors_land_on_the_field_and_create_nothing(box):
    view = open_form(box, "/action")
    cases = [
        (form_values("   ", [MARIE]), "text"),
        (form_values("ok", [MARIE], None, "10:00"), "due_date"),
        (form_values("ok", [MARIE], "2026-11-01"), "due_date"),
    ]
    for values, field in cases:
        reply = box.driver.submit(view, values, user=MARIE)
        assert reply.status == 200
        body = reply.json()
        assert body["response_action"] == "errors" and list(body["errors"]) == [field]
    assert actions(box) == []


def test_message_shortcut_prefills_and_keeps_the_permalink(box):
    mark = box.slack.mark()
    box.driver.message_shortcut(
        "create_action_item",
        user=MARIE,
        channel=CHANNEL,
        message_text="Relancer &lt;la CCI&gt; avec <@U0KARIM|karim>",
        message_ts="1700000100.000100",
        author=DIRECTOR,
    )
    calls = box.slack.since(mark)
    only(calls, "chat.getPermalink")
    view = shown(calls)
    text_input = next(b for b in view["blocks"] if b["block_id"] == "text")["element"]
    assert text_input["initial_value"] == "Relancer <la CCI> avec @karim"
    assert "private_metadata" not in view  # what it acts on is recorded by the bot, not sent for a client to echo
    mark = box.slack.mark()
    box.driver.submit(view, form_values(text_input["initial_value"], [MARIE]), user=MARIE)
    post = only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL)
    assert "p1700000100000100" in all_text(post.args)
    assert actions(box)[0].permalink.endswith("p1700000100000100")


def test_long_message_is_prefilled_in_part_and_says_so(box):
    mark = box.slack.mark()
    box.driver.message_shortcut(
        "create_action_item",
        user=TOM,
        channel=CHANNEL,
        message_text="word " * 400,
        message_ts="1700000100.000200",
        author=DIRECTOR,
    )
    view = shown(box.slack.since(mark))
    assert len(next(b for b in view["blocks"] if b["block_id"] == "text")["element"]["initial_value"]) == 1500
    assert "longer than 1500 characters" in all_text(view)


def test_done_button_updates_the_channel_message(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_done", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    calls = box.slack.since(mark)
    update = only(calls, "chat.update")
    assert update.args["ts"] == post.result["ts"] and set(buttons(update.args)) == {"action_reopen"}
    assert not [c for c in calls if c.method == "respond"], "the updated message is the answer"
    assert actions(box)[0].status == "done"
    mark = box.slack.mark()
    box.driver.click_button(update.args, "action_reopen", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    assert actions(box)[0].status == "open"


def test_done_from_a_dm_updates_both_copies(box):
    mark = box.slack.mark()
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim>", user=MARIE, channel=CHANNEL)
    dm = only(box.slack.since(mark), "chat.postMessage", channel=KARIM)
    mark = box.slack.mark()
    box.driver.click_button(dm.args, "action_done", user=KARIM, channel=dm.result["channel"], ts=dm.result["ts"])
    calls = box.slack.since(mark)
    only(calls, "chat.update", channel=CHANNEL)
    assert only(calls, "respond").args["replace_original"] is True


def test_snooze_button_moves_the_due_date_to_the_next_working_day(box):
    post = create(box, "Préparer le séminaire pour vendredi 10h")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_snooze", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    assert actions(box)[0].due_at.isoformat() == "2026-12-07T09:00:00+00:00"  # Friday's: Monday, not Saturday
    assert "lun. 7 déc." in all_text(only(box.slack.since(mark), "respond").args)


def test_buttons_refuse_strangers(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_done", user=TOM, channel=CHANNEL, ts=post.result["ts"])
    calls = box.slack.since(mark)
    assert "Only the creator" in all_text(only(calls, "respond").args)
    assert not [c for c in calls if c.method == "chat.update"]
    assert actions(box)[0].status == "open"


def test_button_on_a_deleted_action(box):
    post = create(box, "Préparer le séminaire")
    box.driver.command("/action", "delete 1", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_done", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    assert "n'existe plus" in all_text(only(box.slack.since(mark), "respond").args)


def test_reassign_button_opens_a_form_that_reassigns(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_reassign", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    view = shown(box.slack.since(mark))
    mark = box.slack.mark()
    box.driver.submit(view, {"owners": {"type": "multi_users_select", "selected_users": [TOM]}}, user=MARIE)
    calls = box.slack.since(mark)
    only(calls, "chat.postMessage", channel=TOM)
    assert "<@U0TOM>" in all_text(only(calls, "chat.update").args)
    with Session(box.runtime.engine) as s:
        assert [o.user_id for o in s.exec(select(ActionOwner))] == [TOM]


def test_reassign_form_refuses_strangers_on_the_field(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_reassign", user=KARIM, channel=CHANNEL, ts=post.result["ts"])
    view = shown(box.slack.since(mark))
    reply = box.driver.submit(view, {"owners": {"type": "multi_users_select", "selected_users": [KARIM]}}, user=KARIM)
    assert list(reply.json()["errors"]) == ["owners"]


def test_the_same_form_submitted_twice_creates_one_action_and_says_so(box):
    mark = box.slack.mark()
    box.driver.command("/action", "", user=MARIE, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    box.driver.submit(view, form_values("Préparer le séminaire", [MARIE]), user=MARIE, view_id="V0SAME")
    mark = box.slack.mark()
    box.driver.submit(view, form_values("Préparer le séminaire", [MARIE]), user=MARIE, view_id="V0SAME")
    with Session(box.runtime.engine) as s:
        assert len(list(s.exec(select(Action)))) == 1
    told = only(box.slack.since(mark), "chat.postEphemeral")
    assert "déjà été créée" in all_text(told.args)
    assert not box.slack.since(mark, "chat.postMessage")  # not announced twice either


def test_a_double_click_on_create_anyway_creates_one_action(box):
    box.driver.command("/action", "Rédiger la synthèse pour 27/11", user=MARIE, channel=CHANNEL)
    prompt = box.slack.calls("respond")[-1].args
    box.driver.click_button(prompt, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="0")
    box.driver.click_button(prompt, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="0")
    assert len(actions(box)) == 1


def test_the_action_form_says_when_phases_are_left_out(box):
    mission = box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL)
    for n in range(1, 106):
        box.driver.command("/phase", f'add "Phase {n:03d}" 01/02/2027 30/04/2027', user=MARIE, channel=CHANNEL)
    assert mission is not None
    text = all_text(open_form(box, "/action", ""))
    assert "Phase 105" in text or re.search(r"\b5\b", text.split("Phase 100")[-1]), "phases past 100 cut silently"


def test_a_form_sent_back_to_be_fixed_says_so_in_plain_text_and_logs_no_error(box, caplog):
    view = open_form(box, "/action")
    reply = box.driver.submit(view, form_values("", [MARIE]), user=MARIE)
    error = reply.json()["errors"]["text"]
    assert "description" in error and "`" not in error  # a form error is plain text: no markup shown raw
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert actions(box) == []
