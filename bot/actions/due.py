"""The due date an action's text ends with: after `pour`/`by`/`avant` (read, or refused when it cannot be),
with no keyword at all (a delay or a span read, a day asked about, the subject's day left as text). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dates import DateError, Reader, When, fold, looks_like_date, near_date_word
from bot.errors import GrammarError
from bot.slacktext import PLACEHOLDER


@dataclass(frozen=True)
class Trailing:
    """A day at the end of an action's text, with no `pour` before it: perhaps its due date, perhaps the
    subject's day (`Appeler le préfet vendredi`, `Préparer le COPIL 12/01`), so it is asked; `text` is the
    action's text without it."""

    text: str
    due: When


DUE_KEYWORDS = r"due|by|before|for|pour|avant|d'ici|échéance|echeance"


STRICT_KEYWORDS = {"due", "échéance", "echeance"}  # always followed by a date


_BARE_DUE = re.compile(
    r"\s(?:dans|in)\s+(?:\d{1,3}|une?|an?|one|deux|two|trois|three)\s+(?:jours?\s+ouvr[ée]s?|working\s+days?|business\s+days?|jours?|days?|semaines?|weeks?"
    r"|mois|months?)"
    r"|\ssous\s+(?:huitaine|quinzaine)\b"
    r"|\s[jJ]\s?[+-]\s?\d{1,3}|\s(?:demain|après-demain|tomorrow|tonight|aujourd'hui|today)\b"
    r"|\s(?:fin|début|debut|mi|end|mid|early|start)(?:\s+|-)[^\W\d]"
    r"|\s(?:ce|cet|cette|this)\s+(?:soir|matin|après-midi|semaine|morning|afternoon|evening|week)\b",
    re.IGNORECASE,
)
# `Relancer dans 3 jours`, `Relancer J+7`, `Rappeler le traiteur demain 10h`, `Finaliser le déroulé fin de
# semaine`, `Relire la note mi-février`: a delay or a span, which at the end of a task is its due date


_REFERENCE = {"du", "de", "des", "d'", "of", "from", "since", "depuis", "au", "aux", "to", "until", "jusqu'au"}
_REFERENCE |= {"entre", "between", "et", "and", "sur", "last", "previous"}
# `Préparer la réunion du 12 janvier`, `le point de fin de semaine`: a day after these words names the subject


_TRAILING_WORDS = 5  # the longest day a text may end with: `vendredi 4 décembre à 14h`


_SECTION = re.compile(r"^\d{1,2}\.\d{1,2}$")  # `Relire la section 4.2`: a number, no day


_QUANTITY = re.compile(
    r"^(?:(?:the|les|des|nos|our|ces|these)\s+)?\d+\s+(?!(?:jan|f[eé]v|feb|mar|avr|apr|mai|may|juin|jun|juil|jul|ao[uû]|aug|sep|oct"
    r"|nov|d[eé]c)|(?:jours?|days?|semaines?|weeks?|mois|months?)\b)[^\W\d]",
    re.IGNORECASE,
)
# `pour 150 personnes`: a number and a word that is no month nor unit counts things, it is no date


def split_due(text: str, read: Reader) -> tuple[str, When | None]:
    """Take a trailing `due|by|pour|avant <date>` clause (or a bare `dans 3 jours`, `J+7`) off the text."""
    matches = list(re.finditer(f"(?<=\\S)\\s+({DUE_KEYWORDS})\\s+", text, flags=re.IGNORECASE))
    if not matches:
        return split_bare_due(text, read)
    m = matches[-1]
    tail = PLACEHOLDER.sub(" ", text[m.end() :]).strip()
    try:
        when = read(tail)
    except DateError as err:
        if err.missing:
            raise date_error(err) from None
        if (bare := split_bare_due(text, read))[1] is not None:  # `pour les intervenants dans 3 jours`
            return bare
        if m.group(1).lower() in STRICT_KEYWORDS or (looks_like_date(tail) and not _QUANTITY.match(tail)):
            raise date_error(err) from None
        if near := near_date_word(tail):
            raise GrammarError("error.unread_date", fragment=tail, suggestion=near) from None
        return text, None
    return text[: m.start()], when


def date_error(err: DateError) -> GrammarError:
    """What to tell the author: that the date does not exist (31/04), or that we could not read it."""
    if err.missing:
        return GrammarError("error.no_such_date", fragment=err.fragment)
    if err.far is not None:
        return GrammarError("error.far_date", fragment=err.fragment, day=err.far, year=err.far.year)
    if err.weekday_of is not None:
        return GrammarError("error.weekday_contradiction", fragment=err.fragment, day=err.weekday_of)
    return GrammarError("error.bad_date", fragment=err.fragment)


MENTION = "\ue000"  # a mention, masked: a word of its own that no date reads


def _masked(text: str) -> str:
    """The text with each mention one masked word, at the same positions."""
    return PLACEHOLDER.sub(lambda p: MENTION.ljust(len(p.group(0))), text)


def _unmasked(phrase: str) -> str:
    return phrase.replace(MENTION, " ")


def split_bare_due(text: str, read: Reader) -> tuple[str, When | None]:
    """A trailing delay or span that needs no keyword (`dans 3 jours`, `fin janvier`), unless it names the
    subject (`le point de fin de semaine`)."""
    masked = _masked(text)
    for m in _BARE_DUE.finditer(masked):
        if _names_subject(masked[: m.start()]):
            continue
        try:
            return text[: m.start()], read(_unmasked(masked[m.start() :]))
        except DateError:
            continue
    return text, None


def _names_subject(before: str) -> bool:
    """Whether the words before a day make it the subject's (`la réunion du`), not a due date."""
    words = fold(before).split()
    return bool(words) and words[-1] in _REFERENCE


def trailing_day(text: str, read: Reader) -> Trailing | None:
    """The longest day the text ends with, without keyword, to be asked about: None when there is none, or
    when it names the subject (`Préparer la réunion du 12 janvier` is text). A day that cannot be (31/04,
    `mardi 25/01` a Monday, a year-less day months away) is refused, not asked."""
    masked = _masked(text)
    starts = [m.start() for m in re.finditer(r"\S+", masked)]
    for start in starts[max(1, len(starts) - _TRAILING_WORDS) :]:
        tail = _unmasked(masked[start:]).strip()
        if _SECTION.match(tail):
            return None
        if masked[start] == MENTION or not tail:
            continue
        subject = _names_subject(masked[:start]) or fold(tail).split()[0] in _REFERENCE
        try:
            when = read(tail)
        except DateError as err:
            if not (err.missing or err.weekday_of or err.far):
                continue
            if subject:
                return None
            raise date_error(err) from None
        return None if subject else Trailing(text[:start], when)
    return None
