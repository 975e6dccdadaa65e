"""Block Kit primitives shared by every feature, and Slack's size limits. Pure: values in, JSON-ready dicts out."""

from __future__ import annotations

import json

from bot.i18n import N_, t
from bot.payloads import Json

MAX_BLOCKS = 50


MAX_SECTION = 3000


MAX_OPTIONS = 100  # in a select menu


def section(text: str, **extra: object) -> Json:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def context(text: str) -> Json:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def plain(text: str) -> Json:
    return {"type": "plain_text", "text": text, "emoji": True}


def option(text: str, value: str) -> Json:
    """One choice of a select menu or of checkboxes."""
    return {"text": plain(text), "value": value}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Json:
    b = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    return {**b, "style": style} if style else b


def message(text: str, blocks: list[Json] | None = None) -> Json:
    """A message payload: `text` is the notification fallback, already escaped; a section too long
    for Slack goes on in the next one."""
    msg = {"text": text, "blocks": fitted(blocks or [section(text)])}
    check_message(msg)
    return msg


def fitted(blocks: list[Json]) -> list[Json]:
    """The blocks with each section over 3,000 characters split into several (its accessory, if
    any, on the first): escaping can make a text within our limits too long for one section."""
    out = []
    for b in blocks:
        text = b.get("text", {}).get("text", "") if b["type"] == "section" else ""
        if len(text) <= MAX_SECTION:
            out.append(b)
            continue
        first, *rest = split_text(text, MAX_SECTION)
        out += [{**b, "text": {**b["text"], "text": first}}, *(section(part) for part in rest)]
    return out


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at a space or a line break where there is
    one, never inside an entity (`&amp;`) or a `<…>` link or mention."""
    parts = []
    while len(text) > limit:
        cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
        cut = cut if cut > limit // 2 else limit
        head = text[:cut]
        for opener, closer in (("&", ";"), ("<", ">")):
            if head.rfind(opener) > head.rfind(closer):
                cut = head.rfind(opener)
                head = text[:cut]
        if not head:  # one entity or link longer than the limit: cut it after all
            cut, head = limit, text[:limit]
        parts.append(head.rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


def sections_of(lines: list[str]) -> list[Json]:
    """Lines packed into as few sections as fit 3,000 characters each."""
    blocks, chunk = [], ""
    for line in lines:
        if chunk and len(chunk) + len(line) + 1 > MAX_SECTION:
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line[:MAX_SECTION]
    if chunk:
        blocks.append(section(chunk))
    return blocks


def check_message(msg: Json) -> None:
    """Refuse, before Slack does, a message it would reject as invalid_blocks."""
    blocks = msg.get("blocks", [])
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks in one message (limit {MAX_BLOCKS})")
    for b in blocks:
        if b["type"] == "section" and len(b.get("text", {}).get("text", "")) > MAX_SECTION:
            raise ValueError("section text over 3000 characters")


HELP = {
    "action": N_("help.action"),
    "meeting": N_("help.meeting"),
    "phase": N_("help.phase"),
    "digest": N_("help.digest"),
    "concerto": N_("help.concerto"),
}


def help_message(which: str, lang: str) -> Json:
    text = t(lang, HELP[which])
    return message(text.split("\n", 1)[0], [section(text)])


def modal(
    callback_id: str,
    lang: str,
    title_key: str,
    blocks: list[Json],
    *,
    metadata: Json | str | None = None,
    submit_key: str = N_("modal.save"),
) -> Json:
    """A modal view; `metadata` rides along to the submission (a dict is sent as JSON)."""
    view = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(t(lang, title_key)),
        "submit": plain(t(lang, submit_key)),
        "close": plain(t(lang, "modal.cancel")),
        "blocks": blocks,
    }
    if metadata is not None:
        view["private_metadata"] = metadata if isinstance(metadata, str) else json.dumps(metadata)
    return view


def in_both(key: str) -> str:
    """`key` in both languages, for whoever is not known yet."""
    return f"{t('fr', key)} · {t('en', key)}"


def _in(lang: str | None, key: str) -> str:
    """`key` in `lang`; before knowing who asks (None), in both languages."""
    return t(lang, key) if lang else in_both(key)


def notice_modal(text: str, lang: str | None) -> Json:
    """A modal that only tells something: why the form it was loading cannot open, say."""
    return {
        "type": "modal",
        "title": plain("Concerto"),
        "close": plain(_in(lang, N_("modal.close"))),
        "blocks": [section(text)],
    }


def loading_modal() -> Json:
    """What a modal shows for the moment it takes to read what its form needs: opened at once, since a
    trigger_id lives 3 s, before knowing who asks."""
    return {**notice_modal("", None), "blocks": [context(f"⏳ {_in(None, N_('modal.loading'))}")]}


def input_block(block_id: str, label: str, element: Json, optional: bool = False, hint: str | None = None) -> Json:
    block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional}
    return {**block, "hint": plain(hint)} if hint else block
