"""Concerto's texts: gettext catalogues read straight from bot/locale/*.po (no compile step), and CLDR dates.

`t(lang, "action.due")` and `tn(lang, "digest.agenda", n, count=n)` take a literal msgid, and a key chosen at
run time comes from a table of `N_("…")` literals, so an extractor finds them all (`pybabel extract -k t:2
-k tn:2 -k N_ -k modal:3 -k more_text:2 -k UserError -k GrammarError -k FieldError:2`; tests/unit/test_catalogue.py
checks it). Dates and times go through `babel.dates`, with the house patterns kept in the catalogue (`format.*`).
"""

from __future__ import annotations

import gettext
import io
import re
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from babel.dates import format_date, get_day_names
from babel.dates import format_time as format_clock
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("fr", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "concerto"


def N_(key: str) -> str:  # gettext's name for "a msgid, translated later"
    """Marks a msgid kept in a table for a key chosen at run time."""
    return key


class _Missing(gettext.NullTranslations):
    """A msgid neither catalogue holds is a bug: fail loudly rather than show the key."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise KeyError(msgid1)


def catalogue(lang: str) -> Catalog:
    """The `.po` file of one language, as Babel reads it."""
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """gettext over the `.po` file, compiled in memory once: its Plural-Forms choose the plural."""
    mo = io.BytesIO()
    write_mo(mo, catalogue(lang))
    mo.seek(0)
    found = gettext.GNUTranslations(mo)
    found.add_fallback(_Missing())
    return found


def language(code: str | None, fallback: str = "en") -> str:
    """`fr-FR`, `fr`, `en-GB` … to one of ours."""
    code = (code or "")[:2].lower()
    return code if code in LANGUAGES else fallback


_DOUBLE_DOT = re.compile(r"(\w\.)\.(?=\s|\*|$)")  # "due ven. 4 déc." + "." ends one sentence, once


def t(lang: str, key: str, **params: object) -> str:
    return _DOUBLE_DOT.sub(r"\1", translations(language(lang)).gettext(key).format(**params))


def tn(lang: str, key: str, n: int, **params: object) -> str:
    """A message whose wording follows the number `n` ("1 action ouverte", "2 actions ouvertes")."""
    return _DOUBLE_DOT.sub(r"\1", translations(language(lang)).ngettext(key, key, n).format(**params))


def weekday_names(lang: str) -> list[str]:
    """Monday first: `Monday` … / `lundi` …"""
    names = get_day_names("wide", locale=language(lang))
    return [names[i] for i in range(7)]


def weekday_abbreviations(lang: str) -> list[str]:
    """Monday first: `Mon` … / `lun.` …"""
    names = get_day_names("abbreviated", locale=language(lang))
    return [names[i] for i in range(7)]


def format_month(day: date, lang: str) -> str:
    """`Dec 2026` / `déc. 2026`, for a timeline's scale: a two-digit year would read as a day."""
    return format_date(day, t(lang, "format.month"), locale=language(lang))


def format_day(day: date, lang: str, today: date | None) -> str:
    """`Fri 4 Dec` / `ven. 4 déc.`, with the year when it is not `today`'s (always, with no `today`: a date
    read out of its time, in an error message)."""
    short = today is not None and day.year == today.year
    pattern = t(lang, "format.day") if short else t(lang, "format.day_year")
    return format_date(day, pattern, locale=language(lang))


def format_full_day(day: date, lang: str) -> str:
    """`Thursday 4 February 2027` / `jeudi 4 février 2027`: for documents kept, read long after."""
    return format_date(day, t(lang, "format.day_full"), locale=language(lang))


def format_time(moment: datetime | time, lang: str) -> str:
    """`14:30` / `14h30`, and `14:00` / `14h` on the hour, as each language writes it."""
    key = N_("format.time_on_the_hour") if moment.minute == 0 else N_("format.time")
    return format_clock(moment, t(lang, key), locale=language(lang))


def format_hhmm(hhmm: str, lang: str) -> str:
    """A stored `08:30` as people read it: `8h30` / `08:30`."""
    return format_time(time.fromisoformat(hhmm), lang)


def format_moment(moment: datetime, lang: str, today: date | None) -> str:
    """A local datetime as `Fri 4 Dec, 14:30` / `ven. 4 déc., 14h30`."""
    return t(lang, "format.moment", day=format_day(moment.date(), lang, today), time=format_time(moment, lang))
