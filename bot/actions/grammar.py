"""The `/action` command grammar: slash-command text in, a command value out. Pure.

What it reads is told to users once, in the catalogue's "help.action" and "usage.*" messages, whose examples
tests/unit/test_catalogue.py parses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.actions.due import Trailing, date_error, split_due, trailing_day
from bot.actions.values import Draft
from bot.dates import DateError, Reader, When, fold, reader
from bot.errors import FieldError, GrammarError
from bot.i18n import N_
from bot.slacktext import PLACEHOLDER, Ref, UserRef, as_words, split_mentions, to_plain, with_placeholders
from bot.worktime import WorkWeek

USAGE = {
    "done": N_("usage.done"),
    "reopen": N_("usage.reopen"),
    "delete": N_("usage.delete"),
    "assign": N_("usage.assign"),
    "due": N_("usage.due"),
    "edit": N_("usage.edit"),
}

MAX_ACTION_TEXT = 1500  # characters; leaves room in a 3,000-character section for the rest


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class OpenModal:
    pass


@dataclass(frozen=True)
class Add:
    text: str
    owners: tuple[str, ...] = ()
    due: When | None = None
    trailing: Trailing | None = None  # a day to ask about; `text` then keeps it


@dataclass(frozen=True)
class ListActions:
    scope: str = "mine"  # mine | all | overdue | user
    user: str | None = None


@dataclass(frozen=True)
class HandOver:
    """`reassign @from @to`: every open action of one person in the channel, to another."""

    gone: str
    to: str


@dataclass(frozen=True)
class Change:
    """A change to action `number`: done, reopen, delete, assign, due, edit."""

    verb: str
    number: int
    owners: tuple[str, ...] = ()
    due: When | None = None
    text: str = ""


Command = Help | OpenModal | Add | ListActions | Change | HandOver


VERBS = {  # a word here is a sub-command only when its arguments follow (`done 12`); otherwise it is text
    "help": "help",
    "aide": "help",
    "?": "help",
    "add": "add",
    "ajouter": "add",
    "list": "list",
    "liste": "list",
    "ls": "list",
    "done": "done",
    "fait": "done",
    "close": "done",
    "closed": "done",
    "finished": "done",
    "terminé": "done",
    "termine": "done",
    "terminée": "done",
    "terminee": "done",
    "fini": "done",
    "finie": "done",
    "clos": "done",
    "reopen": "reopen",
    "rouvrir": "reopen",
    "assign": "assign",
    "reassign": "assign",
    "assigner": "assign",
    "réassigner": "assign",
    "due": "due",
    "echeance": "due",
    "échéance": "due",
    "edit": "edit",
    "delete": "delete",
    "supprimer": "delete",
    "remove": "delete",
}


COMMAND_WORDS = {"help", "list", "done", "reopen", "assign", "due", "edit", "delete"}  # the help's: strict;
# the other words are everyday French or English, so a command that does not fit them is the action's text


LIST_SCOPES = {
    "mine": "mine",
    "moi": "mine",
    "mes": "mine",
    "all": "all",
    "tout": "all",
    "toutes": "all",
    "tous": "all",
    "overdue": "overdue",
    "late": "overdue",
    "retard": "overdue",
    "en retard": "overdue",
}


_NUMBER = re.compile(r"^#?(\d{1,9})$")


def opens_form(raw: str) -> bool:
    """Whether `/action raw` opens the form (`parse_action_command` gives OpenModal): a first look the
    ack takes before knowing who asks, since the form must open at once."""
    words = raw.split()
    return not words or (len(words) == 1 and VERBS.get(words[0].lower()) == "add")


def parse_action_command(raw: str, now: datetime, week: WorkWeek | None = None) -> Command:
    """Read `/action` text. `now` is aware, in the author's time zone, for relative dates; `week` is the
    mission's working week (what `matin` and `jours ouvrés` mean)."""

    read = reader(now, week)
    text, refs = with_placeholders(split_mentions(raw))
    text = text.strip()
    if not text:
        return OpenModal()
    head, _, rest = text.partition(" ")
    verb = VERBS.get(head.lower())
    rest = rest.strip()
    if verb == "help" and not rest:
        return Help()
    if verb == "add" and not rest:
        return OpenModal()
    try:
        if verb == "list" and (command := _list(rest, refs)) is not None:
            return command
        if verb == "assign" and (hand_over := _hand_over(rest, refs)) is not None:
            return hand_over
        if verb in USAGE:
            if not rest:
                raise GrammarError(USAGE[verb], given="")
            if _NUMBER.match(rest.partition(" ")[0]):
                return _change(verb, rest, refs, read)
            if " " not in rest:  # `done x`: a mistyped number, not an action called "done x"
                raise GrammarError(USAGE[verb], given=rest)
    except GrammarError:
        if head.lower() in COMMAND_WORDS:
            raise
    return _add(text, refs, read)


def _owner_ids(text: str, refs: list[Ref]) -> tuple[str, ...]:
    ids = [refs[int(m.group(1))].id for m in PLACEHOLDER.finditer(text)]
    return tuple(dict.fromkeys(ids))


_JOINED = rf"(?:\s*(?:,|&|\bet\b|\band\b))?\s*{PLACEHOLDER.pattern}"  # a mention, and the word joining it to the last


