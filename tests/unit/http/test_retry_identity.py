"""What the inbox de-duplicates on: Slack's retry identity, never the timestamp or signature a retry changes."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from concerto.handoff import retry_identity


def test_an_event_is_known_by_its_event_id():
    body = json.dumps({"type": "event_callback", "event_id": "Ev0PV52K21", "event": {"type": "app_home_opened"}})
    assert retry_identity(body) == "event:Ev0PV52K21"


def test_a_command_and_an_interaction_by_their_trigger_id():
    command = urlencode({"command": "/action", "text": "list", "trigger_id": "13345224609.738474920.8088930838d88f"})
    payload = urlencode({"payload": json.dumps({"type": "block_actions", "trigger_id": "1334.5.abc", "actions": []})})
    assert retry_identity(command) == "trigger:13345224609.738474920.8088930838d88f"
    assert retry_identity(payload) == "trigger:1334.5.abc"


def test_anything_else_by_its_body():
    body = urlencode({"payload": json.dumps({"type": "block_suggestion", "value": "ma"})})
    assert retry_identity(body) == retry_identity(body) != retry_identity(body + "&x=1")
    assert retry_identity(body).startswith("body:")
