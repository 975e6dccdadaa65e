"""Reading what the bot sent, for assertions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.slacktext import DATE_TOKEN, fallbacks
from sandbox.standin import Call


def all_text(payload: dict) -> str:
    """Every piece of text in a message or view, for 'does it say X' checks: date tokens as their fallback,
    the words a client that cannot show them prints (`dates` reads the tokens)."""
    return fallbacks(raw_text(payload))


def raw_text(payload: dict) -> str:
    return json.dumps(payload.get("blocks", payload), ensure_ascii=False) + payload.get("text", "")


def dates(payload: dict) -> list[tuple[datetime, str, str]]:
    """The date tokens of a message or view: (the instant, Slack's format, the fallback)."""
    return [(datetime.fromtimestamp(int(m[1]), UTC), m[2], m[3]) for m in DATE_TOKEN.finditer(raw_text(payload))]


def only(calls: list[Call], method: str, **match: str) -> Call:
    found = [c for c in calls if c.method == method and all(c.args.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one {method} {match}, got {[(c.method, c.args.get('channel')) for c in calls]}"
    return found[0]


def answer(calls: list[Call]) -> str:
    """The text of the single ephemeral answer to a command."""
    return all_text(only(calls, "respond").args)


def said(calls: list[Call]) -> str:
    told = ("respond", "chat.postEphemeral", "chat.postMessage")
    return " ".join(all_text(c.args) for c in calls if c.method in told)


def shown(calls: list[Call]) -> dict:
    """What the one modal opened among `calls` shows once loaded: the last update of its loading view."""
    opened = only(calls, "views.open")
    assert opened.args["view"].get("callback_id") is None, "a modal opens on the loading view"
    external_id = opened.args["view"]["external_id"]
    updates = [c for c in calls if c.method == "views.update" and c.args.get("external_id") == external_id]
    assert updates and updates[-1].result.get("ok"), "the modal still shows the loading view"
    return updates[-1].args["view"]


def buttons(payload: dict) -> dict[str, str]:
    return {
        el["action_id"]: el.get("value", "")
        for b in payload.get("blocks", [])
        if b["type"] == "actions"
        for el in b["elements"]
    }


def home_opened(user: str, event_id: str = "EvHOME") -> str:
    """The app_home_opened event Slack sends when `user` opens the bot's Home tab."""
    return json.dumps(
        {
            "type": "event_callback",
            "event_id": event_id,
            "team_id": "T0CONCERTO",
            "api_app_id": "A0CONCERTO",
            "event_time": 1,
            "event": {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1.0"},
        }
    )


def home_click(slack, user: str, action_id: str, value: str, key: str) -> dict:
    """The block_actions payload of a button clicked on `user`'s Home (no response_url there)."""
    return {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T0CONCERTO"},
        "trigger_id": slack.trigger_id(key),
        "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "type": "home"},
        "actions": [{"action_id": action_id, "block_id": "home:1", "type": "button", "value": value, "action_ts": "1"}],
    }
