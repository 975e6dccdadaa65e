"""The `clock` process: wait to be the only active clock, then tick the outbox with APScheduler.

A BlockingScheduler with its default in-memory job store holds two static jobs with explicit ids
(deliver what is due; extend meetings' reminders to the horizon hourly); what must happen lives in
the database (the outbox), not in APScheduler. A fatal problem
(leadership lost) stops the scheduler and the process, and the platform starts a fresh one.
It is handed built objects (the services and the Web API client of each workspace): it builds no app
and reads no settings.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import time
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient

from bot.services import Services
from scheduler.delivery import ClientFor, Deliverer
from scheduler.leader import Leadership

log = logging.getLogger("concerto.clock")
LOST_LEADERSHIP = 3


def tick(deliverer: Deliverer, leader: Leadership, scheduler: BlockingScheduler) -> None:
    """The one job: deliver what is due, if we are still the active clock."""
    if not leader.held():
        log.error("lost the clock lock; stopping so that a fresh process can wait for it")
        scheduler.shutdown(wait=False)
        return
    report = deliverer.tick()
    if report.claimed or report.recovered:
        log.info("tick: %s", report)


def plan_ahead(services: Services) -> None:
    """Extend meetings' planned reminders to the horizon; plan the next digests, Monday summaries and
    canvas morning refreshes."""
    services.meetings.resync_all()
    services.canvases.resync_all()
    services.digests.resync_all()
    services.preferences.resync_summaries()


def run_clock(services: Services, client: WebClient | ClientFor, *, interval: float = 10.0, lease: float = 60.0,
              poll: float = 2.0) -> int:
    """`client` (one workspace's, or each workspace's through `client_for(team_id)`) must not wait out
    429s itself: the outbox has a retry policy of its own."""
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # not a line per tick
    engine = services.engine
    leader = Leadership(engine)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    if not leader.try_acquire():
        log.info("another clock is active; %s waits to take over", worker)
        while not leader.try_acquire():
            time.sleep(poll)
    log.info("%s is the active clock (tick every %ss)", worker, interval)
    deliverer = Deliverer(engine, client, services.clock, worker=worker, lease=timedelta(seconds=lease))
    scheduler = BlockingScheduler(timezone=timezone.utc)
    scheduler.add_job(plan_ahead, "interval", hours=1, id="meeting-horizon", replace_existing=True,
                      kwargs={"services": services}, next_run_time=datetime.now(timezone.utc),
                      coalesce=True, max_instances=1, misfire_grace_time=None)
    scheduler.add_job(tick, "interval", seconds=interval, id="outbox-tick", replace_existing=True,
                      kwargs={"deliverer": deliverer, "leader": leader, "scheduler": scheduler},
                      next_run_time=datetime.now(timezone.utc), coalesce=True, max_instances=1,
                      misfire_grace_time=None)
    stopping = {"asked": False}

    def stop(signum, _frame) -> None:
        stopping["asked"] = True
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
    leader.release()
    engine.dispose()
    return 0 if stopping["asked"] else LOST_LEADERSHIP
