"""The date grammar, French and English, day-first, across DST."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import DateError, When, looks_like_date, parse_when, wall_time
from bot.worktime import WorkWeek

PARIS = ZoneInfo("Europe/Paris")
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)
MONDAY = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=PARIS)
JANUARY_13 = datetime(2027, 1, 13, 9, 30, tzinfo=PARIS)


CORPUS = Path(__file__).with_name("date_corpus.tsv")


def corpus() -> list[tuple[str, datetime, When]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            phrase, now, meant = line.split("\t")
            day, _, at = meant.partition("T")
            when = When(date.fromisoformat(day), time.fromisoformat(at) if at else None)
            rows.append((phrase, datetime.fromisoformat(now).replace(tzinfo=PARIS), when))
    return rows


def test_the_corpus_is_large_and_bilingual():
    phrases = {phrase for phrase, _, _ in corpus()}
    assert len(phrases) >= 120
    assert {"demain matin", "tomorrow morning", "cet après-midi", "this afternoon", "le 3", "the 15th"} <= phrases


@pytest.mark.parametrize(("phrase", "now", "expected"), corpus())
def test_phrases(phrase, now, expected):
    assert parse_when(phrase, now) == expected


@pytest.mark.parametrize("phrase", ["", "soon", "32/12", "31/04", "29/02", "25h", "13pm", "someday", "3", "the team"])
def test_unreadable(phrase):
    with pytest.raises(DateError):
        parse_when(phrase, SATURDAY)


@pytest.mark.parametrize("phrase", ["29/02/2027", "31/04", "31/06/2027", "2027-02-30", "le 30 février"])
def test_a_date_that_does_not_exist_says_so(phrase):
    with pytest.raises(DateError) as err:
        parse_when(phrase, SATURDAY)
    assert err.value.missing


@pytest.mark.parametrize("phrase", ["32/12", "soon", "4/13"])
def test_an_unreadable_date_is_not_called_missing(phrase):
    with pytest.raises(DateError) as err:
        parse_when(phrase, SATURDAY)
    assert not err.value.missing


@pytest.mark.parametrize(
    ("phrase", "day"), [("mardi 25/01", date(2027, 1, 25)), ("friday 4 dec 2027", date(2027, 12, 4))]
)
def test_a_weekday_that_contradicts_the_date_is_questioned(phrase, day):
    with pytest.raises(DateError) as err:
        parse_when(phrase, MONDAY)
    assert err.value.weekday_of == day


@pytest.mark.parametrize(
    ("phrase", "far"),
    [
        ("4/12", date(2027, 12, 4)),  # typed in January: December next, or a slip for the one just gone?
        ("5/01", date(2028, 1, 5)),
        ("4 décembre", date(2027, 12, 4)),
        ("29/02", date(2028, 2, 29)),
        ("28/12", date(2027, 12, 28)),
    ],
)
def test_a_year_less_date_months_away_is_asked_not_guessed(phrase, far):
    with pytest.raises(DateError) as err:
        parse_when(phrase, JANUARY_13)
    assert err.value.far == far
    assert parse_when(f"{phrase} {far.year}" if " " in phrase else f"{phrase}/{far.year}", JANUARY_13).day == far


def test_error_names_the_fragment():
    with pytest.raises(DateError) as err:
        parse_when("vendredi 25h", SATURDAY)
    assert err.value.fragment == "25h"


@pytest.mark.parametrize(
    ("phrase", "datey"),
    [
        ("email", False),
        ("the mayor", False),
        ("le comité", False),
        ("vendredi prochain", True),
        ("3 juin", True),
        ("soon 4", True),
    ],
)
def test_looks_like_date(phrase, datey):
    assert looks_like_date(phrase) is datey


@pytest.mark.parametrize(
    ("when", "utc"),
    [
        (When(date(2027, 3, 26), time(9, 0)), datetime(2027, 3, 26, 8, 0, tzinfo=timezone.utc)),  # CET
        (When(date(2027, 3, 29), time(9, 0)), datetime(2027, 3, 29, 7, 0, tzinfo=timezone.utc)),  # CEST
        (When(date(2027, 3, 28), time(2, 30)), datetime(2027, 3, 28, 1, 30, tzinfo=timezone.utc)),  # in the gap
        (When(date(2027, 10, 31), time(2, 30)), datetime(2027, 10, 31, 0, 30, tzinfo=timezone.utc)),  # fold: first
        (When(date(2027, 3, 27)), datetime(2027, 3, 27, 23, 0, tzinfo=timezone.utc)),  # all day: until midnight
        (When(date(2027, 3, 28)), datetime(2027, 3, 28, 22, 0, tzinfo=timezone.utc)),  # a 23-hour day
    ],
)
def test_deadlines_across_dst(when, utc):
    assert when.deadline(PARIS) == utc


def test_gap_time_moves_forward_on_the_wall_clock():
    assert wall_time(date(2027, 3, 28), time(2, 30), PARIS).time() == time(3, 30)


def test_relative_days_keep_wall_time_across_the_change():
    before = datetime(2027, 3, 26, 10, 0, tzinfo=PARIS)
    local = parse_when("dans 3 jours 9h30", before).deadline(PARIS).astimezone(PARIS)
    assert local.time() == time(9, 30) and local.utcoffset().total_seconds() == 7200


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(["Europe/Paris", "America/New_York", "Asia/Tokyo"]),
    st.sampled_from(["demain", "tomorrow", "vendredi", "next monday", "dans 3 jours", "fin de semaine"]),
)
def test_relative_phrases_land_in_the_next_fortnight_at_local_midnight(naive_now, zone, phrase):
    tz = ZoneInfo(zone)
    now = naive_now.replace(tzinfo=tz)
    when = parse_when(phrase, now)
    assert 0 <= (when.day - now.date()).days <= 14
    assert when.deadline(tz).astimezone(tz).time() == time(0)


def test_the_missions_working_day_places_a_morning_an_afternoon_and_an_evening():
    early = WorkWeek(start=time(8, 30), end=time(17))
    assert parse_when("demain matin", MONDAY, early) == When(date(2026, 12, 1), time(8, 30))
    assert parse_when("cet après-midi", MONDAY, early) == When(date(2026, 11, 30), time(14))
    assert parse_when("tonight", MONDAY, early) == When(date(2026, 11, 30), time(17))
    assert parse_when("this afternoon", MONDAY, WorkWeek(start=time(15), end=time(22))).at == time(15)


def test_working_days_are_the_missions():
    six_days = WorkWeek(days=frozenset({1, 2, 3, 4, 5, 6}), country=None)
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=PARIS)
    assert parse_when("dans 1 jour ouvré", friday, six_days).day == date(2026, 12, 5)
    assert parse_when("dans 1 jour ouvré", friday).day == date(2026, 12, 7)
