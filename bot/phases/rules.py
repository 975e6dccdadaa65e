"""When a milestone's alerts go out. Pure.

Before: at each lead time of the mission (default 14, 7, 3 and 1 days before, and the day itself),
when work starts, in the mission's channel and to the owner. After: when 1, 3 and 7 working days
late, to both again, and once to the project director (the escalation). A day off moves an alert to
the working day before it (after the due date: to the next one). Each alert expires when the next
one is due, so a clock that was down sends only the latest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.notices import Planned
from bot.worktime import WorkWeek

OVERDUE_AFTER = (1, 3, 7)  # working days late


def boundary(starts_on: date, ends_on: date, anchor: str) -> date:
    """The day of a phase a milestone inside it keeps its distance to: the start, or the end for one set
    after it ("14 days after the workshops")."""
    return ends_on if anchor == "end" else starts_on


LAST_VALID = timedelta(days=7)


@dataclass(frozen=True)
class Audience:
    channel: str
    channel_tz: ZoneInfo
    owner: str | None = None
    owner_tz: ZoneInfo | None = None
    director: str | None = None
    director_tz: ZoneInfo | None = None


def parse_days(spec: str) -> list[int]:
    """`14 7 3 1 0` as days before, largest first; raises ValueError on anything else."""
    days = sorted({int(d) for d in spec.replace(",", " ").split()}, reverse=True)
    if not days or any(d < 0 or d > 365 for d in days):
        raise ValueError(spec)
    return days


def alert_days(due_on: date, lead_days: list[int], week: WorkWeek) -> list[tuple[str, date]]:
    """(label, day) for every alert, in time order: `before:14` … `before:0`, `late:1` … `late:7`."""
    found: list[tuple[str, date]] = []
    for lead in lead_days:
        day = due_on - timedelta(days=lead)
        if not week.is_working_day(day):
            day = week.working_day_before(day)
        if not found or day > found[-1][1]:  # two leads on the same working day: one alert
            found.append((f"before:{lead}", day))
    for late in OVERDUE_AFTER:
        found.append((f"late:{late}", week.add_working_days(due_on, late)))
    return found


def plan_milestone(
    milestone_id: int, due_on: date, lead_days: list[int], audience: Audience, week: WorkWeek
) -> list[Planned]:
    alerts = alert_days(due_on, lead_days, week)
    planned: list[Planned] = []
    targets = [(audience.channel, audience.channel_tz)]
    if audience.owner:
        targets.append((audience.owner, audience.owner_tz or audience.channel_tz))
    for target, tz in targets:
        starts = [week.opening(day, tz) for _label, day in alerts]
        for i, (label, _day) in enumerate(alerts):
            expires = starts[i + 1] if i + 1 < len(starts) else starts[i] + LAST_VALID
            kind = "milestone.late" if label.startswith("late") else "milestone.alert"
            planned.append(_planned(milestone_id, due_on, label, target, kind, starts[i], expires))
    if audience.director:
        label, day = next(a for a in alerts if a[0].startswith("late"))
        at = week.opening(day, audience.director_tz or audience.channel_tz)
        planned.append(
            _planned(milestone_id, due_on, "escalation", audience.director, "milestone.escalation", at, at + LAST_VALID)
        )
    return planned


def _planned(
    milestone_id: int, due_on: date, label: str, target: str, kind: str, at: datetime, expires: datetime
) -> Planned:
    utc = at.astimezone(ZoneInfo("UTC"))
    return Planned(
        f"milestone:{milestone_id}:{due_on.isoformat()}:{label}:{target}",
        kind,
        target,
        utc,
        expires.astimezone(ZoneInfo("UTC")),
    )
