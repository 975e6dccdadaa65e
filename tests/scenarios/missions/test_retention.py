"""Retention, as the planning clock applies it once a day: settled notifications and old audit entries
deleted after their period, pending ones kept; a mission whose workspace uninstalled the app purged once that
is 30 days ago, unless the workspace came back and worked in it since."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import Session, select

from bot.missions.retention import Retention, apply_retention
from scheduler.clock import DEFAULTS, PLAN_EVERY, Planner
from scheduler.leader import Leadership
from storage.db import session_scope
from storage.models import Action, AuditEntry, Mission, Notification
from tests.conftest import CHANNEL, MARIE


def states(box) -> dict[str, int]:
    with Session(box.runtime.engine) as s:
        found: dict[str, int] = {}
        for n in s.exec(select(Notification)):
            found[n.state] = found.get(n.state, 0) + 1
        return found


def purge(box, keep: Retention = DEFAULTS):
    with session_scope(box.runtime.engine) as session:
        return apply_retention(session, box.clock.now(), keep)


def test_settled_notifications_and_old_audit_entries_go_after_their_period(box):
    box.driver.command("/action", "Relancer la CCI pour le 20/03/2027", user=MARIE, channel=CHANNEL)
    before = states(box)
    assert before["sent"] == 1 and before["pending"] >= 1  # its post, and its reminders to come
    assert purge(box).notifications == 0
    box.clock.advance(timedelta(days=91))
    purged = purge(box, Retention(audit=timedelta(days=60)))
    assert (purged.notifications, purged.audit_entries, purged.missions) == (1, 1, 0)
    assert "sent" not in states(box) and states(box)["pending"] == before["pending"], "what is to come stays"
    with Session(box.runtime.engine) as s:
        assert len(s.exec(select(Action)).all()) == 1 and s.exec(select(AuditEntry)).all() == []


def test_a_workspace_that_left_has_its_missions_purged_after_thirty_days_unless_it_came_back(box):
    box.driver.command("/action", "Relancer la CCI pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.event({"type": "app_uninstalled"})
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).one().uninstalled_at == box.clock.now()
    box.clock.advance(timedelta(days=29))
    assert purge(box).missions == 0
    box.clock.advance(timedelta(days=2))
    assert purge(box).missions == 1
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).all() == [] and s.exec(select(Action)).all() == []


def test_a_workspace_that_came_back_keeps_its_mission(box):
    box.driver.command("/action", "Relancer la CCI pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.event({"type": "app_uninstalled"})
    box.clock.advance(timedelta(days=3))
    box.driver.command("/action", "done 1", user=MARIE, channel=CHANNEL)  # reinstalled, and at work again
    box.clock.advance(timedelta(days=40))
    assert purge(box).missions == 0
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).one().uninstalled_at is None


def test_the_planning_clock_applies_it_once_a_day(box):
    keep = Retention(notifications=timedelta(hours=1))
    planner = Planner(box.runtime.services, Leadership(box.runtime.engine), "retention-clock", keep)
    try:
        planner()  # Monday 9:30: applied, nothing old yet
        box.driver.command("/action", "Relancer la CCI pour le 20/03/2027", user=MARIE, channel=CHANNEL)
        box.clock.advance(timedelta(hours=3))  # its post is three hours old, the same day
        planner.planned_at = time.monotonic() - PLAN_EVERY - 1  # an hour on: it plans again
        planner()
        assert states(box)["sent"] == 1, "applied once a day only"
        box.clock.advance(timedelta(days=1))
        planner.planned_at = time.monotonic() - PLAN_EVERY - 1
        planner()
        assert "sent" not in states(box), "the next day"
    finally:
        planner.leader.release()
