"""Block Kit as a person would read it in a terminal."""

from __future__ import annotations

import re
import textwrap

from bot.slacktext import unescape

_LINK = re.compile(r"<([^>|]+)(?:\|([^>]*))?>")
EMOJI = {
    ":white_check_mark:": "✅",
    ":warning:": "⚠️",
    ":hourglass:": "⏳",
    ":hourglass_flowing_sand:": "⏳",
    ":red_circle:": "🔴",
    ":triangular_flag_on_post:": "🚩",
    ":calendar:": "📅",
    ":memo:": "📝",
    ":rotating_light:": "🚨",
    ":alarm_clock:": "⏰",
    ":spiral_calendar_pad:": "🗓",
    ":no_entry_sign:": "🚫",
    ":arrows_counterclockwise:": "🔄",
    ":wave:": "👋",
    ":busts_in_silhouette:": "👥",
    ":file_cabinet:": "🗄",
    ":arrow_forward:": "▶️",
    ":palm_tree:": "🌴",
    ":pencil2:": "✏️",
    ":pushpin:": "📌",
    ":crown:": "👑",
}


def readable(text: str, names: dict[str, str]) -> str:
    """mrkdwn to plain text: mentions by name, dates by their fallback, entities decoded."""

    def link(m: re.Match) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + names.get(target[1:], target[1:])
        if target.startswith("#"):
            return "#" + names.get(target[1:], label or target[1:])
        if target.startswith("!date^"):
            return label or target
        if target.startswith("!"):
            return "@" + target[1:]
        return f"{label} ↗" if label else target

    text = _LINK.sub(link, text)
    for code, char in EMOJI.items():
        text = text.replace(code, char)
    return unescape(text)


def blocks_to_lines(blocks: list[dict], names: dict[str, str], width: int = 96) -> list[str]:
    lines: list[str] = []

    def para(text: str, indent: str = "") -> None:
        for raw in readable(text, names).split("\n"):
            lines.extend(textwrap.wrap(raw, width, initial_indent=indent, subsequent_indent=indent) or [indent])

    for block in blocks:
        kind = block["type"]
        if kind == "header":
            lines.append("▌" + block["text"]["text"])
        elif kind == "section":
            if "text" in block:
                para(block["text"]["text"])
            if block.get("fields"):
                para("   ".join(f["text"].replace("\n", ": ", 1) for f in block["fields"]))
        elif kind == "context":
            para(" ".join(e.get("text", "") for e in block["elements"]), "  · ")
        elif kind == "actions":
            lines.append(
                "  "
                + " ".join(
                    f"[ {(e.get('text') or e.get('placeholder') or {}).get('text', '')} ]" for e in block["elements"]
                )
            )
        elif kind == "input":
            element = block["element"]
            shown = (
                element.get("initial_value")
                or element.get("initial_time")
                or ", ".join("@" + names.get(u, u) for u in element.get("initial_users", []))
                or ""
            )
            optional = " (optional)" if block.get("optional") else ""
            lines.append(f"  ▢ {block['label']['text']}{optional}: {readable(shown, names)}")
        elif kind == "divider":
            lines.append("  " + "─" * 40)
    return lines


def message_lines(msg: dict, names: dict[str, str]) -> list[str]:
    if msg.get("blocks"):
        return blocks_to_lines(msg["blocks"], names)
    return [readable(msg.get("text", ""), names)]


def view_lines(view: dict, names: dict[str, str]) -> list[str]:
    title = view["title"]["text"]
    submit = view.get("submit", {}).get("text", "")
    return [f"┌ {title}", *blocks_to_lines(view["blocks"], names), f"└ [ {submit} ]"]
