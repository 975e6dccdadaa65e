"""Which reminders an action calls for, and when. Pure: the notification core stores the result.

Each owner hears about an open action, in their own time zone and working hours:
- `before`: the working day before it falls due, when work starts;
- `due`: the morning it is due (a due with a time: an hour before, pulled back into working hours);
- `overdue`: after 1, 3 and 7 working days late, when work starts.
Each reminder expires when a later one supersedes it or the due passes, so a clock that was down
sends only what still makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.notices import Planned, Recipient
from bot.worktime import WorkWeek

NUDGE_AFTER = (1, 3, 7)  # working days late


LAST_NUDGE_VALID = timedelta(days=7)


@dataclass(frozen=True)
class ActionDue:
    action_id: int
    due_at: datetime  # UTC deadline
    due_date: date  # the calendar day as the author meant it
    all_day: bool


def plan_action(due: ActionDue, recipients: list[Recipient], week: WorkWeek) -> list[Planned]:
    planned: list[Planned] = []
    for person in recipients:
        planned.extend(_for_person(due, person, week))
    return planned


def _for_person(due: ActionDue, person: Recipient, week: WorkWeek) -> list[Planned]:
    tz, prefs = person.tz, person.prefs
    stamp = due.due_at.strftime("%Y-%m-%dT%H%M")

    def make(kind: str, at: datetime, expires: datetime) -> Planned:
        return Planned(
            f"action:{due.action_id}:{kind}:{person.user_id}:{stamp}",
            "action." + kind.split(".")[0],
            person.user_id,
            at.astimezone(due.due_at.tzinfo),
            expires,
        )

    local_day = due.due_date if due.all_day else due.due_at.astimezone(tz).date()
    day_of = local_day if week.is_working_day(local_day) else week.working_day_before(local_day)
    if due.all_day:
        on_day = week.opening(day_of, tz)
    else:
        on_day = week.last_hour_before(due.due_at - timedelta(hours=1), tz)
    before = week.opening(week.working_day_before(day_of), tz)

    out: list[Planned] = []
    if prefs.before and before < on_day:
        out.append(make("before", before, on_day if prefs.due else due.due_at))
    if prefs.due and on_day < due.due_at:
        out.append(make("due", on_day, due.due_at))
    if prefs.overdue:
        nudges = [week.opening(week.add_working_days(local_day, n), tz) for n in NUDGE_AFTER]
        for i, (n, at) in enumerate(zip(NUDGE_AFTER, nudges, strict=True)):
            expires = nudges[i + 1] if i + 1 < len(nudges) else at + LAST_NUDGE_VALID
            out.append(make(f"overdue.{n}", at, expires))
    return out
