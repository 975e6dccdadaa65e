"""The `/meeting` command grammar, French and English. Pure: text and `now` in, a command out.

What it reads is told to users once, in the catalogue's "help.meeting" and "meeting.usage_*" messages, whose
examples tests/unit/test_catalogue.py parses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from bot.actions.due import date_error
from bot.dates import DateError, Reader, When, fold, looks_like_date, reader, take_time
from bot.errors import GrammarError
from bot.i18n import N_
from bot.meetings.phrases import (
    DURATION,
    MAX_DECISION,
    MAX_ITEM,
    MAX_TITLE,
    PLACE,
    URL,
    duration_minutes,
    leads_of,
    people_invited,
    recurrence,
    start_and_duration,
    title_of,
)
from bot.slacktext import PLACEHOLDER, GroupRef, Ref, UserRef, as_words, split_mentions, with_placeholders
from bot.worktime import WorkWeek

KINDS = {
    "weekly": "weekly",
    "hebdo": "weekly",
    "coordination": "weekly",
    "cotech": "cotech",
    "copil": "cotech",
    "elected": "elected",
    "elus": "elected",
    "élus": "elected",
    "seminar": "seminar",
    "seminaire": "seminar",
    "séminaire": "seminar",
    "workshop": "workshop",
    "atelier": "workshop",
    "debate": "debate",
    "debat": "debate",
    "débat": "debate",
    "other": "other",
    "autre": "other",
}


VERBS = {
    "help": "help",
    "aide": "help",
    "add": "add",
    "ajouter": "add",
    "list": "list",
    "liste": "list",
    "next": "next",
    "prochaine": "next",
    "prochain": "next",
    "cancel": "cancel",
    "annuler": "cancel",
    "move": "move",
    "deplacer": "move",
    "déplacer": "move",
    "end": "end",
    "terminer": "end",
    "fin": "end",
    "delete": "delete",
    "supprimer": "delete",
    "agenda": "agenda",
    "odj": "agenda",
    "ics": "ics",
    "calendar": "ics",
    "calendrier": "ics",
    "decide": "decide",
    "decider": "decide",
    "décider": "decide",
    "decisions": "decisions",
    "décisions": "decisions",
    "registre": "decisions",
    "edit": "edit",
    "modifier": "edit",
    "minutes": "minutes",
    "releve": "minutes",
    "relevé": "minutes",
    "compte-rendu": "minutes",
    "cr": "minutes",
    "validator": "validator",
    "validateur": "validator",
    "validatrice": "validator",
    "valideur": "validator",
}


USAGE = {
    "decisions": N_("meeting.usage_decisions"),
    "decide": N_("meeting.usage_decide"),
    "cancel": N_("meeting.usage_cancel"),
    "move": N_("meeting.usage_move"),
    "end": N_("meeting.usage_end"),
    "delete": N_("meeting.usage_delete"),
    "agenda": N_("meeting.usage_agenda"),
    "edit": N_("meeting.usage_edit"),
    "minutes": N_("meeting.usage_minutes"),
    "validator": N_("meeting.usage_validator"),
}


@dataclass(frozen=True)
class MeetingHelp:
    pass


@dataclass(frozen=True)
class MeetingModal:
    pass


@dataclass(frozen=True)
class AddMeeting:
    kind: str
    title: str
    at: time
    rrule: str | None = None  # None: a one-off meeting on `on`
    on: When | None = None
    duration_minutes: int | None = None
    location: str | None = None
    attendees: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class MeetingVerb:
    """list, next [kind], cancel N [date], move N [sitting] <when>, end N, delete N, agenda N [add|done], ics.

    `sitting` is the day of the sitting to move, when named; `cancel` names it in `when`."""

    verb: str
    number: int | None = None
    kind: str | None = None
    when: When | None = None
    item: str = ""
    item_number: int | None = None
    sitting: date | None = None


@dataclass(frozen=True)
class EditMeeting:
    """`edit N title "…"`, `edit N where …`, `edit N for 90min`, `edit N time 10:00` (one at a time)."""

    number: int
    title: str | None = None
    location: str | None = None
    duration_minutes: int | None = None
    at: time | None = None
    reminders: str | None = None  # lead times, e.g. "-7d -1d@16:00 -1h"


MeetingCommand = MeetingHelp | MeetingModal | AddMeeting | MeetingVerb | EditMeeting


def opens_form(raw: str) -> bool:
    """Whether `/meeting raw` opens the form: a first look the ack takes, before knowing who asks."""
    try:
        return isinstance(parse_meeting_command(raw, datetime(2000, 1, 1, tzinfo=UTC)), MeetingModal)
    except (GrammarError, DateError):
        return False


def parse_meeting_command(raw: str, now: datetime, week: WorkWeek | None = None) -> MeetingCommand:
    """Read `/meeting` text; `now` (aware, the author's zone) and the mission's `week` read its dates."""
    read = reader(now, week)
    marked, refs = with_placeholders(split_mentions(raw, groups=True))
    marked = " ".join(marked.split())
    text = " ".join(PLACEHOLDER.sub(" ", marked).split())  # the words; only `add` reads where mentions were
    if not text:
        return MeetingModal()
    head, _, rest = text.partition(" ")
    verb = VERBS.get(head.lower())
    if verb is None:
        raise GrammarError("meeting.usage", given=head)
    if verb == "help":
        return MeetingHelp()
    if verb == "add":
        return _add(marked.partition(" ")[2], refs, read) if rest else MeetingModal()
    if verb == "list":
        return MeetingVerb(verb)
    if verb == "decisions":
        if not rest:
            return MeetingVerb("decisions")
        return MeetingVerb("decisions", _number(verb, rest)[0])
    if verb == "decide":
        number, text = _number(verb, rest)
        if not text:
            raise GrammarError("meeting.usage_decide", given="")
        if len(text) > MAX_DECISION:
            raise GrammarError("error.text_too_long", limit=MAX_DECISION, length=len(text))
        return MeetingVerb("decide", number, item=text)
    if verb == "ics":
        if fold(rest) not in ("", "reset", "revoke", "renouveler"):
            raise GrammarError("meeting.usage_ics", given=rest)
        return MeetingVerb("ics", item="reset" if rest else "")
    if verb == "next":
        kind = KINDS.get(fold(rest)) if rest else None
        if rest and kind is None:
            raise GrammarError("meeting.bad_kind", given=rest)
        return MeetingVerb("next", kind=kind)
    number, arg = _number(verb, rest)
    if verb == "validator":
        return _validator(number, arg, marked, refs)
    if verb == "edit":
        return _edit(number, arg)
    if verb in ("end", "delete"):
        if arg:
            raise GrammarError(USAGE[verb], given=arg)
        return MeetingVerb(verb, number)
    if verb == "agenda":
        return _agenda(number, arg)
    if verb == "minutes":
        return _sitting_minutes(number, arg, read)
    if verb == "move":
        return _move(number, arg, read)
    return MeetingVerb(verb, number, when=_when(arg, read) if arg else None)


def _number(verb: str, rest: str) -> tuple[int, str]:
    head, _, arg = rest.partition(" ")
    m = re.fullmatch(r"#?(\d{1,6})", head)
    if not m:
        raise GrammarError(USAGE[verb], given=head)
    return int(m.group(1)), arg.strip()


def _when(phrase: str, read: Reader) -> When:
    try:
        return read(phrase)
    except DateError as err:
        raise date_error(err) from None


_FROM_TO = re.compile(r"^(?:du|from)\s+(?P<sitting>.+?)\s+(?:au|to)\s+(?P<to>.+)$")


def _move(number: int, arg: str, read: Reader) -> MeetingVerb:
    """`move N [sitting's date] <new date> [time]`, or `move N du … au …` / `from … to …`: the sitting
    named (None when only the new date is given: the caller asks which one), and where it goes. One date
    read whole comes first (`mercredi 20/01 10h` is one date), else the first split where both halves read."""
    folded = fold(arg)
    if m := _FROM_TO.match(folded):
        return MeetingVerb("move", number, when=_when(m["to"], read), sitting=_when(m["sitting"], read).day)
    if not arg:
        raise GrammarError("meeting.usage_move", given=arg)
    try:
        return MeetingVerb("move", number, when=read(arg))
    except DateError as whole:
        words = folded.split()
        for cut in range(1, len(words)):
            try:
                sitting, to = read(" ".join(words[:cut])), read(" ".join(words[cut:]))
            except DateError:
                continue
            return MeetingVerb("move", number, when=to, sitting=sitting.day)
        raise date_error(whole) from None


def _edit(number: int, arg: str) -> EditMeeting:
    field, _, value = arg.partition(" ")
    field, value = fold(field), value.strip()
    if field in ("title", "titre") and (quoted := title_of(value)) and not quoted[1].strip():
        return EditMeeting(number, title=quoted[0])
    if field in ("where", "lieu", "location") and value:
        if len(value) > 300:
            raise GrammarError("error.text_too_long", limit=300, length=len(value))
        return EditMeeting(number, location=" ".join(value.split()))
    if field in ("for", "pendant", "duree") and (d := DURATION.search(f"for {fold(value)}")):
        return EditMeeting(number, duration_minutes=duration_minutes(d))
    if field in ("reminders", "rappels"):
        if leads := leads_of(value):
            return EditMeeting(number, reminders=leads)
        raise GrammarError("meeting.usage_reminders", given=value)
    if field in ("time", "heure", "at", "a"):
        try:
            at, rest = take_time(fold(value))
        except DateError:
            at, rest = None, value
        if at is not None and not rest:
            return EditMeeting(number, at=at)
    raise GrammarError("meeting.usage_edit", given=arg)


def _agenda(number: int, arg: str) -> MeetingVerb:
    head, _, item = arg.partition(" ")
    head = fold(head)
    if not head:
        return MeetingVerb("agenda", number)
    if head in ("add", "ajouter"):
        item = " ".join(item.split())
        if not item:
            raise GrammarError("meeting.usage_agenda", given="")
        if len(item) > MAX_ITEM:
            raise GrammarError("error.text_too_long", limit=MAX_ITEM, length=len(item))
        return MeetingVerb("agenda_add", number, item=item)
    if head in ("done", "fait") and item.strip().lstrip("#").isdigit():
        return MeetingVerb("agenda_done", number, item_number=int(item.strip().lstrip("#")))
    raise GrammarError("meeting.usage_agenda", given=arg)


_MINUTES_AS = {"docx": "docx", "word": "docx", "submit": "submit", "soumettre": "submit", "validation": "submit"}


def _sitting_minutes(number: int, arg: str, read: Reader) -> MeetingVerb:
    """`minutes N [date] [docx|submit]`: the sitting on that day (else the latest), as a canvas, as a Word
    file, or submitted to the meeting's validator for approval."""
    words = arg.split()
    how = _MINUTES_AS.get(fold(words[-1]), "") if words else ""
    phrase = " ".join(words[:-1] if how else words)
    if phrase and not looks_like_date(phrase):
        raise GrammarError("meeting.usage_minutes", given=arg)
    return MeetingVerb("minutes", number, when=_when(phrase, read) if phrase else None, item=how)


_NOBODY = ("none", "nobody", "aucun", "aucune", "personne")


def _validator(number: int, arg: str, marked: str, refs: list[Ref]) -> MeetingVerb:
    """`validator N @person`: who approves the meeting's minutes for the client; `validator N none`: nobody.
    `item` is the person's id, empty for nobody."""
    named = [refs[int(m.group(1))] for m in PLACEHOLDER.finditer(marked)]
    if not named and fold(arg) in _NOBODY:
        return MeetingVerb("validator", number, item="")
    if len(named) == 1 and isinstance(named[0], UserRef) and not arg:
        return MeetingVerb("validator", number, item=named[0].id)
    raise GrammarError("meeting.usage_validator", given=as_words(marked.partition(" ")[2], refs))


def _add(rest: str, refs: list[Ref], read: Reader) -> AddMeeting:
    """`rest` has its mentions as placeholders (slacktext.with_placeholders): in the title and the place
    they are words people read; after `with`/`avec` the people and groups invited; elsewhere people only
    (a group is invited on purpose, in the attendees part)."""
    kind_word, _, rest = rest.partition(" ")
    kind = KINDS.get(fold(kind_word))
    if kind is None:
        raise GrammarError("meeting.bad_kind", given=kind_word)
    quoted = title_of(rest)
    if not quoted:
        raise GrammarError("meeting.need_title")
    title, tail = as_words(quoted[0], refs), quoted[1]
    if len(title) > MAX_TITLE:
        raise GrammarError("error.text_too_long", limit=MAX_TITLE, length=len(title))
    tail, invited = people_invited(tail, refs)
    location = None
    if (place := PLACE.search(tail)) is not None:  # the place as typed, accents included
        location, tail = " ".join(as_words(place.group(1), refs).split()), tail[: place.start()]
    elif (url := URL.search(tail)) is not None:  # a video link needs no keyword
        location, tail = url.group(1), tail.replace(url.group(1), " ")
    if location and len(location) > 300:
        raise GrammarError("error.text_too_long", limit=300, length=len(location))
    named = [refs[int(m.group(1))] for m in PLACEHOLDER.finditer(tail)]
    if groups := [r for r in named if isinstance(r, GroupRef)]:
        raise GrammarError("meeting.group_needs_with", group="@" + (groups[0].name or groups[0].id))
    attendees = tuple(dict.fromkeys([*(r.id for r in named), *invited]))
    folded = fold(PLACEHOLDER.sub(" ", tail))
    duration = None
    if (d := DURATION.search(folded)) is not None:
        duration = duration_minutes(d)
        folded = (folded[: d.start()] + " " + folded[d.end() :]).strip()
    rrule, folded = recurrence(folded)
    try:
        at, duration, date_part = start_and_duration(folded, duration)
    except DateError as err:
        raise GrammarError("error.bad_date", fragment=err.fragment) from None
    on = None
    if rrule is None and date_part.strip():
        on = _when(re.sub(r"^(?:on|le)\s+", "", date_part.strip()), read)
        at = at or on.at  # `demain matin`: the working day's start
    if at is None:
        raise GrammarError("meeting.need_time", given=folded)
    if rrule is None:
        if on is None:
            raise GrammarError("meeting.need_date")
        on = When(on.day, at)
    elif date_part.strip():
        raise GrammarError("error.bad_date", fragment=date_part.strip())
    return AddMeeting(kind, title, at, rrule, on, duration, location, attendees)
