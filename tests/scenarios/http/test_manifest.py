"""The Slack app manifest matches what the app answers."""

from __future__ import annotations

import pytest

from tests.conftest import CHANNEL, MARIE
from tests.unit.http.test_manifest import COMMANDS, MANIFEST


@pytest.mark.parametrize("command", COMMANDS)
def test_every_declared_command_is_answered(box, command):
    mark = box.slack.mark()
    reply = box.driver.command(command, "help", user=MARIE, channel=CHANNEL)
    assert reply.status == 200
    assert [c.method for c in box.slack.since(mark) if c.method == "respond"] == ["respond"]


@pytest.mark.parametrize("shortcut", MANIFEST["features"]["shortcuts"], ids=lambda s: s["callback_id"])
def test_every_declared_shortcut_opens_its_form(box, shortcut):
    mark = box.slack.mark()
    reply = box.driver.message_shortcut(
        shortcut["callback_id"], user=MARIE, channel=CHANNEL, message_text="hello", message_ts="1.2", author=MARIE
    )
    assert reply.status == 200
    assert [c.method for c in box.slack.since(mark)].count("views.open") == 1
