"""What each kind of meeting calls for, and when its reminders go out. Pure.

Lead times are written `-1d@16:00` (the day before at 16:00), `-7d` (seven days before, when work
starts) or `-1h` (an hour before). Reminders keep to working days: one that would fall on a day off
goes out on the working day before, at the same time; an hour-based one that would come before work
starts goes out when work starts (if that is still before the meeting), and one that would come
after work or on a day off goes out in the last working hour before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dates import wall_time
from bot.notices import Planned
from bot.recurrence import Occurrence
from bot.worktime import WorkWeek


@dataclass(frozen=True)
class KindDefaults:
    duration_minutes: int
    reminders: str


KIND_DEFAULTS = {
    "weekly": KindDefaults(60, "-1d@16:00 -1h"),
    "cotech": KindDefaults(120, "-7d -1d"),  # convocations and documents go out days ahead
    "elected": KindDefaults(120, "-7d -1d"),
    "seminar": KindDefaults(240, "-14d -7d -1d"),
    "workshop": KindDefaults(180, "-1d@16:00 -1h"),
    "debate": KindDefaults(150, "-1d@16:00 -1h"),
    "other": KindDefaults(60, "-1h"),
}


REPEATS = ("once", "weekly", "biweekly", "monthly")  # what the meeting form offers


HORIZON = timedelta(days=60)  # reminders are planned this far ahead; the clock extends it hourly


_LEAD = re.compile(r"^-(\d{1,3})([dh])(?:@(\d{2}):(\d{2}))?$")


CHOICES = 5  # sittings offered when a change does not say which one


def held_on(day: date, *, rrule: str | None, holiday: bool, week: WorkWeek) -> date | None:
    """Where a series holds the sitting its rule puts on a public holiday: a weekly series skips it (the
    next one is a week away), a monthly or rarer one holds it on the next working day."""
    if rrule is None or not holiday:
        return day
    return None if "FREQ=WEEKLY" in rrule else week.working_day_on_or_after(day + timedelta(days=1))


def sitting_on(sittings: list[Occurrence], day: date, tz: ZoneInfo) -> Occurrence | None:
    """The sitting held on `day`, or else the one the rule put there (a moved one is named by either)."""
    held = [o for o in sittings if o.start.astimezone(tz).date() == day]
    return next(iter(held or [o for o in sittings if o.day == day]), None)


def sittings_near(sittings: list[Occurrence], near: date | None, tz: ZoneInfo) -> list[Occurrence]:
    """The sittings to offer when a change names none: the next ones, or the ones nearest `near` (where a
    sitting is moved to), in date order."""
    if near is None:
        return sittings[:CHOICES]
    nearest = sorted(sittings, key=lambda o: abs((o.start.astimezone(tz).date() - near).days))[:CHOICES]
    return sorted(nearest, key=lambda o: o.start)


def parse_leads(spec: str) -> list[str]:
    """The valid lead times in a spec, in order; raises ValueError on one that is not."""
    leads = spec.split()
    for lead in leads:
        if not _LEAD.match(lead):
            raise ValueError(lead)
    return leads


def remind_at(lead: str, start: datetime, tz: ZoneInfo, week: WorkWeek) -> datetime | None:
    """When `lead` before an occurrence starting at `start` (UTC) should go out, or None."""
    match = _LEAD.match(lead)
    if match is None:
        raise ValueError(lead)
    amount, unit, hh, mm = match.groups()
    local = start.astimezone(tz)
    if unit == "h":
        at = start - timedelta(hours=int(amount))
        day, clock = at.astimezone(tz).date(), at.astimezone(tz).time()
        if week.is_working_day(day) and clock < week.start:
            at = week.opening(day, tz)  # 08:30 for a 09:30 meeting: when work starts
        elif not week.is_working_day(day) or clock >= week.end:
            at = week.last_hour_before(at, tz)  # the evening before: in the last working hour
        return at if at < start else None
    day = local.date() - timedelta(days=int(amount))
    if not week.is_working_day(day):
        day = week.working_day_before(day)
    at_time = time(int(hh), int(mm)) if hh else week.start
    at = wall_time(day, at_time, tz)
    return at if at < start else None


FOLLOW_UP_VALID = timedelta(days=3)


def plan_meeting(
    meeting_id: int,
    occurrences: list[Occurrence],
    leads: list[str],
    *,
    channel: str,
    attendees: list[str],
    organiser: str,
    tz: ZoneInfo,
    week: WorkWeek,
) -> list[Planned]:
    """Reminders for each occurrence: in the channel, and by DM to `attendees` when asked; and, when
    it ends, a prompt to the organiser to record its decisions and actions."""
    planned = []
    for occ in occurrences:
        stamp = occ.start.strftime("%Y%m%dT%H%MZ")
        planned.append(
            Planned(
                f"meeting:{meeting_id}:{stamp}:followup:{organiser}",
                "meeting.followup",
                organiser,
                occ.end,
                occ.end + FOLLOW_UP_VALID,
                occ.original,
            )
        )
        for lead in leads:
            at = remind_at(lead, occ.start, tz, week)
            if at is None:
                continue
            for target in (channel, *attendees):
                planned.append(
                    Planned(
                        f"meeting:{meeting_id}:{stamp}:{lead}:{target}",
                        "meeting.reminder",
                        target,
                        at.astimezone(occ.start.tzinfo),
                        occ.start,
                        occ.original,
                    )
                )
    return planned
