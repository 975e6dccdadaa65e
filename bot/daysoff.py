"""Dates people set that fall on a day off (a weekend, a public holiday): said, with the nearest working
day, never changed for them. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.context import Context
from bot.i18n import t, weekday_names
from bot.missions.plan_file import PlanSpec
from bot.worktime import holiday_name


def why_off(day: date, ctx: Context) -> str | None:
    """Why `day` is no working day for the mission (its public holiday, or its weekday), or None."""
    if ctx.week.is_working_day(day):
        return None
    return holiday_name(ctx.week.country, day, ctx.lang) or weekday_names(ctx.lang)[day.weekday()]


def off_note(days: Iterable[date], ctx: Context) -> str | None:
    """A warning for the first of `days` that is a day off, naming the nearest working day; None if none is."""
    for day in days:
        if (why := why_off(day, ctx)) is not None:
            near = ctx.day(ctx.week.nearest_working_day(day))
            return t(ctx.lang, "warning.day_off", day=ctx.day(day), why=why, near=near)
    return None


def plan_days_off(plan: PlanSpec, ctx: Context) -> list[str]:
    """What a plan puts on a day off, one line each: a phase's start or end, a milestone, a one-off meeting."""
    dated = [
        *((f"phase '{p.key}' start", p.start) for p in plan.phases),
        *((f"phase '{p.key}' end", p.end) for p in plan.phases),
        *((f"milestone '{m.key}'", m.due) for m in plan.milestones),
        *((f"meeting '{m.key}'", m.meeting.on.day) for m in plan.meetings if m.meeting.on and not m.meeting.rrule),
    ]
    return [
        f"{what} on {ctx.day(day)} ({why}); nearest working day {ctx.day(ctx.week.nearest_working_day(day))}"
        for what, day in dated
        if (why := why_off(day, ctx)) is not None
    ]
