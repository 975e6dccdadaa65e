"""The stand-in's canvases: `conversations.canvases.create`, `canvases.create`, `canvases.edit`, checked
as Slack documents them (a `canvases:write` scope in the manifest, `document_content` of type markdown
up to 1 MiB, one channel canvas per channel, the edit operations and their arguments) and with what
a workspace's plan allows made injectable (`slack.canvas_plan("free")`, or `"none"` for no canvases).
Canvas markdown names people as `![](@U…)`: a mrkdwn mention or `<!here>` in it is a bug."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sandbox.rules import Channel

CANVAS_METHODS = {"conversations.canvases.create", "canvases.create", "canvases.edit", "canvases.sections.lookup"}
SECTION_TYPES = {"h1", "h2", "h3", "any_header"}
HEADINGS = {"h1": ("# ",), "h2": ("## ",), "h3": ("### ",), "any_header": ("# ", "## ", "### ")}
SCOPE = "canvases:write"
MANIFEST = Path(__file__).resolve().parent.parent / "manifest.json"
MAX_MARKDOWN = 1_048_576
OPERATIONS = {"insert_after", "insert_before", "insert_at_start", "insert_at_end", "replace", "delete", "rename"}
_MENTION = re.compile(r"!\[\]\(([@#])([^)]*)\)")
_MRKDWN_SPECIAL = re.compile(r"<[@#!][^>]*>")


@dataclass
class Canvas:
    id: str
    title: str | None
    markdown: str
    channel: str | None
    channel_canvas: bool
    edits: int = 0


@dataclass
class CanvasState:
    plan: str = "paid"  # paid | free (no channel canvases) | none (canvases disabled)
    canvases: dict[str, Canvas] = field(default_factory=dict)
    channel_canvases: dict[str, str] = field(default_factory=dict)  # channel -> canvas id


def bot_scopes() -> set[str]:
    return set(json.loads(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"])


def markdown_problems(markdown: str) -> list[str]:
    problems = [f"mrkdwn markup in canvas markdown: {m.group()!r}" for m in _MRKDWN_SPECIAL.finditer(markdown)]
    for sigil, target in _MENTION.findall(markdown):
        if not re.fullmatch(r"[UW][A-Z0-9]{2,}" if sigil == "@" else r"[CG][A-Z0-9]{2,}", target):
            problems.append(f"malformed canvas mention {sigil}{target!r}")
    return problems


def content_problems(content: object, *, required: bool) -> list[str]:
    if content is None:
        return ["document_content missing"] if required else []
    if (
        not isinstance(content, dict)
        or content.get("type") != "markdown"
        or not isinstance(content.get("markdown"), str)
    ):
        return [f"document_content must be {{type: markdown, markdown: …}}, got {content!r:.80}"]
    if len(content["markdown"]) > MAX_MARKDOWN:
        return ["canvas markdown over 1 MiB"]
    return markdown_problems(content["markdown"])


def lookup_problems(args: dict) -> list[str]:
    criteria = args.get("criteria")
    if not args.get("canvas_id"):
        return ["canvases.sections.lookup needs canvas_id"]
    if not isinstance(criteria, dict) or not (criteria.get("section_types") or criteria.get("contains_text")):
        return ["criteria needs section_types or contains_text"]
    if not set(criteria.get("section_types") or []) <= SECTION_TYPES:
        return [f"section_types must be among {sorted(SECTION_TYPES)}"]
    return []


class CanvasesState(Protocol):
    """What the canvases read of the stand-in's state (StandInState): the canvases, and the channels."""

    canvases: CanvasState
    channels: dict[str, Channel]


