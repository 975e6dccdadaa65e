"""Due dates typed in French or English, day-first, read relative to the author's local time.

`parse_when("vendredi 14h30", now)` returns `When(date(…), time(14, 30))`. The rules, as consultants
mean them: a bare weekday is the next one after today (`aujourd'hui` is today); `J+7`/`J-3` count days
from today; a year-less date reads forward within the next twelve months, except one in the past week,
which stays there (the caller asks before using a past date); a time alone is its next occurrence; a
date that does not exist (`29/02/2027`) says so. Numeric dates go through dateutil with `dayfirst=True`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from bot.datewords import (
    DATE_WORDS,
    ENGLISH_MONTHS,
    FILLERS,
    FRENCH_MONTHS,
    MONTH_NUMBERS,
    NUMBER_WORDS,
    RELATIVE_WORDS,
    WEEKDAYS,
)
from bot.payloads import Json

if TYPE_CHECKING:  # worktime reads dates: the week is imported where it is used
    from bot.worktime import WorkWeek


class DateError(ValueError):
    """The phrase (or the part of it named in `fragment`) is not a date we can read; `missing` when it reads
    as a calendar date that does not exist (30 February), `weekday_of` when the weekday written contradicts
    the date (`mardi 25/01`, a Monday), `far` when a year-less date would be more than six months away (a
    slip for last month, or truly next year? its year is asked), so the message can say so."""

    def __init__(
        self, fragment: str, *, missing: bool = False, weekday_of: date | None = None, far: date | None = None
    ) -> None:
        super().__init__(fragment)
        self.fragment = fragment
        self.missing = missing
        self.weekday_of = weekday_of  # the date, when the weekday written with it is not its own
        self.far = far  # the date a year-less one would be, when that is months away: its year is asked


@dataclass(frozen=True)
class When:
    day: date
    at: time | None = None  # None: any time that day (due by the end of it)

    def as_dict(self) -> Json:
        """A compact form for button values: `{"d": "2026-12-04", "h": "14:30" or None}`."""
        return {"d": self.day.isoformat(), "h": self.at.strftime("%H:%M") if self.at else None}

    @classmethod
    def from_dict(cls, data: Json) -> When:
        return cls(date.fromisoformat(data["d"]), time.fromisoformat(data["h"]) if data.get("h") else None)

    def deadline(self, tz: ZoneInfo) -> datetime:
        """The instant it falls due, in UTC: the given time, or the end of the day (next midnight)."""
        if self.at is None:
            return wall_time(self.day + timedelta(days=1), time(0), tz).astimezone(timezone.utc)
        return wall_time(self.day, self.at, tz).astimezone(timezone.utc)


def wall_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A local wall-clock time as a real instant; a time skipped by DST moves forward."""
    local = datetime.combine(day, at, tzinfo=tz)
    return local.astimezone(timezone.utc).astimezone(tz)


