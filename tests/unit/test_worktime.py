"""Working hours: tables for the rules, properties across DST transitions in Europe/Paris,
America/New_York and Asia/Tokyo."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.worktime import WorkWeek
from tests.unit.working_hours import ZONES, moments, weeks, within_hours

PARIS = ZoneInfo("Europe/Paris")
WEEK = WorkWeek()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2027, 3, 29), False),  # Easter Monday in France
        (date(2027, 5, 6), False),  # Ascension
        (date(2027, 5, 7), True),
        (date(2027, 5, 8), False),  # a Saturday anyway
        (date(2027, 7, 14), False),
    ],
)
def test_french_holidays(day, working):
    assert WEEK.is_working_day(day) is working


def test_holidays_can_be_working_days():
    assert WorkWeek(country=None).is_working_day(date(2027, 7, 14))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2027, 3, 26, 20, 0, tzinfo=PARIS), datetime(2027, 3, 30, 9, 0, tzinfo=PARIS)),  # Fri night → Tue
        (datetime(2027, 3, 30, 7, 0, tzinfo=PARIS), datetime(2027, 3, 30, 9, 0, tzinfo=PARIS)),
        (datetime(2027, 3, 30, 11, 0, tzinfo=PARIS), datetime(2027, 3, 30, 11, 0, tzinfo=PARIS)),
    ],
)
def test_next_opening(moment, expected):
    assert WEEK.next_opening(moment, PARIS) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2027, 3, 30, 7, 0, tzinfo=PARIS), datetime(2027, 3, 26, 17, 0, tzinfo=PARIS)),  # before Tue → Fri
        (datetime(2027, 3, 30, 20, 0, tzinfo=PARIS), datetime(2027, 3, 30, 17, 0, tzinfo=PARIS)),
        (datetime(2027, 3, 30, 11, 0, tzinfo=PARIS), datetime(2027, 3, 30, 11, 0, tzinfo=PARIS)),
    ],
)
def test_last_hour_before(moment, expected):
    assert WEEK.last_hour_before(moment, PARIS) == expected


@given(moments, st.sampled_from(ZONES), weeks)
@settings(max_examples=300)
def test_next_opening_is_the_first_working_moment(moment, tz, week):
    opening = week.next_opening(moment, tz)
    assert opening >= moment
    assert within_hours(week, opening, tz)
    assert opening.astimezone(tz).time() == week.start or opening == moment


@given(moments, st.sampled_from(ZONES), weeks)
@settings(max_examples=300)
def test_last_hour_before_is_working_and_not_later(moment, tz, week):
    at = week.last_hour_before(moment, tz)
    assert at <= moment and within_hours(week, at, tz)
