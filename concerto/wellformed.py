"""The shapes Slack always sends, checked before Bolt sees a signed request (concerto.web): a body of any
other shape is answered 400. Bolt 1.30 indexes these fields without looking (slack_bolt/request/internals.py
builds the context, request/payload_utils.py and kwargs_injection/utils.py the listener arguments, the
listener matchers and built-in middleware match on them), and so do our acks: on anything else they raise,
Bolt answers 500, and Slack retries and shows the person an error.

`problem(raw, content_type)` says what is wrong, or None. What is checked:

- The body is UTF-8. Bolt reads it as JSON when the content type is `application/json` or the text starts
  with `{` (events); otherwise as a form, which Slack percent-encodes (printable ASCII only), each field
  once: a slash command's fields, or an interaction's JSON in a `payload` field (when the word is in the body).
- The JSON is an object nested at most MAX_DEPTH deep with a string `type`, and no string in it holds a
  NUL (PostgreSQL cannot store one) or a lone surrogate (not Unicode).
- FIELDS: wherever these appear, in the body and in the objects and lists of NESTED (`event`, `view`,
  `actions`…, as deep as they nest), they have these types.
- REQUIRED: what each kind of request carries, by `type`; a body with `command` is a slash command, a form.
- INPUTS: the state of a modal's inputs (`view.state.values`: block id → action id → state), a date
  picker's as `YYYY-MM-DD` and a time picker's as `HH:MM`.

The contents of `private_metadata`, which Slack returns as the app set it, are the listeners' own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, time
from urllib.parse import parse_qsl

WORD = "payload"  # Bolt takes a form body with this text anywhere for an interaction's `payload=`
MAX_DEPTH = 64  # Slack's payloads nest about 10 deep (a message's rich text in a block_actions payload)
_FORM = re.compile(r"[\x20-\x7e]*")


def _string(value) -> bool:
    return isinstance(value, str)


def _id(value) -> bool:
    return value is None or isinstance(value, str)


def _party(value) -> bool:
    """Who or where: an id, nothing, or an object whose id is a string."""
    return _id(value) or isinstance(value, dict) and _string(value.get("id", ""))


def _object(value) -> bool:
    return isinstance(value, dict)


def _objects(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _option(value) -> bool:
    return isinstance(value, dict) and _string(value.get("value"))


def _iso(pattern: str, parse: Callable[[str], object]) -> Callable[[object], bool]:
    """Nothing chosen, or what a date or time picker sends: `pattern`, and a real date or time."""

    def check(value) -> bool:
        try:
            return value is None or isinstance(value, str) and bool(re.fullmatch(pattern, value) and parse(value))
        except ValueError:
            return False

    return check


FIELDS = {
    **dict.fromkeys(
        ("type", "command", "callback_id", "action_id", "block_id", "trigger_id", "response_url", "private_metadata"),
        _string,
    ),
    **dict.fromkeys(("team_id", "enterprise_id", "user_id", "channel_id", "app_installed_team_id"), _id),
    **dict.fromkeys(("user", "team", "enterprise", "channel"), _party),
    **dict.fromkeys(
        ("event", "view", "state", "item", "message", "previous_message", "assistant_thread", "workflow_step"), _object
    ),
    **dict.fromkeys(("actions", "authorizations", "response_urls"), _objects),
}
NESTED = (
    "user",
    "team",
    "enterprise",
    "channel",
    "event",
    "view",
    "state",
    "item",
    "message",
    "previous_message",
    "assistant_thread",
    "actions",
    "authorizations",
    "response_urls",
)

REQUIRED = {
    "command": ("command", "text", "user_id", "channel_id", "team_id", "trigger_id", "response_url"),
    "event_callback": ("event_id", "event.type"),
    "block_actions": ("user.id", "actions.0.action_id", "trigger_id"),
    "interactive_message": ("callback_id", "actions.0"),
    "view_submission": (
        "user.id",
        "view.id",
        "view.type",
        "view.callback_id",
        "view.private_metadata",
        "view.state.values",
    ),
    "view_closed": ("user.id", "view.id", "view.type", "view.callback_id"),
    "shortcut": ("user.id", "callback_id", "trigger_id"),
    "message_action": ("user.id", "callback_id", "trigger_id", "channel.id", "message"),
    "workflow_step_edit": ("callback_id", "workflow_step"),  # Bolt's steps from apps, which Slack retired
}

INPUTS = {
    **dict.fromkeys(("value", "selected_user", "selected_channel", "selected_conversation"), _id),
    "selected_date": _iso(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date.fromisoformat),
    "selected_time": _iso(r"[0-9]{2}:[0-9]{2}", time.fromisoformat),
    **dict.fromkeys(("selected_users", "selected_channels", "selected_conversations"), _strings),
    "selected_option": lambda value: value is None or _option(value),
    "selected_options": lambda value: isinstance(value, list) and all(_option(item) for item in value),
}


def is_json(text: str, content_type: str) -> bool:
    """Whether Bolt reads the body as JSON (slack_bolt.request.internals.parse_body), not as a form."""
    return content_type.split(";")[0] == "application/json" or text.startswith("{")


def parse(text: str, content_type: str) -> tuple[str, object]:
    """Where the body comes from ("event", "payload" or "form") and what Bolt reads in it, once a form with
    the word elsewhere than in a `payload` field is re-signed with it escaped (concerto.web); raises
    ValueError or RecursionError where Bolt's parser would."""
    if is_json(text, content_type):
        return "event", json.loads(text)
    fields = dict(parse_qsl(text, keep_blank_values=True))
    payload = fields.get(WORD) if WORD in text else None
    return ("form", fields) if payload is None else ("payload", json.loads(payload))


