"""Slack text in and out: read what a slash command sends, escape what we post back.

Slack escapes `&`, `<` and `>` in what users type and wraps real mentions in `<…>`. We keep
user mentions (they name owners), turn every other special sequence into plain text, and
escape plain text again on the way out, so nothing typed can ping `@channel` or break a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

_SPECIAL = re.compile(r"<([@#!]?)([^|>]*)(?:\|([^>]*))?>")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True)
class UserRef:
    """A real user mention, as Slack sent it."""

    id: str
    name: str = ""


def escape(text: str) -> str:
    """Make user text inert in mrkdwn: `&` first, then `<` and `>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass(frozen=True)
class GroupRef:
    """A user group mention (`<!subteam^S…|@name>`), kept only where a command asks for groups."""

    id: str
    name: str = ""


def split_mentions(raw: str, *, groups: bool = False) -> list[str | UserRef | GroupRef]:
    """Slash-command text (sent with should_escape) as plain strings and user mentions (and user
    group mentions when `groups`; otherwise they are plain words like @channel)."""
    parts: list[str | UserRef | GroupRef] = []
    pos = 0
    for m in _SPECIAL.finditer(raw):
        parts.append(_plain(raw[pos : m.start()]))
        target = m.group(2)
        if groups and m.group(1) == "!" and _GROUP_ID.match(target.removeprefix("subteam^")):
            parts.append(GroupRef(target.removeprefix("subteam^"), _plain(m.group(3) or "")))
        else:
            parts.append(_special(m.group(1), target, m.group(3) or ""))
        pos = m.end()
    parts.append(_plain(raw[pos:]))
    return [p for p in parts if p != ""]


Ref = UserRef | GroupRef
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")  # a mention's place in text a grammar reads (n: its index)


def with_placeholders(parts: list[str | UserRef | GroupRef]) -> tuple[str, list[Ref]]:
    """The text of `split_mentions` parts with each mention as a placeholder (private-use characters, which
    `_plain` strips from what people type), and the mentions in order: a grammar can then tell where each
    one was written (an owner at the end, a group after `with`, a name inside a title)."""
    out: list[str] = []
    refs: list[Ref] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        else:
            out.append(f"\ue000{len(refs)}\ue001")
            refs.append(p)
    return "".join(out), refs


def as_words(text: str, refs: list[Ref]) -> str:
    """Placeholders as the words people read (`@name`): text that shows mentions, never makes them."""

    def word(ref: Ref) -> str:
        return "@" + (ref.name or ref.id).removeprefix("@")  # a group's label is sent as `@name`

    return PLACEHOLDER.sub(lambda m: word(refs[int(m.group(1))]), text)


def _special(sigil: str, target: str, label: str) -> str | UserRef:
    if sigil == "@" and target[:1] in ("U", "W"):
        return UserRef(target, _plain(label))
    if sigil == "#":
        return "#" + _plain(label or target)
    if sigil == "!":
        # <!channel>, <!here>, <!subteam^S1|@team>, <!date^…|fallback>: plain words only
        if label:
            return _plain(label)
        return _undated(target) or "@" + target.split("^")[0]
    url, label = _plain(target), _plain(label)
    if label and label not in url:  # <https://…|le programme>: the words the author chose, and where they lead
        return f"{label} ({url})"
    return label or url  # a bare link: as it was typed


def _plain(text: str) -> str:
    return _PRIVATE_USE.sub("", unescape(text))


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
SLACK_ID = re.compile(r"[UWCGD][A-Z0-9]{2,20}")  # a person's or a conversation's: something a message can go to
_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,20}$")


def mention(user_id: str) -> str:
    """`<@U…>` for a well-formed user id; anything else is shown inert."""
    return f"<@{user_id}>" if _USER_ID.match(user_id) else escape(user_id)


def attendee(ref: str) -> str:
    """A meeting attendee: a user, or a user group the organiser invited (mentioned, so notified)."""
    return f"<!subteam^{ref}>" if _GROUP_ID.match(ref) else mention(ref)


def is_user(ref: str) -> bool:
    return bool(_USER_ID.match(ref))


def to_plain(raw: str, names: Mapping[str, str] | None = None) -> str:
    """Message text as a person would retype it: mentions as @name (from the mention, else `names`, a
    users.info lookup), link labels kept, no Slack markup."""
    names = names or {}
    return "".join(p if isinstance(p, str) else "@" + (p.name or names.get(p.id) or p.id) for p in split_mentions(raw))


def mentioned(raw: str) -> list[str]:
    """The user ids mentioned in Slack text, for looking their names up."""
    return [p.id for p in split_mentions(raw) if isinstance(p, UserRef)]


def with_names(text: str, names: Mapping[str, str]) -> str:
    """Our own mrkdwn made fit for plain text: `<@U…>` as @name, entities decoded."""
    return unescape(re.sub(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", lambda m: "@" + names.get(m[1], m[1]), text))


# Slack's date tokens (docs.slack.dev, "Formatting text for app surfaces" › dates): `<!date^UNIX^FORMAT|fallback>`
# shows each reader the instant in their own zone and locale; the fallback where a client cannot.
DATE_FORMATS = {
    "day": "{date_long_pretty}",  # `Friday, December 4th` (`today`, `tomorrow`): a day has its weekday, as ours
    "moment": "{date_short_pretty} {time}",  # `Dec 4 14:30` (`Today 14:30`), as an action's due time always was
    "time": "{time}",  # `10:30`: the end of a sitting whose start was just said
}
DATE_TOKEN = re.compile(r"<!date\^(-?\d+)\^([^|^>]+)(?:\^[^|>]*)?\|([^>]+)>")


def date_token(instant: datetime, fallback: str, shows: Literal["day", "moment", "time"] = "moment") -> str:
    """`instant` as Slack shows it to each reader, at their clock; `fallback` (our words) where it cannot:
    for mrkdwn only (a plain_text field would show the token raw)."""
    if instant.tzinfo is None:
        raise ValueError("a date token needs an aware instant")
    words = escape(fallback)
    if not words.strip() or "|" in words or "\n" in words:
        raise ValueError(f"not a fallback for a date token: {fallback!r}")
    return f"<!date^{int(instant.timestamp())}^{DATE_FORMATS[shows]}|{words}>"


def fallbacks(text: str) -> str:
    """mrkdwn with each date token as its fallback: the words our checks read (a year shown, a language)."""
    return DATE_TOKEN.sub(lambda m: m.group(3), text)


def _undated(target: str) -> str | None:
    """A date token sent without its fallback, as its day (UTC): never the raw token."""
    parts = target.split("^")
    if parts[0] != "date" or len(parts) < 2 or not parts[1].lstrip("-").isdigit():
        return None
    return datetime.fromtimestamp(int(parts[1]), UTC).date().isoformat()
