"""Send requests to the app exactly as Slack does: signed, form-encoded, with real payload shapes."""
from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from sandbox.standin import TEAM, SlackStandIn


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}


class SlackDriver:
    def __init__(self, app_url: str, signing_secret: str, slack: SlackStandIn, *, settle=None) -> None:
        """`settle()`, when given, waits until the app has finished the work it does after acking."""
        self.url = app_url.rstrip("/") + "/slack/events"
        self.signer = SignatureVerifier(signing_secret)
        self.slack = slack
        self.settle = settle or (lambda: None)
        self._ids = itertools.count(1)

    # --- raw ------------------------------------------------------------------------------
    def post(self, body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             extra_headers: dict | None = None) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        if signature is None:
            signature = self.signer.generate_signature(timestamp=ts, body=body)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
            **(extra_headers or {}),
        }
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as res:
                reply = Reply(res.status, res.read().decode())
        except urllib.error.HTTPError as err:
            reply = Reply(err.code, err.read().decode())
        self.settle()
        return reply

    def _next(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    # --- what people do -------------------------------------------------------------------
    def command_body(self, command: str, text: str, *, user: str, channel: str, channel_name: str = "mission") -> str:
        return urlencode({
            "token": "legacy-verification-token", "team_id": TEAM, "team_domain": "concerto-demo",
            "channel_id": channel, "channel_name": channel_name,
            "user_id": user, "user_name": self.slack.user_name(user),
            "command": command, "text": text, "api_app_id": "A0CONCERTO", "is_enterprise_install": "false",
            "response_url": self.slack.response_url(self._next("cmd")), "trigger_id": self._next("trigger."),
        })

    def command(self, command: str, text: str = "", *, user: str, channel: str) -> Reply:
        return self.post(self.command_body(command, text, user=user, channel=channel),
                         "application/x-www-form-urlencoded")

    def interactive(self, payload: dict) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def click(self, action_id: str, value: str, *, user: str, channel: str, message_ts: str,
              block_id: str = "b", ephemeral: bool = False) -> Reply:
        return self.interactive({
            "type": "block_actions", "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0CONCERTO",
            "team": {"id": TEAM, "domain": "concerto-demo"}, "trigger_id": self._next("trigger."),
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": ephemeral},
            "channel": {"id": channel}, "message": {"ts": message_ts, "text": ""},
            "response_url": self.slack.response_url(self._next("act")),
            "actions": [{"action_id": action_id, "block_id": block_id, "type": "button", "value": value,
                         "action_ts": str(time.time())}],
        })

    def click_button(self, message: dict, action_id: str, *, user: str, channel: str, ts: str) -> Reply:
        """Click the button `action_id` found in a message the bot posted."""
        for block in message.get("blocks", []):
            for el in block.get("elements", []):
                if el.get("action_id") == action_id:
                    return self.click(action_id, el["value"], user=user, channel=channel, message_ts=ts,
                                      block_id=block.get("block_id", "b"))
        raise LookupError(f"no button {action_id} in that message")

    def submit(self, view: dict, values: dict, *, user: str) -> Reply:
        """Submit a modal the bot opened; `values` maps block_id to the element state."""
        state = {block_id: {"value": element} for block_id, element in values.items()}
        return self.interactive({
            "type": "view_submission", "team": {"id": TEAM, "domain": "concerto-demo"},
            "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0CONCERTO", "trigger_id": self._next("trigger."),
            "view": {"id": self._next("V"), "team_id": TEAM, "type": "modal", "callback_id": view["callback_id"],
                     "private_metadata": view.get("private_metadata", ""), "hash": self._next("h"),
                     "state": {"values": state}, "blocks": view.get("blocks", [])},
        })

    def message_shortcut(self, callback_id: str, *, user: str, channel: str, message_text: str,
                         message_ts: str, author: str) -> Reply:
        return self.interactive({
            "type": "message_action", "callback_id": callback_id, "trigger_id": self._next("trigger."),
            "team": {"id": TEAM, "domain": "concerto-demo"}, "user": {"id": user, "team_id": TEAM},
            "channel": {"id": channel, "name": "mission"}, "message_ts": message_ts,
            "message": {"type": "message", "user": author, "text": message_text, "ts": message_ts},
            "response_url": self.slack.response_url(self._next("sc")),
        })
