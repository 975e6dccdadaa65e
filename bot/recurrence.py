"""Meeting occurrences from an RFC 5545 RRULE, expanded with dateutil on wall-clock times and
localised with zoneinfo, so that 09:30 in Paris stays 09:30 across daylight-saving changes. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.dates import wall_time

UTC = timezone.utc


@dataclass(frozen=True)
class Series:
    starts_local: datetime  # naive wall-clock time of the first occurrence
    tz: ZoneInfo
    rrule: str | None  # e.g. "FREQ=WEEKLY;BYDAY=TU"; None for a one-off meeting
    duration: timedelta
    ends_on: date | None = None


@dataclass(frozen=True)
class Occurrence:
    original: datetime  # UTC, where the rule puts it at the series' current time
    start: datetime  # UTC, where it actually is (moved, or the same)
    end: datetime
    day: date  # the day the rule puts it on, in the series' zone: what its exceptions are keyed on

    @property
    def moved(self) -> bool:
        return self.start != self.original


def _localise(naive: datetime, tz: ZoneInfo) -> datetime:
    return wall_time(naive.date(), naive.time(), tz).astimezone(UTC)


def rule_starts(series: Series, after: datetime, before: datetime) -> list[datetime]:
    """UTC starts the rule gives in [after, before), before any exception."""
    if series.rrule is None:
        start = _localise(series.starts_local, series.tz)
        return [start] if after <= start < before else []
    rule = rrulestr(f"RRULE:{series.rrule}", dtstart=series.starts_local)
    if not isinstance(rule, rrule):  # one RRULE line makes one rule, never a set
        raise ValueError(series.rrule)
    if series.ends_on is not None:
        rule = rule.replace(until=datetime.combine(series.ends_on, datetime.max.time()))
    margin = timedelta(days=1)  # wall-clock bounds, widened for the zone offset
    lo = after.astimezone(series.tz).replace(tzinfo=None) - margin
    hi = before.astimezone(series.tz).replace(tzinfo=None) + margin
    starts = (_localise(naive, series.tz) for naive in rule.between(lo, hi, inc=True))
    return [s for s in starts if after <= s < before]


def occurrences(
    series: Series,
    after: datetime,
    before: datetime,
    *,
    changes: dict[date, datetime | None] | None = None,
    held_on: Callable[[date], date | None] = lambda day: day,
) -> list[Occurrence]:
    """Occurrences starting in [after, before): cancelled ones left out, moved ones where they went.

    `changes` maps the day the rule gives an occurrence to its new UTC start, or to None when
    cancelled (one occurrence a day at most). `held_on` says, for a day the rule gives, the day the
    sitting is held (at the same time), or None when it is skipped: public holidays; `changes` win.
    """
    changes = changes or {}
    found = []
    for original in rule_starts(series, after - timedelta(days=366), before + timedelta(days=366)):
        day = original.astimezone(series.tz).date()
        start = changes[day] if day in changes else _held(original, day, held_on(day), series.tz)
        if start is None:
            continue
        if after <= start < before:
            found.append(Occurrence(original, start, start + series.duration, day))
    return sorted(found, key=lambda o: o.start)


def _held(original: datetime, day: date, held: date | None, tz: ZoneInfo) -> datetime | None:
    """The start of a sitting the rule puts on `day`, held on `held` at the same wall-clock time."""
    if held is None or held == day:
        return None if held is None else original
    return _localise(datetime.combine(held, original.astimezone(tz).time()), tz)


def first_start(rrule: str, at: datetime, tz: ZoneInfo, now: datetime) -> datetime:
    """The first wall-clock start a rule gives from now on, at the time of day of `at`."""
    local_now = now.astimezone(tz).replace(tzinfo=None)
    anchor = local_now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    rule = rrulestr(f"RRULE:{rrule}", dtstart=anchor)  # "every other week" counts from this week
    nxt = rule.after(local_now, inc=True)
    if nxt is None:
        raise ValueError("the rule has no occurrence to come")
    return nxt