_LINKING = {"avec", "with", "pour", "for", "par", "by", "à", "a", "to", "de", "chez", "auprès", "from"}
# `Préparer le tableau de bord avec @tom et @claire`: mentions a sentence ends on are part of it


def _display_text(text: str, refs: list[Ref]) -> str:
    """Mentions at either end name owners and go, with the words that only joined them (`@karim et
    @sophie`), unless the sentence ends on them (`avec @tom`); ones inside a sentence stay as @name."""
    text = re.sub(f"^\\s*{PLACEHOLDER.pattern}(?:{_JOINED})*", "", text)
    if (end := re.search(f"(?:{_JOINED})+\\s*$", text)) and fold(text[: end.start()]).rpartition(" ")[
        2
    ] not in _LINKING:
        text = text[: end.start()]
    return " ".join(as_words(text, refs).split())


def _checked_text(text: str) -> str:
    if not text:
        raise GrammarError("error.empty_text")
    if len(text) > MAX_ACTION_TEXT:
        raise GrammarError("error.text_too_long", limit=MAX_ACTION_TEXT, length=len(text))
    return text


def _add(text: str, refs: list[Ref], read: Reader) -> Add:
    body, due = split_due(text, read)
    owners = _owner_ids(text, refs)
    if due is None and (trailing := trailing_day(body, read)) is not None:
        plain, day = _display_text(trailing.text, refs), _display_text(body[len(trailing.text) :], refs)
        if plain:  # asked: `text` keeps the day, for the answer "no, it has no due date"
            return Add(_checked_text(f"{plain} {day}"), owners, None, Trailing(_checked_text(plain), trailing.due))
    return Add(_checked_text(_display_text(body, refs)), owners, due)


def _list(rest: str, refs: list[Ref]) -> ListActions | None:
    """`list`, `list all`, `list @marie`; a single unknown word is a mistyped scope; more words are text
    (`Liste des invités à compléter`)."""
    if not rest:
        return ListActions("mine")
    if refs and not PLACEHOLDER.sub("", rest).strip():
        return ListActions("user", refs[0].id)
    scope = LIST_SCOPES.get(rest.lower())
    if scope is not None:
        return ListActions(scope)
    if " " not in rest and not PLACEHOLDER.search(rest):
        raise GrammarError("error.list_usage", given=rest)
    return None


_HAND_OVER = re.compile(rf"{PLACEHOLDER.pattern}\s*(?:to|à|a|->|→)?\s*{PLACEHOLDER.pattern}")


def _hand_over(rest: str, refs: list[Ref]) -> HandOver | None:
    """`@from @to` (or `@from to @to`, `@from → @to`): two people, the first's actions to the second."""
    m = _HAND_OVER.fullmatch(rest)
    if m is None:
        return None
    gone, to = refs[int(m.group(1))], refs[int(m.group(2))]
    if not (isinstance(gone, UserRef) and isinstance(to, UserRef)) or gone.id == to.id:
        raise GrammarError("usage.assign", given="")
    return HandOver(gone.id, to.id)


def _change(verb: str, rest: str, refs: list[Ref], read: Reader) -> Change:
    head, _, arg = rest.partition(" ")
    m = _NUMBER.match(head)
    if not m:
        raise GrammarError(USAGE[verb], given=head)
    number, arg = int(m.group(1)), arg.strip()
    if verb in ("done", "reopen", "delete"):
        if arg:
            raise GrammarError(USAGE[verb], given=arg)
        return Change(verb, number)
    if verb == "assign":
        owners = _owner_ids(arg, refs)
        leftover = PLACEHOLDER.sub("", arg).strip().lower()
        if not owners or leftover not in ("", "to", "à", "a"):
            raise GrammarError("usage.assign", given=arg)
        return Change(verb, number, owners=owners)
    if verb == "due":
        if not arg:
            raise GrammarError("usage.due", given="")
        try:
            return Change(verb, number, due=read(PLACEHOLDER.sub(" ", arg)))
        except DateError as err:
            raise date_error(err) from None
    if not arg:
        raise GrammarError("usage.edit", given="")
    return Change(verb, number, text=_checked_text(_display_text(arg, refs)))


def prefill_text(
    message_text: str, names: Mapping[str, str] | None = None, limit: int = MAX_ACTION_TEXT
) -> tuple[str, bool]:
    """A message's text as an action's (or an agenda item's), for the form: plain (mentions as names, links by
    their labels), on one line, cut to the limit (True when cut, so the form says so rather than cutting
    silently)."""
    text = " ".join(to_plain(message_text, names).split())
    return text[:limit], len(text) > limit


def action_draft(
    text: str | None, owners: list[str], day: str | None, at: str | None, *, tz: ZoneInfo, now: datetime
) -> Draft:
    text = " ".join((text or "").split())
    if not text:
        raise FieldError("text", "error.empty_text")
    if len(text) > MAX_ACTION_TEXT:
        raise FieldError("text", "error.text_too_long", limit=MAX_ACTION_TEXT, length=len(text))
    if at and not day:
        raise FieldError("due_date", "error.time_without_date")
    due = When(date.fromisoformat(day), time.fromisoformat(at) if at else None) if day else None
    if due and due.deadline(tz) <= now:
        raise FieldError("due_date", "error.past_in_form")
    return Draft(text, tuple(owners), due)
