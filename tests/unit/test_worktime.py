"""Working hours and reminder planning: tables for the rules, properties across DST transitions in
Europe/Paris, America/New_York and Asia/Tokyo."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.actions.rules import ActionDue, plan_action
from bot.notices import Prefs, Recipient
from bot.worktime import WorkWeek

PARIS = ZoneInfo("Europe/Paris")
ZONES = [ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")]
WEEK = WorkWeek()
UTC = timezone.utc

# instants around the transitions of 2027 (Paris 28 Mar / 31 Oct, New York 14 Mar / 7 Nov)
moments = st.datetimes(min_value=datetime(2027, 3, 1), max_value=datetime(2027, 11, 30)).map(
    lambda d: d.replace(tzinfo=UTC))
dst_days = st.sampled_from([date(2027, 3, 14), date(2027, 3, 28), date(2027, 10, 31), date(2027, 11, 7)]).flatmap(
    lambda d: st.integers(-3, 3).map(lambda k: d + timedelta(days=k)))
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


@pytest.mark.parametrize(("day", "working"), [
    (date(2027, 3, 29), False),  # Easter Monday in France
    (date(2027, 5, 6), False),  # Ascension
    (date(2027, 5, 7), True),
    (date(2027, 5, 8), False),  # a Saturday anyway
    (date(2027, 7, 14), False),
])
def test_french_holidays(day, working):
    assert WEEK.is_working_day(day) is working


def test_holidays_can_be_working_days():
    assert WorkWeek(country=None).is_working_day(date(2027, 7, 14))


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2027, 3, 26, 20, 0, tzinfo=PARIS), datetime(2027, 3, 30, 9, 0, tzinfo=PARIS)),  # Fri night → Tue
    (datetime(2027, 3, 30, 7, 0, tzinfo=PARIS), datetime(2027, 3, 30, 9, 0, tzinfo=PARIS)),
    (datetime(2027, 3, 30, 11, 0, tzinfo=PARIS), datetime(2027, 3, 30, 11, 0, tzinfo=PARIS)),
])
def test_next_opening(moment, expected):
    assert WEEK.next_opening(moment, PARIS) == expected


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2027, 3, 30, 7, 0, tzinfo=PARIS), datetime(2027, 3, 26, 17, 0, tzinfo=PARIS)),  # before Tue → Fri
    (datetime(2027, 3, 30, 20, 0, tzinfo=PARIS), datetime(2027, 3, 30, 17, 0, tzinfo=PARIS)),
    (datetime(2027, 3, 30, 11, 0, tzinfo=PARIS), datetime(2027, 3, 30, 11, 0, tzinfo=PARIS)),
])
def test_last_hour_before(moment, expected):
    assert WEEK.last_hour_before(moment, PARIS) == expected


@given(moments, st.sampled_from(ZONES), weeks)
@settings(max_examples=300)
def test_next_opening_is_the_first_working_moment(moment, tz, week):
    opening = week.next_opening(moment, tz)
    assert opening >= moment
    assert within_hours(week, opening, tz)
    assert opening.astimezone(tz).time() == week.start or opening == moment


@given(moments, st.sampled_from(ZONES), weeks)
@settings(max_examples=300)
def test_last_hour_before_is_working_and_not_later(moment, tz, week):
    at = week.last_hour_before(moment, tz)
    assert at <= moment and within_hours(week, at, tz)


@given(dst_days, st.sampled_from([None, time(8), time(10, 30), time(14), time(17, 45)]),
       st.sampled_from(ZONES), weeks)
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
    plan = {p.kind: p.at.astimezone(PARIS) for p in plan_action(due, [Recipient("U1", PARIS)], WEEK)
            if p.kind != "action.overdue"}
    assert plan == {"action.before": datetime(2027, 4, 1, 9, 0, tzinfo=PARIS),
                    "action.due": datetime(2027, 4, 2, 9, 0, tzinfo=PARIS)}


def test_timed_due_is_reminded_an_hour_before():
    due = ActionDue(1, datetime(2027, 4, 1, 14, 30, tzinfo=PARIS).astimezone(UTC), date(2027, 4, 1), False)
    plan = {p.kind: p.at.astimezone(PARIS) for p in plan_action(due, [Recipient("U1", PARIS)], WEEK)}
    assert plan["action.due"] == datetime(2027, 4, 1, 13, 30, tzinfo=PARIS)


@given(moments, st.sampled_from(ZONES), weeks, st.sampled_from(["-1d@16:00", "-7d", "-14d", "-1h", "-3h", "-15h"]))
@settings(max_examples=400)
def test_meeting_reminders_fall_in_working_hours_before_the_meeting(start, tz, week, lead):
    from bot.meetings.rules import remind_at

    at = remind_at(lead, start, tz, week)
    if at is None:
        return
    assert at < start
    if not lead.endswith("@16:00") or week.end > time(16):
        assert within_hours(week, at, tz), (lead, at.astimezone(tz))