def problem(raw: bytes, content_type: str) -> str | None:
    """What is wrong with a signed body, by the list above; None if it has a shape Slack sends."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if not is_json(text, content_type):
        if not _FORM.fullmatch(text):
            return "a form with characters that percent-encoding leaves out"
        names = [name for name, _ in parse_qsl(text, keep_blank_values=True)]
        if len(names) != len(set(names)):  # Bolt reads the last, the inbox's retry identity the first
            return "a form with a field twice"
    try:
        source, body = parse(text, content_type)
    except (ValueError, RecursionError):
        return "malformed JSON"
    if not isinstance(body, dict):
        return "JSON that is not an object"
    if source == "form":
        kind = "command" if "command" in body else None
    elif not _string(body.get("type")):
        return f"an {source} without a type"
    elif "command" in body:
        return "a slash command that is not a form"
    else:
        kind = body["type"]
    return _odd(body) or _fields(body) or _required(body, kind) or _inputs(body)


def _odd(body: dict) -> str | None:
    """Too deep, or a string no Slack request holds (walked without recursion: that is what depth breaks)."""
    stack = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nested deeper than {MAX_DEPTH}"
        if isinstance(value, dict):
            stack += [(item, depth + 1) for pair in value.items() for item in pair]
        elif isinstance(value, list):
            stack += [(item, depth + 1) for item in value]
        elif isinstance(value, str) and ("\x00" in value or not value.isascii() and not _unicode(value)):
            return "a string with a NUL or a lone surrogate"
    return None


def _unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fields(value: dict, path: str = "") -> str | None:
    for key, check in FIELDS.items():
        if key in value and not check(value[key]):
            return f"{path}{key} of the wrong type"
    for key in NESTED:
        nested = value.get(key)
        for item in nested if isinstance(nested, list) else [nested]:
            if isinstance(item, dict) and (wrong := _fields(item, f"{path}{key}.")):
                return wrong
    return None


def _at(value, path: str):
    """The value at a dotted path (list items by index), or None."""
    for step in path.split("."):
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return None
    return value


def _required(body: dict, kind: str | None) -> str | None:
    missing = [path for path in REQUIRED.get(kind or "", ()) if _at(body, path) is None]
    return f"a {kind} without {', '.join(missing)}" if missing else None


def _inputs(body: dict) -> str | None:
    values = _at(body, "view.state.values")
    if values is None:
        return None
    if not isinstance(values, dict) or not all(
        _object(block) and all(_object(state) for state in block.values()) for block in values.values()
    ):
        return "view.state.values is not block id → action id → state"
    for block in values.values():
        for state in block.values():
            for key, check in INPUTS.items():
                if key in state and not check(state[key]):
                    return f"an input's {key} of the wrong type"
    return None
