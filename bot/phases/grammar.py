"""The `/phase` command grammar. Pure: text and `now` in, a command out.

What it reads is told to users once, in the catalogue's "help.phase" and "phase.usage_*" messages, whose examples
tests/unit/test_catalogue.py parses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.dates import DateError, fold, parse_when
from bot.errors import FieldError, GrammarError
from bot.i18n import N_
from bot.slacktext import UserRef, split_mentions

MAX_NAME = 150


_QUOTED = re.compile(r'^\s*["“«]\s*(?P<name>[^"”»]+?)\s*["”»]\s*(?P<rest>.*)$', re.DOTALL)


_NUMBER = re.compile(r"^[#MmJj]?(\d{1,6})$")


VERBS = {
    "help": "help",
    "aide": "help",
    "add": "add",
    "ajouter": "add",
    "list": "list",
    "liste": "list",
    "timeline": "timeline",
    "planning": "timeline",
    "milestone": "milestone",
    "jalon": "milestone",
    "alerts": "alerts",
    "alertes": "alerts",
    "move": "move",
    "deplacer": "move",
    "edit": "edit",
    "modifier": "edit",
    "delete": "delete",
    "supprimer": "delete",
}

USAGE = {"move": N_("phase.usage_move"), "edit": N_("phase.usage_edit"), "delete": N_("phase.usage_delete")}


@dataclass(frozen=True)
class PhaseHelp:
    pass


@dataclass(frozen=True)
class PhaseModal:
    pass


@dataclass(frozen=True)
class AddPhase:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class PhaseVerb:
    """list, timeline, move N <date>, edit N name|start|end …, delete N."""

    verb: str
    number: int | None = None
    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class AddMilestone:
    phase: int | None
    name: str
    due_on: date
    owner: str | None = None


@dataclass(frozen=True)
class MilestoneVerb:
    verb: str  # done | reopen | delete
    number: int


@dataclass(frozen=True)
class EditMilestone:
    """`milestone assign M @someone`, `milestone edit M name "…"`, `milestone edit M date <date>` (one at a time)."""

    number: int
    owner: str | None = None
    name: str | None = None
    due_on: date | None = None


PhaseCommand = PhaseHelp | PhaseModal | AddPhase | PhaseVerb | AddMilestone | MilestoneVerb | EditMilestone


def opens_form(raw: str) -> bool:
    """Whether `/phase raw` opens the form: a first look the ack takes, before knowing who asks."""
    try:
        return isinstance(parse_phase_command(raw, datetime(2000, 1, 1, tzinfo=UTC)), PhaseModal)
    except (GrammarError, DateError):
        return False


def parse_phase_command(raw: str, now: datetime) -> PhaseCommand:
    parts = split_mentions(raw)
    owners = [p.id for p in parts if isinstance(p, UserRef)]
    text = " ".join("".join(p for p in parts if isinstance(p, str)).split())
    head, _, rest = text.partition(" ")
    if not head:
        return PhaseModal()
    verb = VERBS.get(fold(head))
    if verb is None:
        raise GrammarError("phase.usage", given=head)
    if verb == "help":
        return PhaseHelp()
    if verb in ("list", "timeline"):
        return PhaseVerb(verb)
    if verb == "add":
        name, dates = _name(rest)
        start, end = _two_dates(dates, now)
        return AddPhase(name, start, end)
    if verb == "milestone":
        return _milestone(rest, owners, now)
    if verb == "alerts":
        days = rest.replace(",", " ").split()
        if not days or not all(d.isdigit() and int(d) <= 365 for d in days) or len(days) > 8:
            raise GrammarError("phase.usage_alerts", given=rest)
        return PhaseVerb("alerts", name=" ".join(str(d) for d in sorted({int(d) for d in days}, reverse=True)))
    number, arg = _number(verb, rest)
    if verb == "delete":
        return PhaseVerb("delete", number)
    if verb == "move":
        return PhaseVerb("move", number, starts_on=_date(arg, now))
    field, _, value = arg.partition(" ")
    field = fold(field)
    if field in ("name", "nom", "titre", "title"):
        return PhaseVerb("edit", number, name=_name(value)[0])
    if field in ("start", "debut"):
        return PhaseVerb("edit", number, starts_on=_date(value, now))
    if field in ("end", "fin"):
        return PhaseVerb("edit", number, ends_on=_date(value, now))
    raise GrammarError("phase.usage_edit", given=arg)


def _milestone(rest: str, owners: list[str], now: datetime) -> PhaseCommand:
    sub, _, rest = rest.partition(" ")
    sub = fold(sub)
    if sub in ("done", "fait", "reopen", "rouvrir", "delete", "supprimer"):
        verb = {"fait": "done", "rouvrir": "reopen", "supprimer": "delete"}.get(sub, sub)
        m = _NUMBER.match(rest.strip())
        if not m:
            raise GrammarError("phase.usage_milestone", given=rest)
        return MilestoneVerb(verb, int(m.group(1)))
    if sub in ("assign", "assigner", "confier", "edit", "modifier"):
        return _edit_milestone(sub, rest.strip(), owners, now)
    if sub not in ("add", "ajouter"):
        raise GrammarError("phase.usage_milestone", given=sub)
    phase_word, _, rest = rest.strip().partition(" ")
    if fold(phase_word) in ("none", "aucune", "-"):
        phase = None
    elif m := _NUMBER.match(phase_word):
        phase = int(m.group(1))
    else:
        raise GrammarError("phase.usage_milestone", given=phase_word)
    name, when = _name(rest)
    if len(owners) > 1:
        raise GrammarError("phase.one_owner")
    return AddMilestone(phase, name, _date(when, now), owners[0] if owners else None)


def _edit_milestone(sub: str, rest: str, owners: list[str], now: datetime) -> EditMilestone:
    number_word, _, arg = rest.partition(" ")
    m = _NUMBER.match(number_word)
    if not m:
        raise GrammarError("phase.usage_milestone", given=number_word)
    number, arg = int(m.group(1)), arg.strip()
    if sub in ("assign", "assigner", "confier"):
        if len(owners) != 1 or fold(arg) not in ("", "to", "a"):
            raise GrammarError("phase.one_owner" if owners else "phase.usage_milestone", given=arg)
        return EditMilestone(number, owner=owners[0])
    field, _, value = arg.partition(" ")
    if fold(field) in ("name", "nom", "titre", "title"):
        return EditMilestone(number, name=_name(value)[0])
    if fold(field) in ("date", "due", "echeance"):
        return EditMilestone(number, due_on=_date(value, now))
    raise GrammarError("phase.usage_milestone", given=arg)


def _name(text: str) -> tuple[str, str]:
    m = _QUOTED.match(text)
    if not m:
        raise GrammarError("phase.need_name")
    name = " ".join(m.group("name").split())
    if len(name) > MAX_NAME:
        raise GrammarError("error.text_too_long", limit=MAX_NAME, length=len(name))
    return name, m.group("rest").strip()


def _number(verb: str, rest: str) -> tuple[int, str]:
    head, _, arg = rest.partition(" ")
    m = _NUMBER.match(head)
    if not m:
        raise GrammarError(USAGE[verb], given=head)
    return int(m.group(1)), arg.strip()


def _date(text: str, now: datetime) -> date:
    if not text.strip():
        raise GrammarError("phase.need_date")
    try:
        return parse_when(text, now).day
    except DateError as err:
        raise GrammarError("error.bad_date", fragment=err.fragment) from None


def _two_dates(text: str, now: datetime) -> tuple[date, date]:
    words = re.split(r"\s+(?:to|au|a|à|-|–|until|jusqu'au)\s+|\s+", text.strip(), maxsplit=1)
    if len(words) != 2:
        raise GrammarError("phase.need_dates")
    start, end = _date(words[0], now), _date(words[1], now)
    if end < start:
        raise GrammarError("phase.end_before_start")
    return start, end


def phase_from_form(name: str | None, start: str | None, end: str | None) -> AddPhase:
    name = " ".join((name or "").split())
    if not name:
        raise FieldError("name", "phase.need_name_form")
    if not start:
        raise FieldError("start", "phase.need_date")
    if not end:
        raise FieldError("end", "phase.need_date")
    if date.fromisoformat(end) < date.fromisoformat(start):
        raise FieldError("end", "phase.end_before_start")
    return AddPhase(name, date.fromisoformat(start), date.fromisoformat(end))
