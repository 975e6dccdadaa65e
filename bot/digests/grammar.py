"""The `/digest` command grammar. Pure; what it reads is told to users in the catalogue's "digest.usage"."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dates import DateError, fold, take_time
from bot.datewords import WEEKDAYS
from bot.errors import GrammarError


@dataclass(frozen=True)
class DigestCommand:
    verb: str  # preview | send | settings | help
    rhythm: str | None = None
    weekday: int | None = None  # ISO
    at: str | None = None  # HH:MM


def opens_form(raw: str) -> bool:
    """Whether `/digest raw` opens the settings form."""
    try:
        return parse_digest_command(raw).verb == "form"
    except (GrammarError, DateError):
        return False


def parse_digest_command(raw: str) -> DigestCommand:
    words = fold(raw).split()
    if not words:
        return DigestCommand("preview")
    if words[0] in ("help", "aide"):
        return DigestCommand("help")
    if words[0] in ("send", "envoyer") and len(words) == 1:
        return DigestCommand("send")
    if words[0] in ("settings", "reglages") and len(words) == 1:
        return DigestCommand("form")
    if words[0] not in ("settings", "reglages"):
        raise GrammarError("digest.usage", given=raw)
    rhythm = {
        "weekly": "weekly",
        "hebdo": "weekly",
        "daily": "daily",
        "quotidien": "daily",
        "off": "off",
        "non": "off",
    }.get(words[1])
    rest = " ".join(words[2:])
    try:
        at, rest = take_time(rest)
    except DateError:
        raise GrammarError("digest.usage", given=raw) from None
    weekday = None
    if rhythm == "weekly" and rest:
        day = rest.removeprefix("le ").rstrip("s")
        if day not in WEEKDAYS:
            raise GrammarError("digest.usage", given=raw)
        weekday = WEEKDAYS[day] + 1
    elif rest or rhythm is None or (rhythm == "off" and at):
        raise GrammarError("digest.usage", given=raw)
    return DigestCommand("settings", rhythm, weekday, at.strftime("%H:%M") if at else None)
