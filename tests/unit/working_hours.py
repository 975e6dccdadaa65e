"""Working weeks, zones and instants around the changes of time of 2027, for the property tests of working
hours (bot/worktime.py) and of the reminders each feature plans within them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from bot.worktime import WorkWeek

UTC = timezone.utc
ZONES = [ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")]

# instants around the transitions of 2027 (Paris 28 Mar / 31 Oct, New York 14 Mar / 7 Nov)
moments = st.datetimes(min_value=datetime(2027, 3, 1), max_value=datetime(2027, 11, 30)).map(
    lambda d: d.replace(tzinfo=UTC)
)
dst_days = st.sampled_from([date(2027, 3, 14), date(2027, 3, 28), date(2027, 10, 31), date(2027, 11, 7)]).flatmap(
    lambda d: st.integers(-3, 3).map(lambda k: d + timedelta(days=k))
)
weeks = st.builds(
    WorkWeek,
    start=st.sampled_from([time(8), time(9), time(9, 30)]),
    end=st.sampled_from([time(17), time(18), time(19)]),
    days=st.sampled_from([frozenset({1, 2, 3, 4, 5}), frozenset({1, 2, 3, 4}), frozenset({2, 3, 4, 5, 6})]),
    country=st.sampled_from(["FR", "US", "JP", None]),
)


def within_hours(week: WorkWeek, moment: datetime, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return week.is_working_day(local.date()) and week.start <= local.time() < week.end


# The first public holidays a process reads load the holidays package, which takes longer than a Hypothesis
# deadline (200 ms): read each country's once here, before any example is timed, whichever test runs first.
for country in ("FR", "US", "JP"):
    WorkWeek(country=country).is_working_day(date(2027, 1, 1))
