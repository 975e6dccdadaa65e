"""The `clock` process: wait to be the only active clock, then tick the outbox with APScheduler.

A BlockingScheduler with its default in-memory job store holds two static jobs with explicit ids
(deliver what is due; extend meetings' reminders to the horizon hourly); what must happen lives in
the database (the outbox), not in APScheduler. A fatal problem
(leadership lost) stops the scheduler and the process, and the platform starts a fresh one.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import time
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from bot.app import web_client
from bot.clock import SystemClock
from bot.services.digests import Digests
from bot.services.meetings import Meetings
from bot.services.preferences import Preferences
from bot.settings import Settings, load_settings
from scheduler.delivery import Deliverer
from scheduler.leader import Leadership
from storage.db import make_engine

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


def plan_ahead(meetings: Meetings, digests: Digests, preferences: Preferences) -> None:
    """Extend meetings' planned reminders to the horizon; plan the next digests and Monday summaries."""
    meetings.resync_all()
    digests.resync_all()
    preferences.resync_summaries()


def run_clock(settings: Settings | None = None, *, interval: float = 10.0, lease: float = 60.0,
              poll: float = 2.0) -> int:
    settings = settings or load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # not a line per tick
    engine = make_engine(settings.database_url)
    leader = Leadership(engine)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    if not leader.try_acquire():
        log.info("another clock is active; %s waits to take over", worker)
        while not leader.try_acquire():
            time.sleep(poll)
    log.info("%s is the active clock (tick every %ss)", worker, interval)
    deliverer = Deliverer(engine, web_client(settings, retries=False), SystemClock(), worker=worker,
                          lease=timedelta(seconds=lease))
    scheduler = BlockingScheduler(timezone=timezone.utc)
    scheduler.add_job(plan_ahead, "interval", hours=1, id="meeting-horizon", replace_existing=True,
                      kwargs={"meetings": Meetings(engine, SystemClock()), "digests": Digests(engine, SystemClock()),
                              "preferences": Preferences(engine, SystemClock())},
                      next_run_time=datetime.now(timezone.utc),
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