class CanvasStandIn:
    """Mixed into SlackStandIn (its `state`, `_cond`, `_ts` and channels)."""

    state: CanvasesState
    _cond: threading.Condition
    _ts: Iterator[int]

    def canvas_plan(self, plan: str) -> None:
        """What the workspace's plan allows from now on: `paid`, `free` or `none`."""
        self.state.canvases.plan = plan

    def canvases(self) -> dict[str, Canvas]:
        with self._cond:
            return dict(self.state.canvases.canvases)

    def channel_canvas(self, channel: str) -> Canvas | None:
        with self._cond:
            found = self.state.canvases.channel_canvases.get(channel)
            return self.state.canvases.canvases.get(found) if found else None

    def canvas_problems(self, method: str, args: dict) -> list[str]:
        """What Slack would refuse in a canvas call's shape (the plan's refusals are answers, not bugs)."""
        if method not in CANVAS_METHODS:
            return []
        if SCOPE not in bot_scopes():
            return [f"missing scope {SCOPE} in manifest.json"]
        if method == "conversations.canvases.create":
            missing = [] if args.get("channel_id") else ["channel_id missing"]
            return missing + content_problems(args.get("document_content"), required=False)
        if method == "canvases.create":
            return content_problems(args.get("document_content"), required=False)
        if method == "canvases.sections.lookup":
            return lookup_problems(args)
        return self._edit_problems(args)

    def _edit_problems(self, args: dict) -> list[str]:
        changes = args.get("changes")
        if not args.get("canvas_id") or not isinstance(changes, list) or not changes:
            return ["canvases.edit needs canvas_id and a non-empty changes list"]
        problems = []
        for change in changes:
            op = change.get("operation")
            if op not in OPERATIONS:
                problems.append(f"unknown canvas operation {op!r}")
            elif op in ("insert_after", "insert_before", "delete") and not change.get("section_id"):
                problems.append(f"{op} needs a section_id")
            elif op == "rename":
                problems += [] if change.get("title_content") else ["rename needs title_content"]
            elif op != "delete":
                problems += content_problems(change.get("document_content"), required=True)
        return problems

    def _new_canvas(self, args: dict, channel: str | None, channel_canvas: bool) -> Canvas:
        content = args.get("document_content") or {}
        canvas = Canvas(
            f"F{next(self._ts):08d}", args.get("title"), content.get("markdown", ""), channel, channel_canvas
        )
        with self._cond:
            self.state.canvases.canvases[canvas.id] = canvas
            if channel_canvas:
                assert channel is not None  # conversations.canvases.create has one (canvas_problems)
                self.state.canvases.channel_canvases[channel] = canvas.id
        return canvas

    def _channel_refusal(self, channel: str | None) -> dict | None:
        if channel and channel not in self.state.channels:
            return {"ok": False, "error": "channel_not_found"}
        if channel and not self.state.channels[channel].member:
            return {"ok": False, "error": "not_in_channel"}
        return None

    def _conversations_canvases_create(self, args: dict) -> dict:
        channel = args.get("channel_id")
        if self.state.canvases.plan != "paid":
            return {
                "ok": False,
                "error": "team_tier_cannot_create_channel_canvases"
                if self.state.canvases.plan == "free"
                else "canvas_disabled_user_team",
            }
        if refusal := self._channel_refusal(channel):
            return refusal
        if channel in self.state.canvases.channel_canvases:
            return {"ok": False, "error": "channel_canvas_already_exists"}
        return {"ok": True, "canvas_id": self._new_canvas(args, channel, True).id}

    def _canvases_create(self, args: dict) -> dict:
        channel = args.get("channel_id")
        if self.state.canvases.plan == "none":
            return {"ok": False, "error": "canvas_disabled_user_team"}
        if self.state.canvases.plan == "free" and not channel:
            return {"ok": False, "error": "free_teams_cannot_create_non_tabbed_canvases"}
        if refusal := self._channel_refusal(channel):
            return refusal
        return {"ok": True, "canvas_id": self._new_canvas(args, channel, False).id}

    def _canvases_edit(self, args: dict) -> dict:
        with self._cond:
            canvas = self.state.canvases.canvases.get(args.get("canvas_id", ""))
            if canvas is None:
                return {"ok": False, "error": "canvas_not_found"}
            for change in args["changes"]:
                markdown = (change.get("document_content") or {}).get("markdown", "")
                if change["operation"] == "replace" and not change.get("section_id"):
                    canvas.markdown = markdown
                elif change["operation"] == "insert_at_end":
                    canvas.markdown += markdown
                elif change["operation"] == "insert_at_start":
                    canvas.markdown = markdown + canvas.markdown
                elif change["operation"] == "rename":
                    canvas.title = change["title_content"].get("markdown")
            canvas.edits += 1
        return {"ok": True}

    def _canvases_sections_lookup(self, args: dict) -> dict:
        """Sections are the canvas's lines; a heading type or a text picks them."""
        with self._cond:
            canvas = self.state.canvases.canvases.get(args["canvas_id"])
            if canvas is None:
                return {"ok": False, "error": "canvas_not_found"}
            criteria = args["criteria"]
            wanted = tuple(m for kind in criteria.get("section_types") or [] for m in HEADINGS[kind])
            text = criteria.get("contains_text")
            found = [
                f"{canvas.id}:{n}"
                for n, line in enumerate(canvas.markdown.splitlines())
                if (not wanted or line.lstrip().startswith(wanted)) and (not text or text in line)
            ]
        return {"ok": True, "sections": [{"id": s} for s in found]}
