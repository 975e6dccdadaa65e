"""What Slack refuses in a payload's shape: Block Kit (slack_sdk's models plus the limits they skip),
message and view sizes, canvases arguments."""

from __future__ import annotations

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
