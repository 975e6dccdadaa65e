"""Bodies Bolt's own parser gets wrong, answered before Bolt (concerto/web.py), through signed HTTP:
a command with the word "payload" works, malformed signed bodies get 400, bad signatures still 401."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from sqlmodel import Session, select

from storage.models import Action
from tests.conftest import CHANNEL, MARIE
from tests.slackcheck import all_text, only

FORM = "application/x-www-form-urlencoded"


def actions(box) -> list[str]:
    with Session(box.runtime.engine) as s:
        return [a.text for a in s.exec(select(Action)).all()]


@pytest.mark.parametrize("text", ["Relire le payload du webhook <@U0MARIE|marie> pour vendredi", "payload=1 & payload"])
def test_a_command_saying_payload_works(box, text):
    mark = box.slack.mark()
    reply = box.driver.command("/action", text, user=MARIE, channel=CHANNEL)
    assert reply.status == 200
    assert [t for t in actions(box) if "payload" in t], "the action was created"
    assert "payload" in all_text(only(box.slack.since(mark), "chat.postMessage").args)


@pytest.mark.parametrize(
    "body, ctype",
    [
        pytest.param(urlencode({"payload": '{"type": "block_actions", "user": '}), FORM, id="broken payload JSON"),
        pytest.param(urlencode({"payload": "[1, 2]"}), FORM, id="payload not an object"),
        pytest.param(
            '{"type": "event_callback", "event": {"type": "app_home_op', "application/json", id="truncated event JSON"
        ),
        pytest.param('["event_callback"]', "application/json", id="event not an object"),
    ],
)
def test_signed_malformed_bodies_get_400(box, body, ctype):
    mark = box.slack.mark()
    reply = box.driver.post(body, ctype)
    assert reply.status == 400
    assert box.slack.since(mark) == [] and actions(box) == []


@pytest.mark.parametrize(
    "body, ctype",
    [
        pytest.param(urlencode({"payload": '{"type": '}), FORM, id="broken payload JSON"),
        pytest.param('{"type": "event_call', "application/json", id="truncated event JSON"),
        pytest.param(
            urlencode({"command": "/action", "text": "payload", "user_id": MARIE, "channel_id": CHANNEL}),
            FORM,
            id="command saying payload",
        ),
    ],
)
def test_unsigned_bodies_still_get_401_and_change_nothing(box, body, ctype):
    mark = box.slack.mark()
    forged = box.driver.post(body, ctype, signature="v0=" + "0" * 64)
    stale = box.driver.post(body, ctype, timestamp=int(time.time()) - 600)
    assert (forged.status, stale.status) == (401, 401)
    assert box.slack.since(mark) == [] and actions(box) == []


def test_a_well_formed_payload_still_reaches_its_listener(box):
    box.driver.command("/action", "Réserver la salle <@U0MARIE|marie> pour vendredi", user=MARIE, channel=CHANNEL)
    message = box.slack.calls("chat.postMessage")[0]
    mark = box.slack.mark()
    reply = box.driver.click_button(message.args, "action_done", user=MARIE, channel=CHANNEL, ts=message.result["ts"])
    assert reply.status == 200 and json.loads(reply.body or "{}") == {}
    assert box.slack.since(mark, "chat.update")
