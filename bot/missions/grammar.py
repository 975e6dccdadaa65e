"""The `/concerto` command grammar. Pure.

/concerto setup | config | réglages      the channel's settings form (director, zone, language, hours)
/concerto settings | préférences | rappels | reminders   one's own reminder settings
/concerto absent du 10/02 au 20/02 | away from … to …    one's absence; `absent fin` / `back` ends it
/concerto export | exporter              the action and decision log, as CSV, in the channel
/concerto [help | anything else]         the help
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from bot.actions.due import date_error
from bot.dates import DateError, fold, parse_when
from bot.errors import GrammarError

MissionVerb = Literal["setup", "settings", "export", "help", "away", "back"]

WORDS: dict[str, MissionVerb] = {
    **dict.fromkeys(("setup", "config", "réglages", "reglages"), "setup"),
    **dict.fromkeys(("settings", "préférences", "preferences", "rappels", "reminders"), "settings"),
    **dict.fromkeys(("export", "exporter"), "export"),
    **dict.fromkeys(("back", "retour", "de retour", "present", "présent", "presente", "présente"), "back"),
}
AWAY = {"absent", "absente", "absence", "away"}
AWAY_ENDS = {"fin", "annuler", "end", "cancel", "off", "stop"}
_SPAN = re.compile(r"^(?:du|from)\s+(?P<start>.+?)\s+(?:au|to|until|jusqu'au)\s+(?P<end>.+)$")


@dataclass(frozen=True)
class MissionCommand:
    verb: MissionVerb
    away: tuple[date, date] | None = None  # the first and the last day away, both included


FORMS = ("setup", "settings")  # the verbs that open a modal


def opens_form(raw: str) -> bool:
    try:
        return parse_mission_command(raw, datetime(2000, 1, 1, tzinfo=UTC)).verb in FORMS
    except GrammarError:
        return False


def parse_mission_command(raw: str, now: datetime) -> MissionCommand:
    """An absence it cannot read is an error, said; any other word that is no keyword gets the help."""
    head, _, rest = raw.strip().partition(" ")
    if fold(head) not in AWAY:
        return MissionCommand(WORDS.get(raw.strip().lower(), "help"))
    if fold(rest) in AWAY_ENDS:
        return MissionCommand("back")
    span = _SPAN.match(fold(rest))
    if span is None:
        raise GrammarError("concerto.usage_away", given=rest)
    try:
        start, end = parse_when(span["start"], now).day, parse_when(span["end"], now).day
    except DateError as err:
        raise date_error(err) from None
    if end < start or end < now.date():
        raise GrammarError("concerto.away_dates", given=rest)
    return MissionCommand("away", (start, end))
