"""A meeting's reminders (bot/meetings/rules.py): they fall in working hours before the meeting, across DST
transitions in Europe/Paris, America/New_York and Asia/Tokyo."""

from __future__ import annotations

from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.working_hours import ZONES, moments, weeks, within_hours


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
