"""The `clock` process: tick the outbox with APScheduler; several clocks may run at once.

Every clock delivers: claims are atomic and leased (storage.outbox) and the pace of each conversation
is shared in the database (storage.pace), so clocks on several machines split the work without sending
anything twice or faster than Slack allows. One of them plans (extends meetings' reminders, digests and
Monday summaries to the horizon, hourly): the one holding the planning lock (scheduler.leader); when it
dies, another takes the lock at its next try and plans at once.

A BlockingScheduler with its default in-memory job store holds two static jobs with explicit ids; what
must happen lives in the database (the outbox), not in APScheduler. It is handed built objects (the
services and the Web API client of each workspace): it builds no app and reads no settings.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from datetime import date, datetime, timedelta, timezone

from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient

from bot.missions.retention import Retention, apply_retention
from bot.services import Services
from scheduler.delivery import Deliverer
from scheduler.leader import Leadership
from scheduler.outcomes import TickReport
from scheduler.speakers import ClientFor
from storage.db import session_scope, unavailable
from storage.heartbeats import beat

log = logging.getLogger("concerto.clock")
PLAN_EVERY = 3600.0  # seconds between two plannings by the planning clock
PLAN_TRY = 10.0  # seconds between a waiting clock's tries for the planning lock


def tick(deliverer: Deliverer) -> TickReport:
    """Deliver what is due, then say this clock is alive (`/readyz` and `/metrics` read it). A tick that took a
    full batch and sent from it (a backlog: thousands of reminders due at once, a clock back from downtime)
    is followed at once by the next, not an interval later. Returns what the last one did."""
    report = _tick_once(deliverer)
    while report.claimed >= deliverer.batch and report.sent:
        report = _tick_once(deliverer)
    return report


def _tick_once(deliverer: Deliverer) -> TickReport:
    """One tick. A database restarting is met with a warning, not an error: the next tick tries again, and
    what this one had claimed is taken over when its lease runs out (its posts found in the history, not made
    twice)."""
    try:
        report = deliverer.tick()
        with session_scope(deliverer.engine) as session:
            beat(session, deliverer.worker, deliverer.clock.now())
    except Exception as exc:
        if not unavailable(exc):
            raise
        log.warning("the database is unavailable (%s): the next tick tries again", type(exc).__name__)
        return TickReport()
    if report.claimed or report.recovered:
        log.info("tick: %s", report)
    return report


def plan_ahead(services: Services) -> None:
    """Extend meetings' planned reminders to the horizon; plan the next digests, Monday summaries and
    canvas morning refreshes."""
    services.meetings.resync_all()
    services.canvases.resync_all()
    services.digests.resync_all()
    services.preferences.resync_summaries()


DEFAULTS = Retention()  # the periods docs/operations.md states


class Planner:
    """Plans hourly while it holds the planning lock, and applies the retention policy once a day; tries for
    the lock otherwise."""

    def __init__(self, services: Services, leader: Leadership, worker: str, keep: Retention = DEFAULTS) -> None:
        self.services, self.leader, self.worker, self.keep = services, leader, worker, keep
        self.planned_at: float | None = None
        self.retained_on: date | None = None

    def __call__(self) -> None:
        if self.planned_at is not None and not self.leader.held():
            log.error("%s lost the planning lock; another clock will plan", self.worker)
            self.leader.release()
            self.planned_at = None
        if self.planned_at is None:
            if not self.leader.try_acquire():
                return
            log.info("%s is the planning clock", self.worker)
        elif time.monotonic() - self.planned_at < PLAN_EVERY:
            return
        self.planned_at = time.monotonic()
        plan_ahead(self.services)
        now = self.services.clock.now()
        if self.retained_on != now.date():
            self.retained_on = now.date()
            with session_scope(self.services.engine) as session:
                purged = apply_retention(session, now, self.keep)
            log.info("retention: %s", purged)


def run_clock(
    services: Services,
    client: WebClient | ClientFor,
    *,
    interval: float = 10.0,
    lease: float = 60.0,
    keep: Retention = DEFAULTS,
) -> int:
    """`client` (one workspace's, or each workspace's through `client_for(team_id)`) must not wait out
    429s itself: the outbox has a retry policy of its own."""
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # not a line per tick
    engine = services.engine
    worker = f"{socket.gethostname()}:{os.getpid()}"
    leader = Leadership(engine)
    log.info("%s delivers (tick every %ss)", worker, interval)
    deliverer = Deliverer(engine, client, services.clock, worker=worker, lease=timedelta(seconds=lease))
    scheduler = BlockingScheduler(timezone=timezone.utc)
    start = datetime.now(timezone.utc)
    scheduler.add_job(
        Planner(services, leader, worker, keep),
        "interval",
        seconds=min(PLAN_TRY, PLAN_EVERY),
        id="planning",
        replace_existing=True,
        next_run_time=start,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        tick,
        "interval",
        seconds=interval,
        id="outbox-tick",
        replace_existing=True,
        kwargs={"deliverer": deliverer},
        next_run_time=start,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )

    def stop(signum, _frame) -> None:
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
    leader.release()
    engine.dispose()
    return 0
