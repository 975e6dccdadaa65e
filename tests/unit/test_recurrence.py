"""Recurring series (bot/recurrence.py): wall time held across DST, every other week and monthly,
cancelled and moved occurrences and days skipped."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.recurrence import Series, first_start, occurrences
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)  # a Monday
UTC = timezone.utc


def weekly(start: datetime, rule: str = "FREQ=WEEKLY;BYDAY=TU") -> Series:
    return Series(
        first_start(rule, datetime.combine(date.today(), time(9, 30)), PARIS, start), PARIS, rule, timedelta(hours=1)
    )


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Asia/Tokyo"])
def test_wall_time_holds_across_dst(zone):
    tz = ZoneInfo(zone)
    start = datetime(2027, 3, 1, 8, 0, tzinfo=tz)
    series = Series(
        first_start("FREQ=WEEKLY;BYDAY=TU", datetime(2027, 1, 1, 9, 30), tz, start),
        tz,
        "FREQ=WEEKLY;BYDAY=TU",
        timedelta(hours=1),
    )
    found = occurrences(series, start, datetime(2027, 12, 1, tzinfo=tz))
    assert len(found) == 40
    assert {o.start.astimezone(tz).time() for o in found} == {time(9, 30)}
    assert len({o.start.astimezone(tz).utcoffset() for o in found}) == (1 if zone == "Asia/Tokyo" else 2)


def test_every_other_week_and_monthly():
    found = occurrences(weekly(NOW, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), NOW, NOW + timedelta(days=44))
    assert [o.start.astimezone(PARIS).date() for o in found] == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 29),
        date(2027, 1, 12),
    ]
    monthly = occurrences(weekly(NOW, "FREQ=MONTHLY;BYDAY=1MO"), NOW, NOW + timedelta(days=100))
    assert [o.start.astimezone(PARIS).date() for o in monthly] == [
        date(2026, 12, 7),
        date(2027, 1, 4),
        date(2027, 2, 1),
        date(2027, 3, 1),
    ]


def test_cancelled_and_moved_occurrences_and_holidays():
    series = weekly(NOW)
    first, second, third = occurrences(series, NOW, NOW + timedelta(days=21))
    moved_to = datetime(2026, 12, 10, 14, 0, tzinfo=PARIS).astimezone(UTC)
    changed = occurrences(series, NOW, NOW + timedelta(days=21), changes={first.day: None, second.day: moved_to})
    assert [(o.start, o.moved) for o in changed] == [(moved_to, True), (third.start, False)]
    christmas = occurrences(
        series,
        datetime(2027, 5, 1, tzinfo=PARIS),
        datetime(2027, 5, 12, tzinfo=PARIS),
        held_on=lambda d: None if d == date(2027, 5, 4) else d,
    )
    assert [o.start.astimezone(PARIS).date() for o in christmas] == [date(2027, 5, 11)]
    shifted = occurrences(
        series,
        datetime(2027, 5, 1, tzinfo=PARIS),
        datetime(2027, 5, 12, tzinfo=PARIS),
        held_on=lambda d: date(2027, 5, 5) if d == date(2027, 5, 4) else d,
    )
    held = shifted[0].start.astimezone(PARIS)
    assert (held.date(), held.time(), shifted[0].day) == (
        date(2027, 5, 5),
        shifted[1].start.astimezone(PARIS).time(),
        date(2027, 5, 4),
    )
