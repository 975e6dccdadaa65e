"""When the director's digest is due. Pure."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, WEEKLY, rrule

from bot.dates import wall_time
from bot.worktime import work_week

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Mission


def next_digest(mission: Mission, tz: ZoneInfo, now: datetime) -> datetime | None:
    """The next instant the digest is due, in the director's zone (DST-correct: dateutil on wall times);
    days off are kept as reminders keep them: skipped when daily, the working day before when weekly."""
    if mission.digest_rhythm == "off" or not mission.director_id:
        return None
    send_time = time.fromisoformat(mission.digest_time)
    local = now.astimezone(tz).replace(tzinfo=None)
    start = datetime.combine(local.date(), send_time)
    week = work_week(mission)
    if mission.digest_rhythm == "weekly":
        rule = rrule(WEEKLY, byweekday=mission.digest_weekday - 1, dtstart=start)
    else:
        rule = rrule(DAILY, dtstart=start)
    for naive in rule.xafter(local, count=400, inc=False):
        day = naive.date()
        if not week.is_working_day(day):
            if mission.digest_rhythm == "daily":
                continue
            day = week.working_day_before(day)  # a weekly digest due on a day off comes the working day before
        at = wall_time(day, naive.time(), tz).astimezone(ZoneInfo("UTC"))
        if at > now:
            return at
    return None
