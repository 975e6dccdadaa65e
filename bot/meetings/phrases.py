"""The parts of a `/meeting add` phrase, each read on its own: the quoted title, a duration or a time range,
reminder lead times, the people invited after `with`/`avec`, and the repeating part. Pure."""

from __future__ import annotations

import re
from datetime import time

from bot.dates import DateError, fold, take_time
from bot.datewords import WEEKDAYS
from bot.errors import GrammarError
from bot.slacktext import PLACEHOLDER, Ref

BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


ORDINALS = {
    "first": 1,
    "premier": 1,
    "1st": 1,
    "second": 2,
    "deuxieme": 2,
    "2nd": 2,
    "third": 3,
    "troisieme": 3,
    "3rd": 3,
    "fourth": 4,
    "quatrieme": 4,
    "4th": 4,
    "last": -1,
    "dernier": -1,
}


MAX_TITLE = 150  # a Block Kit header holds 150 characters
MAX_ITEM = 500  # an agenda item
MAX_LINKED_ITEM = 300  # one typed from a message: the message's link follows it
MAX_DECISION = 1000  # a decision


_QUOTES = {'"': '"', "“": "”", "«": "»"}  # a title's opening quote and the one that closes it


_TITLE = re.compile(r'^\s*(?P<open>["“«])(?P<body>.*)$', re.DOTALL)


DURATION = re.compile(
    r"(?:^|\s)(?:for|pendant|duree)\s+(?:(\d+(?:[.,]\d+)?)\s*(?:heures?|hours?|hrs?|h)\s*(\d{2})?"
    r"|(\d+)\s*min(?:utes)?)(?=\s|$)"
)


MAX_MINUTES = 12 * 60  # a day's session at most


_CLOCK = r"\d{1,2}\s*h(?:\s*\d{2})?|\d{1,2}:\d{2}|\d{1,2}(?::\d{2})?\s*(?:am|pm)|midi|noon"
_RANGE = re.compile(
    rf"(?:^|\s)(?:(?:de|from)\s+)?(?P<start>{_CLOCK})\s*(?:-|–|—|\s(?:a|to|until|till|jusqu'a)\s)\s*(?P<end>{_CLOCK})(?=\s|$)"
)  # `de 9h à 17h`, `9h-17h`, `14h–16h`, `from 9am to 5pm` (folded: `à` reads `a`)


PLACE = re.compile(
    r"(?:^|\s)(?:where|lieu|location|salle|room)\s*:?\s+(\S.*?)(?:\s+(?:avec|with)\b.*)?\s*$", re.IGNORECASE | re.DOTALL
)  # `avec`/`with` ends the place: the people follow


URL = re.compile(r"(https?://\S+)")


_WITH = re.compile(r"(?:^|\s)(?:with|avec)(?=\s|$)", re.IGNORECASE)
_JOINERS = {"et", "and", "&"}


_LEAD = re.compile(r"^-(\d{1,3})([dhj])(?:@(\d{1,2})(?::|h)(\d{2})?)?$")  # `-7d`, `-1d@16:00`, `-7j`, `-1j@16h`


_DAYS = "|".join(sorted(WEEKDAYS, key=len, reverse=True))


_DAY = rf"(?:{_DAYS})s?\.?"


_MONTHLY = re.compile(
    rf"(?:monthly on the|every month on the|tous les mois le|chaque mois le|le)\s+(\w+)\s+({_DAY})"
    r"(?:\s+(?:du mois|of the month|of each month))?"
)


_OTHER = re.compile(rf"(?:every other\s+({_DAY})|un\s+({_DAY})\s+sur deux|toutes les deux semaines le\s+({_DAY}))")


_EVERY = re.compile(rf"(?:every|each|weekly on|chaque|tous les|toutes les)\s+({_DAY}(?:\s*(?:,|and|et)\s*{_DAY})*)")


def title_of(text: str) -> tuple[str, str] | None:
    """A quoted title and what follows it; inner quotes and « » stay in the title (it ends at the last
    closing quote of its kind)."""
    m = _TITLE.match(text)
    if not m or (end := m.group("body").rfind(_QUOTES[m.group("open")])) < 0:
        return None
    title = " ".join(m.group("body")[:end].split())
    if not title:
        return None
    if len(title) > MAX_TITLE:
        raise GrammarError("error.text_too_long", limit=MAX_TITLE, length=len(title))
    return title, m.group("body")[end + 1 :]


