"""Milestones' alert days (bot/phases/rules.py): they keep to working days."""

from __future__ import annotations

from datetime import date

from bot.phases.rules import alert_days, parse_days
from bot.worktime import WorkWeek


def test_alert_days_keep_to_working_days():
    due = date(2027, 1, 18)  # a Monday
    days = dict(alert_days(due, parse_days("14 7 3 1 0"), WorkWeek()))
    assert days == {
        "before:14": date(2027, 1, 4),
        "before:7": date(2027, 1, 11),
        "before:3": date(2027, 1, 15),
        "before:0": date(2027, 1, 18),
        "late:1": date(2027, 1, 19),
        "late:3": date(2027, 1, 21),
        "late:7": date(2027, 1, 27),
    }  # 1 day before is Sunday → Friday, already the 3-day alert
