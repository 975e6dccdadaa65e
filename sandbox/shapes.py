"""What Slack refuses in a payload's shape: Block Kit (slack_sdk's models plus the limits they skip),
message and view sizes, canvases arguments; and what it takes but shows raw (a broken date token)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral", "chat.scheduleMessage", "respond"}
VIEW_METHODS = {"views.open", "views.update", "views.push", "views.publish"}


def block_problems(blocks: list, *, limit: int) -> list[str]:
    """What Slack would reject in a list of blocks (slack_sdk models plus the limits they skip)."""
    problems = []
    if len(blocks) > limit:
        problems.append(f"{len(blocks)} blocks (limit {limit})")
    for raw in blocks:
        try:
            model = Block.parse(raw)
            if model is None:
                problems.append(f"unknown block {raw!r:.80}")
                continue
            model.to_dict()
        except (SlackObjectFormationError, TypeError, KeyError) as exc:
            problems.append(f"{raw.get('type')} block: {exc}")
        for f in raw.get("fields") or []:
            if len(f.get("text", "")) > 2000:
                problems.append("section field over 2000 characters")
        for el in raw.get("elements") or []:
            if el.get("type") == "button" and len(el.get("value", "")) > 2000:
                problems.append("button value over 2000 characters")
    return problems


def payload_problems(method: str, args: dict) -> list[str]:
    if method in MESSAGE_METHODS:
        if not args.get("text") and not args.get("blocks") and not args.get("delete_original"):
            return ["message without text or blocks"]
        if len(args.get("text") or "") > 40000:
            return ["message text over 40,000 characters"]
        return block_problems(args.get("blocks") or [], limit=50)
    if method in VIEW_METHODS:
        view = args.get("view") or {}
        try:
            View(**view).to_dict()
        except (SlackObjectFormationError, TypeError) as exc:
            return [f"view: {exc}"]
        return block_problems(view.get("blocks") or [], limit=100)
    return []


# Slack's date formatting (docs.slack.dev, "Formatting text for app surfaces"): `<!date^UNIX^FORMAT^link|fallback>`,
# in mrkdwn only. A token Slack cannot read (no fallback, a timestamp that is no integer, no format it knows) is
# posted all the same and shown as typed; so is any token in plain_text (headers, buttons, labels). (A canvas
# refuses mrkdwn markup outright: sandbox.canvases.)
DATE_FORMATS = (
    "date_num",
    "date_slash",
    "date",
    "date_short",
    "date_long",
    "date_long_full",
    "date_pretty",
    "date_short_pretty",
    "date_long_pretty",
    "day_divider_pretty",
    "time",
    "time_secs",
    "ago",
)
_ANY_DATE = re.compile(r"<!date\b[^>]*>?")
_DATE = re.compile(r"<!date\^(\d{1,12})\^([^|^>]+)(?:\^[^|>]+)?\|([^>]+)>")


def date_problem(token: str) -> str | None:
    """Why Slack would show this `<!date…>` token raw, if it would."""
    m = _DATE.fullmatch(token)
    if m is None:
        return f"date token shown raw (it needs ^timestamp^format|fallback): {token[:80]!r}"
    formats = re.findall(r"\{([a-z_]+)\}", m.group(2))
    if not formats or any(f not in DATE_FORMATS for f in formats):
        return f"date token with no format Slack knows: {token[:80]!r}"
    if not m.group(3).strip():
        return f"date token with an empty fallback: {token[:80]!r}"
    return None


def shown_raw(method: str, args: dict) -> list[str]:
    """What Slack accepts in a message or a view but shows as typed: a malformed date token in mrkdwn,
    any date token where Slack reads plain text."""
    problems: list[str] = []
    for kind, text in _texts(method, args):
        for m in _ANY_DATE.finditer(text):
            if kind != "mrkdwn":
                problems.append(f"date token in {kind}, shown raw: {m.group(0)[:80]!r}")
            elif (problem := date_problem(m.group(0))) is not None:
                problems.append(problem)
    return problems


def _texts(method: str, args: dict) -> Iterator[tuple[str, str]]:
    """(how Slack reads it, the text) for each text a person reads in a call."""
    if method in MESSAGE_METHODS:
        if isinstance(args.get("text"), str):
            yield "mrkdwn" if args.get("mrkdwn", True) else "plain_text", args["text"]
        yield from _block_texts(args.get("blocks") or [])
    elif method in VIEW_METHODS:
        yield from _block_texts((args.get("view") or {}).get("blocks") or [])
        for key in ("title", "submit", "close"):
            yield from _block_texts((args.get("view") or {}).get(key))
    elif isinstance(args.get("initial_comment"), str):  # a file's comment: a message's mrkdwn
        yield "mrkdwn", args["initial_comment"]


def _block_texts(node: object) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node["type"], node["text"]
        for value in node.values():
            yield from _block_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _block_texts(item)
