"""No input gets a 5xx: bodies and headers Slack never sends, through the real app over HTTP, are answered
4xx before Bolt (concerto.web, concerto.wellformed), changing nothing and logging no error; and random
mutations of valid signed bodies never get a 5xx."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from unittest.mock import patch
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.actions.blocks import action_modal
from testing.harness import SECRET
from tests.conftest import CHANNEL, MARIE
from tests.scenarios.http.test_http import nothing_stored

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def post(box, raw: bytes, content_type: str, *, timestamp: str | None = None, signature: str | None = None) -> int:
    """POST raw bytes to /slack/events, signed over those bytes unless `signature` is given; the status.
    (The driver signs text: these bodies need not be UTF-8.)"""
    timestamp = timestamp or str(int(time.time()))
    if signature is None:
        signature = (
            "v0=" + hmac.new(SECRET.encode(), b"v0:%s:%s" % (timestamp.encode(), raw), hashlib.sha256).hexdigest()
        )
    request = urllib.request.Request(
        box.url + "/slack/events",
        data=raw,
        method="POST",
        headers={"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as res:
            status = res.status
    except urllib.error.HTTPError as err:
        status = err.code
    box.driver.settle()
    assert status < 500, f"HTTP {status} for {raw[:200]!r}"
    return status


def command(box, **changes) -> dict:
    fields = dict(parse_qsl(box.driver.command_body("/action", "list", user=MARIE, channel=CHANNEL)))
    return {k: v for k, v in {**fields, **changes}.items() if v is not None}


def built(box, send) -> dict:
    """The payload a driver method sends, not sent."""
    sent: list[dict] = []
    with patch.object(box.driver, "interactive", sent.append):
        send()
    return sent[0]


def click(box) -> dict:
    return built(box, lambda: box.driver.click("action_done", "1", user=MARIE, channel=CHANNEL, message_ts="1.1"))


FORM_VALUES = {
    "text": {"type": "plain_text_input", "value": "Préparer le séminaire"},
    "owners": {"type": "multi_users_select", "selected_users": [MARIE]},
    "due_date": {"type": "datepicker", "selected_date": None},
    "due_time": {"type": "timepicker", "selected_time": None},
}


def submission(box) -> dict:
    view = {**action_modal("fr", author=MARIE), "private_metadata": json.dumps({"channel": CHANNEL})}
    return built(box, lambda: box.driver.submit(view, FORM_VALUES, user=MARIE))


def event(box) -> dict:
    sent: list[str] = []
    with patch.object(box.driver, "post", lambda body, _ctype: sent.append(body)):
        box.driver.event({"type": "app_home_opened", "user": MARIE, "channel": "D0HOME", "tab": "home"})
    return json.loads(sent[0])


def form(fields: dict) -> bytes:
    return urlencode(fields).encode()


def interaction(payload: dict) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def changed(payload: dict, path: str, value) -> dict:
    """`payload` with the value at the dotted `path` replaced (or dropped, when `value` is DROP)."""
    payload = copy.deepcopy(payload)
    *parents, last = path.split(".")
    target = payload
    for step in parents:
        target = target[int(step)] if isinstance(target, list) else target[step]
    if value is DROP:
        del target[int(last) if isinstance(target, list) else last]
    else:
        target[int(last) if isinstance(target, list) else last] = value
    return payload


DROP = object()
DEEP = b"[" * 100_000 + b"]" * 100_000

HOSTILE = {
    # headers
    "unsigned deep JSON (not parsed)": (lambda box: (DEEP, JSON, {"signature": "v0=" + "0" * 64}), 401),
    "timestamp not a number, signed": (lambda box: (form(command(box)), FORM, {"timestamp": "abc"}), 401),
    "timestamp of 5,000 digits": (lambda box: (form(command(box)), FORM, {"timestamp": "9" * 5000}), 401),
    "signature not ASCII": (lambda box: (form(command(box)), FORM, {"signature": "v0=é"}), 401),
    # bytes
    "form not UTF-8": (lambda box: (form(command(box)) + b"&x=\xff\xfe", FORM, {}), 400),
    "event not UTF-8": (lambda box: (b'{"type": "event_callback", "x": "\xff\xfe"}', JSON, {}), 400),
    "form with a NUL byte": (lambda box: (form(command(box)) + b"\x00", FORM, {}), 400),
    "event 100,000 deep": (lambda box: (DEEP, JSON, {}), 400),
    "payload 100,000 deep": (lambda box: (b"payload=" + DEEP, FORM, {}), 400),
    "payload twice": (lambda box: (b"payload=%7B&" + interaction(click(box)), FORM, {}), 400),
    "payload 100 deep": (
        lambda box: (interaction(changed(click(box), "message.x", json.loads("[" * 100 + "]" * 100))), FORM, {}),
        400,
    ),
    "a string with NUL": (lambda box: (interaction(changed(click(box), "user.id", "U\x00")), FORM, {}), 400),
    "a lone surrogate": (lambda box: (interaction(changed(click(box), "user.id", "\ud800")), FORM, {}), 400),
    # slash commands
    "command without text": (lambda box: (form(command(box, text=None)), FORM, {}), 400),
    "command without channel_id": (lambda box: (form(command(box, channel_id=None)), FORM, {}), 400),
    "command with an event field": (lambda box: (form(command(box, event="x")), FORM, {}), 400),
    "command with authorizations": (lambda box: (form(command(box, authorizations="a")), FORM, {}), 400),
    "command as JSON": (lambda box: (json.dumps(command(box)).encode(), JSON, {}), 400),
    # interactions
    "payload without type": (lambda box: (interaction(changed(click(box), "type", DROP)), FORM, {}), 400),
    "payload type not a string": (lambda box: (interaction(changed(click(box), "type", 5)), FORM, {}), 400),
    "actions an object": (lambda box: (interaction(changed(click(box), "actions", {"0": {}})), FORM, {}), 400),
    "actions empty": (lambda box: (interaction(changed(click(box), "actions", [])), FORM, {}), 400),
    "action without action_id": (
        lambda box: (interaction(changed(click(box), "actions.0.action_id", DROP)), FORM, {}),
        400,
    ),
    "user not an object": (lambda box: (interaction(changed(click(box), "user", 7)), FORM, {}), 400),
    "user a list": (lambda box: (interaction(changed(click(box), "user", ["id"])), FORM, {}), 400),
    "team id a list": (lambda box: (interaction(changed(click(box), "team.id", ["T"])), FORM, {}), 400),
    "event field in a payload": (lambda box: (interaction(changed(click(box), "event", "type")), FORM, {}), 400),
    "view without type": (lambda box: (interaction(changed(submission(box), "view.type", DROP)), FORM, {}), 400),
    "view a string": (lambda box: (interaction(changed(submission(box), "view", "callback_id")), FORM, {}), 400),
    "view without private_metadata": (
        lambda box: (interaction(changed(submission(box), "view.private_metadata", DROP)), FORM, {}),
        400,
    ),
    "input state not an object": (
        lambda box: (interaction(changed(submission(box), "view.state.values.text.value", 5)), FORM, {}),
        400,
    ),
    "input value a number": (
        lambda box: (interaction(changed(submission(box), "view.state.values.text.value.value", 5)), FORM, {}),
        400,
    ),
    "selected_date not a date": (
        lambda box: (
            interaction(changed(submission(box), "view.state.values.due_date.value.selected_date", "2026-02-30")),
            FORM,
            {},
        ),
        400,
    ),
    "selected_users not strings": (
        lambda box: (
            interaction(changed(submission(box), "view.state.values.owners.value.selected_users", [1])),
            FORM,
            {},
        ),
        400,
    ),
    "steps from apps without workflow_step": (
        lambda box: (interaction({"type": "workflow_step_edit", "callback_id": "x", "user": {"id": MARIE}}), FORM, {}),
        400,
    ),
    "attachment action without actions": (
        lambda box: (interaction({"type": "interactive_message", "callback_id": "x", "user": {"id": MARIE}}), FORM, {}),
        400,
    ),
    # events
    "event without type": (lambda box: (json.dumps(changed(event(box), "type", DROP)).encode(), JSON, {}), 400),
    "event a string": (lambda box: (json.dumps(changed(event(box), "event", "type")).encode(), JSON, {}), 400),
    "event a list": (lambda box: (json.dumps(changed(event(box), "event", ["type"])).encode(), JSON, {}), 400),
    "event user a number": (lambda box: (json.dumps(changed(event(box), "event.user", 3)).encode(), JSON, {}), 400),
    "authorizations strings": (
        lambda box: (json.dumps(changed(event(box), "authorizations", ["a"])).encode(), JSON, {}),
        400,
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_inputs_get_4xx_and_change_nothing(box, caplog, case):
    make, expected = HOSTILE[case]
    raw, content_type, headers = make(box)
    mark = box.slack.mark()
    with caplog.at_level(logging.INFO):
        assert post(box, raw, content_type, **headers) == expected
    assert box.slack.since(mark) == [] and nothing_stored(box)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_the_valid_bodies_mutated_below_are_served(box):
    for raw, content_type in [
        (form(command(box)), FORM),
        (interaction(click(box)), FORM),
        (interaction(submission(box)), FORM),
        (json.dumps(event(box)).encode(), JSON),
    ]:
        assert post(box, raw, content_type) == 200


def paths(value, prefix: str = "") -> list[str]:
    """The dotted path of every value inside `value`."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    return [p for key, item in items for p in [f"{prefix}{key}", *paths(item, f"{prefix}{key}.")]]


