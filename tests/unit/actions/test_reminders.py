"""An action's reminders (bot/actions/rules.py): tables for the rules, properties across DST transitions in
Europe/Paris, America/New_York and Asia/Tokyo."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.actions.rules import ActionDue, plan_action
from bot.notices import Prefs, Recipient
from bot.worktime import WorkWeek
from tests.unit.working_hours import ZONES, dst_days, weeks, within_hours

PARIS = ZoneInfo("Europe/Paris")
WEEK = WorkWeek()
UTC = timezone.utc


@given(dst_days, st.sampled_from([None, time(8), time(10, 30), time(14), time(17, 45)]), st.sampled_from(ZONES), weeks)
@settings(max_examples=400)
def test_planned_reminders_fall_in_working_hours_and_in_order(day, at, tz, week):
    deadline = datetime.combine(day + timedelta(days=1) if at is None else day, at or time(0), tzinfo=tz)
    due = ActionDue(1, deadline.astimezone(UTC), day, at is None)
    plan = plan_action(due, [Recipient("U1", tz, Prefs())], week)
    for p in plan:
        assert within_hours(week, p.at, tz), p
        assert p.at < p.expires
        assert p.at.tzinfo is not None
    kinds = [p.kind for p in plan]
    assert kinds.count("action.overdue") == 3
    pre = [p for p in plan if p.kind != "action.overdue"]
    assert all(p.at < due.due_at for p in pre)
    assert all(p.at >= due.due_at for p in plan if p.kind == "action.overdue")
    assert [p.at for p in plan] == sorted(p.at for p in plan)
    assert len({p.key for p in plan}) == len(plan)


@given(dst_days, st.sampled_from(ZONES))
def test_wall_clock_start_is_kept_across_dst(day, tz):
    due = ActionDue(1, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC), day, True)
    for p in plan_action(due, [Recipient("U1", tz)], WorkWeek(country=None)):
        assert p.at.astimezone(tz).time() == time(9)


def test_prefs_turn_reminders_off():
    due = ActionDue(1, datetime(2027, 4, 2, 22, 0, tzinfo=UTC), date(2027, 4, 2), True)
    only_due = plan_action(due, [Recipient("U1", PARIS, Prefs(before=False, overdue=False))], WEEK)
    assert [p.kind for p in only_due] == ["action.due"]
    assert plan_action(due, [Recipient("U1", PARIS, Prefs(False, False, False))], WEEK) == []


def test_due_on_a_weekend_is_reminded_on_the_friday():
    saturday = date(2027, 4, 3)
    due = ActionDue(1, datetime(2027, 4, 3, 22, 0, tzinfo=UTC), saturday, True)
    plan = {
        p.kind: p.at.astimezone(PARIS)
        for p in plan_action(due, [Recipient("U1", PARIS)], WEEK)
        if p.kind != "action.overdue"
    }
    assert plan == {
        "action.before": datetime(2027, 4, 1, 9, 0, tzinfo=PARIS),
        "action.due": datetime(2027, 4, 2, 9, 0, tzinfo=PARIS),
    }


def test_timed_due_is_reminded_an_hour_before():
    due = ActionDue(1, datetime(2027, 4, 1, 14, 30, tzinfo=PARIS).astimezone(UTC), date(2027, 4, 1), False)
    plan = {p.kind: p.at.astimezone(PARIS) for p in plan_action(due, [Recipient("U1", PARIS)], WEEK)}
    assert plan["action.due"] == datetime(2027, 4, 1, 13, 30, tzinfo=PARIS)
