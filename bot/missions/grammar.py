"""The `/concerto` command grammar: one keyword in, a command value out. Pure.

/concerto setup | config | réglages      the channel's settings form (director, zone, language, hours)
/concerto settings | préférences | rappels | reminders   one's own reminder settings
/concerto export | exporter              the action and decision log, as CSV, in the channel
/concerto [help | anything else]         the help
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MissionVerb = Literal["setup", "settings", "export", "help"]

WORDS: dict[str, MissionVerb] = {
    **dict.fromkeys(("setup", "config", "réglages", "reglages"), "setup"),
    **dict.fromkeys(("settings", "préférences", "preferences", "rappels", "reminders"), "settings"),
    **dict.fromkeys(("export", "exporter"), "export"),
}


@dataclass(frozen=True)
class MissionCommand:
    verb: MissionVerb


FORMS = ("setup", "settings")  # the verbs that open a modal


def opens_form(raw: str) -> bool:
    return parse_mission_command(raw).verb in FORMS


def parse_mission_command(raw: str) -> MissionCommand:
    """Never an error: what is not a keyword gets the help."""
    return MissionCommand(WORDS.get(raw.strip().lower(), "help"))
