"""The shapes Slack checks on `canvases.*` and `oauth.v2.access`, and a small store that answers them.

Canvases hold markdown sections; `canvases.edit` applies the documented operations to them.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

OPERATIONS = {"insert_after", "insert_before", "insert_at_start", "insert_at_end", "replace", "delete", "rename"}
NEEDS_SECTION = {"insert_after", "insert_before", "delete"}
SECTION_TYPES = {"h1", "h2", "h3", "any_header"}


def content_problem(content: object) -> str | None:
    """A `document_content` must be `{"type": "markdown", "markdown": "..."}`."""
    if not isinstance(content, dict) or content.get("type") != "markdown" or not isinstance(
            content.get("markdown"), str):
        return "document_content must be {type: markdown, markdown: str}"
    return None


def change_problems(changes: object) -> list[str]:
    if not isinstance(changes, list) or not changes:
        return ["changes must be a non-empty list"]
    problems = []
    for change in changes:
        op = change.get("operation") if isinstance(change, dict) else None
        if op not in OPERATIONS:
            problems.append(f"unknown canvas operation {op!r}")
        elif op in NEEDS_SECTION and not change.get("section_id"):
            problems.append(f"{op} needs a section_id")
        elif op == "rename" and content_problem(change.get("title_content")):
            problems.append("rename needs title_content {type: markdown, markdown: str}")
        elif op not in ("delete", "rename") and (p := content_problem(change.get("document_content"))):
            problems.append(f"{op}: {p}")
    return problems


def lookup_problems(args: dict) -> list[str]:
    criteria = args.get("criteria")
    if not args.get("canvas_id"):
        return ["canvases.sections.lookup needs canvas_id"]
    if not isinstance(criteria, dict) or not (criteria.get("section_types") or criteria.get("contains_text")):
        return ["criteria needs section_types or contains_text"]
    if not set(criteria.get("section_types") or []) <= SECTION_TYPES:
        return [f"section_types must be among {sorted(SECTION_TYPES)}"]
    return []


def canvas_problems(method: str, args: dict) -> list[str]:
    """What Slack would refuse as `invalid_arguments` in a canvases call."""
    content = args.get("document_content")
    if method == "conversations.canvases.create" and not args.get("channel_id"):
        return ["conversations.canvases.create needs channel_id"]
    if method in ("conversations.canvases.create", "canvases.create") and content is not None:
        return [p] if (p := content_problem(content)) else []
    if method == "canvases.edit":
        return ["canvases.edit needs canvas_id"] if not args.get("canvas_id") else change_problems(args.get("changes"))
    if method == "canvases.sections.lookup":
        return lookup_problems(args)
    return []


@dataclass
class Canvas:
    id: str
    channel: str | None
    title: str | None
    sections: list[tuple[str, str]] = field(default_factory=list)  # (section id, markdown)


class Canvases:
    """Canvases Slack holds, one channel canvas per channel at most."""

    def __init__(self) -> None:
        self.by_id: dict[str, Canvas] = {}
        self._ids = itertools.count(1)

    def _section(self, markdown: str) -> tuple[str, str]:
        return f"temp:C:{next(self._ids):08d}", markdown

    def create(self, args: dict, *, channel_canvas: bool) -> dict:
        channel = args.get("channel_id")
        if channel_canvas and any(c.channel == channel and c.title is None for c in self.by_id.values()):
            return {"ok": False, "error": "channel_canvas_already_exists"}
        canvas = Canvas(f"F{next(self._ids):08d}C", channel, None if channel_canvas else args.get("title", ""))
        if content := args.get("document_content"):
            canvas.sections.append(self._section(content["markdown"]))
        self.by_id[canvas.id] = canvas
        return {"ok": True, "canvas_id": canvas.id}

    def edit(self, args: dict) -> dict:
        canvas = self.by_id.get(args["canvas_id"])
        if canvas is None:
            return {"ok": False, "error": "canvas_not_found"}
        for change in args["changes"]:
            if (error := self._apply(canvas, change)) is not None:
                return {"ok": False, "error": error}
        return {"ok": True}

    def _apply(self, canvas: Canvas, change: dict) -> str | None:
        op, ids = change["operation"], [s for s, _ in canvas.sections]
        section = change.get("section_id")
        if section is not None and section not in ids:
            return "canvas_editing_failed"
        if op == "rename":
            canvas.title = change["title_content"]["markdown"]
            return None
        at = ids.index(section) if section is not None else None
        new = self._section(change.get("document_content", {}).get("markdown", ""))
        if op == "delete":
            del canvas.sections[at]
        elif op == "replace":
            canvas.sections = [new] if at is None else [*canvas.sections[:at], new, *canvas.sections[at + 1:]]
        elif op == "insert_at_start":
            canvas.sections.insert(0, new)
        elif op == "insert_at_end":
            canvas.sections.append(new)
        else:
            canvas.sections.insert(at + (op == "insert_after"), new)
        return None

    def lookup(self, args: dict) -> dict:
        canvas = self.by_id.get(args["canvas_id"])
        if canvas is None:
            return {"ok": False, "error": "canvas_not_found"}
        criteria = args["criteria"]
        marks = {"h1": ("# ",), "h2": ("## ",), "h3": ("### ",), "any_header": ("# ", "## ", "### ")}
        wanted = tuple(m for t in criteria.get("section_types") or [] for m in marks[t])
        text = criteria.get("contains_text")
        found = [s for s, md in canvas.sections
                 if (not wanted or md.lstrip().startswith(wanted)) and (not text or text in md)]
        return {"ok": True, "sections": [{"id": s} for s in found]}


@dataclass
class OAuthApp:
    """The app's OAuth credentials and the codes Slack handed out on install (code -> team id)."""

    client_id: str = "1111.2222"
    client_secret: str = "oauth-secret"
    codes: dict[str, str] = field(default_factory=dict)

    def access(self, args: dict, basic: tuple[str, str] | None, *, scopes: str, bot_user: str) -> dict:
        """oauth.v2.access: client credentials (form fields or HTTP Basic) and a code used once."""
        client_id, secret = basic or (args.get("client_id"), args.get("client_secret"))
        if not client_id or not args.get("code"):
            return {"ok": False, "error": "invalid_arguments"}
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        team = self.codes.pop(args["code"], None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        return {"ok": True, "access_token": f"xoxb-{team}-installed", "token_type": "bot", "scope": scopes,
                "bot_user_id": bot_user, "app_id": "A0CONCERTO", "team": {"id": team, "name": team},
                "enterprise": None, "is_enterprise_install": False, "authed_user": {"id": "U0INSTALLER"}}