def duration_minutes(d: re.Match[str]) -> int:
    """`for 1.5h`, `pendant 1h30`, `for 90min`, checked: more than nothing, up to a day's session."""
    minutes = int(d.group(3)) if d.group(3) else round(float(d.group(1).replace(",", ".")) * 60) + int(d.group(2) or 0)
    if not 0 < minutes <= MAX_MINUTES:
        raise GrammarError("meeting.bad_duration", given=d.group(0).strip(), hours=MAX_MINUTES // 60)
    return minutes


def start_and_duration(folded: str, duration: int | None) -> tuple[time | None, int | None, str]:
    """The start time and the duration, from a range (`de 9h à 17h`, checked like a duration) or a time
    alone, and the rest of the phrase."""
    span = _RANGE.search(folded)
    if span is None:
        at, rest = take_time(folded)
        return at, duration, rest
    given = span.group(0).strip()
    if duration is not None:
        raise GrammarError("meeting.end_and_duration", given=given)
    start, end = take_time(span["start"])[0], take_time(span["end"])[0]
    if start is None or end is None:
        raise DateError(given)
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if not 0 < minutes <= MAX_MINUTES:
        raise GrammarError("meeting.bad_duration", given=given, hours=MAX_MINUTES // 60)
    return start, minutes, (folded[: span.start()] + " " + folded[span.end() :]).strip()


def leads_of(value: str) -> str | None:
    """Reminder lead times, French units too (`-7j -1j@16h`), in the stored form (`-7d -1d@16:00`)."""
    leads = []
    for lead in value.replace(",", " ").split():
        m = _LEAD.match(fold(lead))
        if not m or (m[3] and not (int(m[3]) < 24 and int(m[4] or 0) < 60)):
            return None
        unit = "h" if m[2] == "h" else "d"
        leads.append(f"-{m[1]}{unit}" + (f"@{int(m[3]):02d}:{m[4] or '00'}" if m[3] else ""))
    return " ".join(leads) if 0 < len(leads) <= 6 else None


def people_invited(tail: str, refs: list[Ref]) -> tuple[str, tuple[str, ...]]:
    """The people and groups written after `with`/`avec`, and the rest of the phrase: the words after
    them that are not mere joiners (`et`, `and`, commas) belong to the when (`with @marie every tuesday`)."""
    m = _WITH.search(tail)
    if m is None:
        return tail, ()
    after = tail[m.end() :]
    invited = tuple(refs[int(p.group(1))].id for p in PLACEHOLDER.finditer(after))
    words = [w for w in PLACEHOLDER.sub(" ", after).replace(",", " ").split() if fold(w) not in _JOINERS]
    return " ".join([tail[: m.start()], *words]), invited


def recurrence(text: str) -> tuple[str | None, str]:
    """An RRULE for the repeating part of the phrase, and what is left of it."""
    if (m := _MONTHLY.search(text)) and m.group(1) in ORDINALS:
        rule = f"FREQ=MONTHLY;BYDAY={ORDINALS[m.group(1)]}{weekday_code(m.group(2))}"
        return rule, (text[: m.start()] + " " + text[m.end() :]).strip()
    if m := _OTHER.search(text):
        day = next(g for g in m.groups() if g)
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday_code(day)}", (text[: m.start()] + " " + text[m.end() :]).strip()
    if m := _EVERY.search(text):
        days = re.split(r"\s*(?:,|and|et)\s*", m.group(1))
        byday = ",".join(dict.fromkeys(weekday_code(d) for d in days))
        return f"FREQ=WEEKLY;BYDAY={byday}", (text[: m.start()] + " " + text[m.end() :]).strip()
    return None, text


def weekday_code(word: str) -> str:
    """`mardi`, `tuesdays`, `mar.`: its RRULE code (`TU`)."""
    word = word.rstrip(".")
    base = word if word in WEEKDAYS else word[:-1]
    return BYDAY[WEEKDAYS[base]]
