"""Answering people (handlers/replies.py): after a change is saved, what it tells its author is never a
false apology, and reaches them by DM, with the hint to invite the bot, where the bot cannot answer;
a file is shared in a public channel the bot has not joined, and a failed upload is told."""

from __future__ import annotations

from sandbox.faults import Fault
from tests.conftest import CHANNEL, MARIE, PUBLIC
from tests.scenarios.steps import actions, form_values, open_form
from tests.slackcheck import all_text, only, said, shown

APOLOGY = ("rien n'a été modifié", "nothing was changed")


def test_no_false_apology_after_the_action_was_saved(box):
    box.slack.inject("chat.postMessage", Fault(error="fatal_error"))
    mark = box.slack.mark()
    box.driver.command("/action", "Préparer le séminaire pour vendredi", user=MARIE, channel=CHANNEL)
    assert len(actions(box)) == 1
    text = said(box.slack.since(mark))
    assert text and not any(a in text for a in APOLOGY)


def test_a_text_within_the_limit_is_posted_whatever_its_escaping(box):
    typed = ("R&D " * 375)[:1500].strip()  # 1,500 characters as typed, well over 3,000 once escaped for Slack
    mark = box.slack.mark()
    box.driver.command("/action", typed.replace("&", "&amp;"), user=MARIE, channel=CHANNEL)
    assert len(actions(box)) == 1
    calls = box.slack.since(mark)
    assert not any(a in said(calls) for a in APOLOGY)
    assert [c for c in calls if c.method == "chat.postMessage" and c.args.get("channel") == CHANNEL]


def test_feedback_after_the_action_form_reaches_the_person_where_the_bot_is_not_a_member(box):
    box.slack.add_channel(PUBLIC, "public-mission")
    box.slack.inject("chat.postMessage", Fault(error="fatal_error"))  # the channel post fails: feedback is due
    view = open_form(box, "/action", "", channel=PUBLIC)
    mark = box.slack.mark()
    box.driver.submit(
        view,
        {
            "text": {"type": "plain_text_input", "value": "Préparer le séminaire"},
            "owners": {"type": "multi_users_select", "selected_users": [MARIE]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=MARIE,
    )
    delivered = [
        c
        for c in box.slack.since(mark)
        if c.method in ("chat.postEphemeral", "chat.postMessage")
        and c.result.get("ok")
        and c.args.get("channel") in (PUBLIC, MARIE, "D" + MARIE[1:])
    ]
    assert delivered, "the person heard nothing"


def test_feedback_where_the_bot_cannot_answer_comes_by_dm_with_the_hint(box):
    box.slack.add_channel("G0PRIVATE", "private-mission", private=True)  # never invited
    mark = box.slack.mark()
    box.driver.command("/action", "", user=MARIE, channel="G0PRIVATE")
    view = shown(box.slack.since(mark))
    mark = box.slack.mark()
    box.driver.submit(view, form_values("Relire le compte rendu", [MARIE]), user=MARIE)
    dm = only(box.slack.since(mark), "chat.postMessage", channel=MARIE)
    assert dm.result["ok"] and "/invite @Concerto" in all_text(dm.args)


def test_export_in_a_public_channel_the_bot_has_not_joined_shares_the_file(box):
    box.slack.add_channel(PUBLIC, "public-mission")
    box.driver.command("/action", "Préparer le séminaire", user=MARIE, channel=PUBLIC)
    box.driver.command("/concerto", "export", user=MARIE, channel=PUBLIC)
    assert [f for f in box.slack.state.shared if f["channel"] == PUBLIC]


def test_a_failed_byte_upload_is_told(box):
    box.driver.command("/action", "Préparer le séminaire", user=MARIE, channel=CHANNEL)
    box.slack.inject("upload", Fault(500, error="upload failed"))
    mark = box.slack.mark()
    box.driver.command("/concerto", "export", user=MARIE, channel=CHANNEL)
    text = all_text(only(box.slack.since(mark), "respond").args)
    assert not any(a in text for a in APOLOGY), "the generic apology, not what failed and what to do"
    assert "concerto export actions" in text
