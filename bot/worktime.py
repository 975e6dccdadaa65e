"""Working time: when a reminder may reach someone. Pure, DST-correct (zoneinfo wall times).

A mission works on some ISO weekdays between two wall-clock times in each person's own time zone,
optionally skipping the public holidays of its country.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import holidays

from bot.dates import wall_time

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Mission


@lru_cache(maxsize=64)
def _holidays(country: str, year: int, lang: str = "en") -> dict[date, str]:
    """`country` is a code ("FR"), or a code and a subdivision ("FR/6AE": Alsace-Moselle's holidays too)."""
    code, _, subdivision = country.partition("/")
    return dict(holidays.country_holidays(code, subdiv=subdivision or None, years=year, language=lang))


def is_holiday(country: str | None, day: date) -> bool:
    return bool(country) and day in _holidays(country, day.year)


def holiday_name(country: str | None, day: date, lang: str) -> str | None:
    """The public holiday on `day`, named in `lang` ("Ascension"), or None."""
    return _holidays(country, day.year, lang).get(day) if country else None


@dataclass(frozen=True)
class WorkWeek:
    start: time = time(9)
    end: time = time(18)
    days: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO weekdays
    country: str | None = "FR"  # None: public holidays are working days

    @classmethod
    def of(cls, start: str, end: str, days: str, country: str | None) -> WorkWeek:
        return cls(time.fromisoformat(start), time.fromisoformat(end), frozenset(int(d) for d in days), country)

    def is_working_day(self, day: date) -> bool:
        if day.isoweekday() not in self.days:
            return False
        return not is_holiday(self.country, day)

    def working_day_on_or_after(self, day: date) -> date:
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within a year")

    def working_day_before(self, day: date) -> date:
        day -= timedelta(days=1)
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day -= timedelta(days=1)
        raise ValueError("no working day within a year")

    def nearest_working_day(self, day: date) -> date:
        """The working day closest to `day` (`day` itself if it is one); between two as close, the earlier,
        so that a deadline moved to it does not slip."""
        after, before = self.working_day_on_or_after(day), self.working_day_before(day)
        return before if (day - before) <= (after - day) else after

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count ≥ 1)."""
        for _ in range(count):
            day = self.working_day_on_or_after(day + timedelta(days=1))
        return day

    def opening(self, day: date, tz: ZoneInfo) -> datetime:
        """When the working day `day` starts, as an instant."""
        return wall_time(day, self.start, tz)

    def next_opening(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """`moment` if it is within working hours, else the next time working hours begin."""
        local = moment.astimezone(tz)
        day = local.date()
        if self.is_working_day(day) and self.start <= local.time() < self.end:
            return moment
        if self.is_working_day(day) and local.time() < self.start:
            return self.opening(day, tz)
        return self.opening(self.working_day_on_or_after(day + timedelta(days=1)), tz)

    def last_hour_before(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """`moment` if within working hours, else the start of the last working hour before it."""
        local = moment.astimezone(tz)
        day = local.date()
        if self.is_working_day(day) and self.start <= local.time() < self.end:
            return moment
        if not (self.is_working_day(day) and local.time() >= self.end):
            day = self.working_day_before(day)
        last_hour = (datetime.combine(day, self.end) - timedelta(hours=1)).time()
        return wall_time(day, max(last_hour, self.start), tz)


def work_week(mission: Mission) -> WorkWeek:
    return WorkWeek.of(mission.work_start, mission.work_end, mission.work_days, holidays_of(mission))


def holidays_of(mission: Mission) -> str | None:
    """Whose public holidays the mission keeps: its country's, and its subdivision's ("FR/6AE"); None: none."""
    if not mission.holiday_country:
        return None
    subdivision = mission.holiday_subdivision
    return f"{mission.holiday_country}/{subdivision}" if subdivision else mission.holiday_country
