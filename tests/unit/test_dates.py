"""The date grammar, French and English, day-first, across DST."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import DateError, When, looks_like_date, parse_when, wall_time

PARIS = ZoneInfo("Europe/Paris")
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)
MONDAY = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=PARIS)
JANUARY_13 = datetime(2027, 1, 13, 9, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("phrase", "now", "expected"),
    [
        ("04/12", SATURDAY, When(date(2026, 12, 4))),
        ("4/12/2026", SATURDAY, When(date(2026, 12, 4))),
        ("4.12.26", SATURDAY, When(date(2026, 12, 4))),
        ("2026-12-04", SATURDAY, When(date(2026, 12, 4))),
        ("04/01", SATURDAY, When(date(2027, 1, 4))),  # year-less: the nearest one
        ("27/11", SATURDAY, When(date(2026, 11, 27))),  # yesterday stays yesterday (and is confirmed)
        ("4 décembre", SATURDAY, When(date(2026, 12, 4))),
        ("le 1er janvier", SATURDAY, When(date(2027, 1, 1))),
        ("December 4", SATURDAY, When(date(2026, 12, 4))),
        ("4 dec 2027", SATURDAY, When(date(2027, 12, 4))),
        ("vendredi", SATURDAY, When(date(2026, 12, 4))),
        ("friday", SATURDAY, When(date(2026, 12, 4))),
        ("samedi", SATURDAY, When(date(2026, 12, 5))),  # a bare weekday is the next one after today
        ("mercredi", WEDNESDAY, When(date(2026, 12, 9))),
        ("aujourd'hui", WEDNESDAY, When(date(2026, 12, 2))),
        ("J+7", MONDAY, When(date(2026, 12, 7))),
        ("j+1 9h", MONDAY, When(date(2026, 12, 1), time(9))),
        ("J-3", MONDAY, When(date(2026, 11, 27))),
        ("4/06", JANUARY_13, When(date(2027, 6, 4))),  # year-less reads forward up to six months…
        ("10/01", JANUARY_13, When(date(2027, 1, 10))),  # …except in the past week (the caller asks)
        ("next saturday", SATURDAY, When(date(2026, 12, 5))),  # next/prochain skips today
        ("lundi prochain", SATURDAY, When(date(2026, 11, 30))),
        ("next monday", MONDAY, When(date(2026, 12, 7))),
        ("demain", SATURDAY, When(date(2026, 11, 29))),
        ("tomorrow", SATURDAY, When(date(2026, 11, 29))),
        ("après-demain", SATURDAY, When(date(2026, 11, 30))),
        ("dans 3 jours", SATURDAY, When(date(2026, 12, 1))),
        ("in 3 days", SATURDAY, When(date(2026, 12, 1))),
        ("in a week", SATURDAY, When(date(2026, 12, 5))),
        ("dans 2 semaines", SATURDAY, When(date(2026, 12, 12))),
        ("fin de semaine", MONDAY, When(date(2026, 12, 4))),
        ("end of week", MONDAY, When(date(2026, 12, 4))),
        ("fin du mois", MONDAY, When(date(2026, 11, 30))),
        ("semaine prochaine", MONDAY, When(date(2026, 12, 7))),
        ("14h30", MONDAY, When(date(2026, 11, 30), time(14, 30))),
        ("9h", MONDAY, When(date(2026, 12, 1), time(9, 0))),  # a time alone: its next occurrence
        ("2pm", MONDAY, When(date(2026, 11, 30), time(14, 0))),
        ("12am", MONDAY, When(date(2026, 12, 1), time(0, 0))),
        ("14:30", MONDAY, When(date(2026, 11, 30), time(14, 30))),
        ("vendredi 14h30", MONDAY, When(date(2026, 12, 4), time(14, 30))),
        ("friday at 2:15pm", MONDAY, When(date(2026, 12, 4), time(14, 15))),
        ("demain à midi", MONDAY, When(date(2026, 12, 1), time(12, 0))),
        ("ven. 4 déc. 10h", MONDAY, When(date(2026, 12, 4), time(10, 0))),
        ("04/12 14h", MONDAY, When(date(2026, 12, 4), time(14, 0))),
        ("le 3", MONDAY, When(date(2026, 12, 3))),  # the next 3rd
        ("le 30", MONDAY, When(date(2026, 11, 30))),  # today is the 30th
        ("the 31st", MONDAY, When(date(2026, 12, 31))),
        ("le 31", datetime(2027, 2, 2, 9, 0, tzinfo=PARIS), When(date(2027, 3, 31))),  # February has none
        ("fin janvier", MONDAY, When(date(2027, 1, 31))),
        ("fin de janvier", MONDAY, When(date(2027, 1, 31))),
        ("mi-février", MONDAY, When(date(2027, 2, 15))),
        ("début mars", MONDAY, When(date(2027, 3, 1))),
        ("end of january", MONDAY, When(date(2027, 1, 31))),
        ("mid-february", MONDAY, When(date(2027, 2, 15))),
        ("early march", MONDAY, When(date(2027, 3, 1))),
        ("fin novembre", MONDAY, When(date(2026, 11, 30))),  # this month's, today
        ("fin du mois", MONDAY, When(date(2026, 11, 30))),
        ("dans 3 jours ouvrés", datetime(2026, 12, 24, 9, 0, tzinfo=PARIS), When(date(2026, 12, 30))),  # Christmas off
        ("in 2 working days", datetime(2026, 12, 4, 9, 0, tzinfo=PARIS), When(date(2026, 12, 8))),
        ("sous huitaine", MONDAY, When(date(2026, 12, 8))),
        ("sous quinzaine", MONDAY, When(date(2026, 12, 15))),
        ("mardi 1/12", MONDAY, When(date(2026, 12, 1))),  # the weekday agrees
    ],
)
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