OTHER = st.sampled_from([None, True, 0, -1, 2.5, "", "x", [], [1], ["a"], {}, {"id": 1}, {"type": None}])
ODD_BYTE = st.sampled_from([*range(0x00, 0x20), 0x7F, *range(0x80, 0x100)])
KINDS = {
    "command": (command, form),
    "block_actions": (click, interaction),
    "view_submission": (submission, interaction),
    "event": (event, lambda body: json.dumps(body).encode()),
}


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_signed_bodies_never_get_a_5xx(box, kind, data):
    """A field dropped, a value of another JSON type (not in a form: its values are text), or an odd byte
    anywhere in the raw body."""
    make, encode = KINDS[kind]
    body = make(box)
    mutation = data.draw(st.sampled_from(["drop", "byte"] if kind == "command" else ["drop", "retype", "byte"]))
    if mutation == "byte":
        raw = encode(body)
        at = data.draw(st.integers(0, 10**6)) % (len(raw) + 1)  # the body's length varies with its ids
        raw = raw[:at] + bytes([data.draw(ODD_BYTE)]) + raw[at:]
    else:
        path = data.draw(st.sampled_from(paths(body)))
        current = _at(body, path)
        value = DROP if mutation == "drop" else data.draw(OTHER.filter(lambda v: type(v) is not type(current)))
        raw = encode(changed(body, path, value))
    post(box, raw, JSON if kind == "event" else FORM)


def _at(body, path: str):
    for step in path.split("."):
        body = body[int(step)] if isinstance(body, list) else body[step]
    return body