_TIME = re.compile(
    r"(?:^|\s)(?:à|a|at|@)?\s*"
    r"(?:(?P<h1>\d{1,2})\s*h\s*(?P<m1>\d{2})?"
    r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})"
    r"|(?P<h3>\d{1,2})(?::(?P<m3>\d{2}))?\s*(?P<ampm>am|pm)"
    r"|(?P<noon>midi|noon|minuit|midnight))(?=\s|$)"
)
_PART_OF_DAY = re.compile(
    r"(?:^|\s)(?P<part>matin(?:ee)?|morning|apres-midi|apres midi|aprem|afternoon|soir(?:ee)?|evening|tonight"
    r"|fin de (?:la )?journee|end of (?:the )?day|eod)$"
)  # `demain matin`, `cet après-midi`, `vendredi soir`: the working day decides the time
_THIS = {"ce", "cet", "cette", "this"}  # `ce matin`, `this afternoon`: today
_J_DAY = re.compile(r"^j\s*([+-])\s*(\d{1,3})$")
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})(?:er|st|nd|rd|th)?$")  # `le 3`: the next 3rd
_PART_OF_MONTH = re.compile(r"^(fin|end|mi|mid|debut|early|start)[\s-]+(?:of\s+)?([a-z]+)\.?$")  # `fin janvier`
_WORKING_DAYS = re.compile(r"^(?:in|dans)\s+(\d{1,2})\s+(?:jours?\s+ouvres?|working\s+days?|business\s+days?)$")
_WITHIN = {"sous huitaine": 8, "sous quinzaine": 15}  # a French administrative delay, in calendar days
_IN = re.compile(r"^(?:in|dans)\s+(?:(\w+)\s+)?(days?|jours?|weeks?|semaines?|months?|mois)$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WITH_MONTH = re.compile(r"^(?:\d{1,2}(?:st|nd|rd|th|er)?\s+[a-z]+|[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?$")


def fold(text: str) -> str:
    """Lower-case, accents off, apostrophes straight, spaces single: the form rules match on."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def looks_like_date(phrase: str) -> bool:
    """Whether a phrase is plausibly meant as a date (so a failure to read it is an error)."""
    words = set(re.findall(r"[a-z'\-]+", fold(phrase)))
    return bool(
        re.search(r"\d", phrase) or words & (set(WEEKDAYS) | set(FRENCH_MONTHS) | ENGLISH_MONTHS | RELATIVE_WORDS)
    )


def near_date_word(phrase: str) -> str | None:
    """The date word a one-word phrase was probably meant to be (`mrdi` -> `mardi`), so a typo after `pour`
    is named back to its author instead of staying in the text; None for a name (`Marie`) or a real word."""
    words = [w for w in fold(phrase).split() if w not in FILLERS]
    if len(words) != 1 or len(words[0]) < 4 or not phrase.strip()[:1].islower():
        return None
    found = difflib.get_close_matches(words[0], DATE_WORDS, n=1, cutoff=0.8)
    return found[0] if found else None


def parse_when(phrase: str, now: datetime, week: WorkWeek | None = None) -> When:
    """Read `phrase` as a day and optional time, relative to `now` (aware, the author's zone). `week`, the
    mission's working week (Monday to Friday, 9h to 18h, French holidays by default), counts working days and
    places a morning, an afternoon or an evening."""
    text = fold(phrase)
    if not text:
        raise DateError(phrase)
    if week is None:
        from bot.worktime import WorkWeek  # worktime reads dates: imported where it is used

        week = WorkWeek()
    at, text = take_time(text)
    part, text = _part_of_day(text, week)
    at = at or part
    if _DAY_OF_MONTH.match(text):  # a number alone is no date; `le 3`, `the 3rd` are
        raise DateError(phrase)
    today = now.date()
    if text in _THIS and part is not None:  # `cet après-midi`: today, even once past (the caller asks)
        return When(today, at)
    words = [w for w in text.split() if w not in FILLERS]
    text = " ".join(words)
    if not text:
        if at is None:
            raise DateError(phrase)
        return When(today if at > now.time().replace(tzinfo=None) else today + timedelta(days=1), at)
    day = _relative_day(text, today, week)
    if day is None:
        try:
            day = _calendar_day(text, today)
        except DateError as err:
            raise DateError(phrase.strip(), missing=err.missing, weekday_of=err.weekday_of, far=err.far) from None
    if day is None:
        raise DateError(phrase)
    return When(day, at)


Reader = Callable[[str], When]  # date phrases read for one author: their now, zone and working week fixed


def reader(now: datetime, week: WorkWeek | None = None) -> Reader:
    """`parse_when` for one author, for grammars to pass down instead of `now` and `week`."""
    return lambda phrase: parse_when(phrase, now, week)


def take_time(text: str) -> tuple[time | None, str]:
    """A time of day out of folded text (`14h30`, `2pm`, `14:30`, `midi`), and the rest."""
    m = _TIME.search(text)
    if not m:
        return None, text
    rest = (text[: m.start()] + " " + text[m.end() :]).strip()
    if m.group("noon"):
        return (time(12) if m.group("noon") in ("midi", "noon") else time(0)), rest
    hour = int(m.group("h1") or m.group("h2") or m.group("h3"))
    minute = int(m.group("m1") or m.group("m2") or m.group("m3") or 0)
    if m.group("ampm"):
        if not 1 <= hour <= 12:
            raise DateError(m.group(0).strip())
        hour = hour % 12 + (12 if m.group("ampm") == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateError(m.group(0).strip())
    return time(hour, minute), rest


def _part_of_day(text: str, week: WorkWeek) -> tuple[time | None, str]:
    """`matin` is when the working day starts, `après-midi` 14h (or the working day's start, when later),
    `soir` and `fin de journée` when it ends; the rest of the text, or `text` when it names no part."""
    m = _PART_OF_DAY.search(text)
    if not m:
        return None, text
    part = m["part"]
    if part.startswith(("matin", "morning")):
        at = week.start
    elif part.startswith(("apres", "aprem", "afternoon")):
        at = max(week.start, min(time(14), week.end))
    else:
        at = week.end
    return at, text[: m.start()].strip()


def _relative_day(text: str, today: date, week: WorkWeek) -> date | None:
    if text in ("today", "aujourd'hui", "aujourdhui"):
        return today
    if text in _WITHIN:
        return today + timedelta(days=_WITHIN[text])
    if m := _WORKING_DAYS.match(text):
        return week.add_working_days(today, int(m[1]))
    if (m := _DAY_OF_MONTH.match(text)) and 1 <= int(m[1]) <= 31:
        return _next_day_of_month(today, int(m[1]))
    if (m := _PART_OF_MONTH.match(text)) and (part := _part_of_month(today, m[1], m[2])) is not None:
        return part
    if m := _J_DAY.match(text):
        return today + timedelta(days=int(m[2]) * (1 if m[1] == "+" else -1))
    if text in ("tomorrow", "demain"):
        return today + timedelta(days=1)
    if text in ("apres-demain", "apres demain", "day after tomorrow"):
        return today + timedelta(days=2)
    if text in ("end week", "fin semaine", "end week friday", "semaine", "week"):  # `cette semaine`: by Friday
        return _next_weekday(today, 4, skip_today=False)
    if text in ("end month", "fin mois"):
        return today + relativedelta(day=31)
    if text in ("next week", "semaine prochaine"):
        return today + relativedelta(days=1, weekday=0)
    m = _IN.match(text)
    if m:
        word = m.group(1) or "1"
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if count is None:
            return None
        unit = m.group(2)
        if unit.startswith(("day", "jour")):
            return today + timedelta(days=count)
        if unit.startswith(("week", "semaine")):
            return today + timedelta(weeks=count)
        return today + relativedelta(months=count)
    words = text.split()
    names = [w for w in words if w not in ("next", "prochain", "prochaine")]
    if len(names) == 1 and names[0].rstrip(".") in WEEKDAYS:
        day = _next_weekday(today, WEEKDAYS[names[0].rstrip(".")])
        if len(names) < len(words) and day.isocalendar()[:2] == today.isocalendar()[:2]:
            day += timedelta(weeks=1)  # `next friday`, typed on a Thursday: the Friday of next week
        return day
    return None


def _next_day_of_month(today: date, day: int) -> date:
    """The next `day` of a month, today included (months without it are passed over)."""
    month = today.replace(day=1)
    for _ in range(13):
        try:
            found = month.replace(day=day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        month += relativedelta(months=1)
    raise DateError(str(day))


def _part_of_month(today: date, part: str, name: str) -> date | None:
    """`fin janvier` (its last day), `mi-février` (the 15th), `début mars` (the 1st): the next such day."""
    month = MONTH_NUMBERS.get(FRENCH_MONTHS.get(name, name))
    if month is None:
        return None
    for year in (today.year, today.year + 1):
        first = date(year, month, 1)
        found = {"fin": first + relativedelta(day=31), "end": first + relativedelta(day=31)}.get(
            part, first.replace(day=15) if part in ("mi", "mid") else first
        )
        if found >= today:
            return found
    return None


def _next_weekday(today: date, weekday: int, *, skip_today: bool = True) -> date:
    start = today + timedelta(days=1) if skip_today else today
    return start + relativedelta(weekday=weekday)


def _calendar_day(text: str, today: date) -> date | None:
    words = text.split()
    written = None
    if words and words[0].rstrip(".") in WEEKDAYS and len(words) > 1:
        written, words = WEEKDAYS[words[0].rstrip(".")], words[1:]  # "vendredi 4 décembre": the weekday agrees
    found = _calendar_date(words, today)
    if found is not None and written is not None and found.weekday() != written:
        raise DateError(text, weekday_of=found)
    return found


def _calendar_date(words: list[str], today: date) -> date | None:
    text = " ".join(FRENCH_MONTHS.get(w.rstrip("."), w.rstrip(".")) for w in words)
    text = re.sub(r"\b1er\b", "1", text)
    if m := _ISO.match(text):
        return _existing(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_FIRST.match(text):
        day, month, year = int(m[1]), int(m[2]), m[3]
        if year is None:
            return _forward(_existing(text, 2000, month, day), today)  # 2000 is a leap year
        return _existing(text, int(year) + (2000 if len(year) == 2 else 0), month, day)
    if not (_WITH_MONTH.match(text) and any(w in ENGLISH_MONTHS for w in re.findall(r"[a-z]+", text))):
        return None
    try:
        first = dateutil_parser.parse(text, dayfirst=True, default=datetime(2000, 1, 1))
        second = dateutil_parser.parse(text, dayfirst=True, default=datetime(2001, 1, 1))
    except (ValueError, OverflowError) as err:
        if "out of range" in str(err):  # dateutil's word for 30 February
            raise DateError(text, missing=True) from None
        return None
    return first.date() if first.year == second.year else _forward(first.date(), today)


def _existing(text: str, year: int, month: int, day: int) -> date:
    """The date, or a DateError saying it does not exist when the numbers look like one (31/04)."""
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12 and 1 <= day <= 31:
            raise DateError(text, missing=True) from None
        raise DateError(text) from None


PAST_WEEK = 7  # days: a year-less date this recent is a slip for last week, not one eleven months on


FAR = 183  # days: a year-less date further ahead than this is not guessed; its year is asked


def _forward(day: date, today: date) -> date:
    """A year-less day: its next occurrence (today included), unless it fell in the past week; one more
    than six months ahead is not taken on a guess (DateError `far`)."""
    for year in (today.year - 1, today.year, today.year + 1):
        found = _same_day(day, year)
        if found and (found - today).days >= -PAST_WEEK:
            if (found - today).days > FAR:
                raise DateError(day.strftime("%d/%m"), far=found)
            return found
    raise DateError(day.strftime("%d/%m"), missing=True)  # 29 February, and no leap year within a year


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None
