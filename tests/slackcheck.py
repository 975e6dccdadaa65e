"""Reading what the bot sent, for assertions."""
from __future__ import annotations

import json

from sandbox.standin import Call


def all_text(payload: dict) -> str:
    """Every piece of text in a message or view, for 'does it say X' checks."""
    return json.dumps(payload.get("blocks", payload), ensure_ascii=False) + payload.get("text", "")


def only(calls: list[Call], method: str, **match: str) -> Call:
    found = [c for c in calls if c.method == method and all(c.args.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one {method} {match}, got {[(c.method, c.args.get('channel')) for c in calls]}"
    return found[0]


def buttons(payload: dict) -> dict[str, str]:
    return {el["action_id"]: el.get("value", "") for b in payload.get("blocks", []) if b["type"] == "actions"
            for el in b["elements"]}
