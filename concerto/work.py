"""Work processes: claim the requests the web processes recorded (storage.inbox) and run them.

Any number of them, beside each web worker or on other machines (`concerto work`), share the inbox.
PostgreSQL wakes them at once (LISTEN/NOTIFY); SQLite is polled with a read that takes no lock. Each
process renews the leases of what it runs; if it dies, its rows are claimed again once their lease ran
out, and run again from the start (docs/operations.md#what-we-guarantee).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from slack_bolt import App, BoltRequest

from bot.logcontext import bound
from concerto.app import Runtime
from concerto.logs import request_context
from concerto.metrics import WORK_RUNS
from handlers.listeners import AGAIN, RunAgain
from storage.db import Engine, ping, read_scope, session_scope
from storage.inbox import CHANNEL, claim, finish, inbox_engine, purge, release, renew, waiting
from storage.models import InboxRequest, id_of

log = logging.getLogger(__name__)
THREADS = 8  # work mostly waits on Slack and the database: a few threads overlap those waits
NICENESS = 10  # beside a web worker, acks first: the kernel gives the work what the web workers leave
POLL = 0.1  # seconds between two looks at the inbox on SQLite (and at expired leases on PostgreSQL: × 10)
KEEP = timedelta(hours=1)  # done rows are kept this long: a retry from Slack in that time is recognised
AGAIN_AFTER = timedelta(seconds=5)  # a request whose work met the database away is claimed again after this


def now() -> datetime:
    return datetime.now(timezone.utc)


def _content_type(headers: dict) -> str:
    found = headers.get("content-type") or headers.get("Content-Type") or ""
    return found[0] if isinstance(found, list) and found else str(found)


class InboxWorker:
    def __init__(
        self, app: App, engine: Engine, *, lease: float = 30.0, threads: int = THREADS, worker: str | None = None
    ) -> None:
        self.app, self.engine, self.threads = app, inbox_engine(engine), threads
        self.lease = timedelta(seconds=lease)
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}"
        self.wake = threading.Event()
        self._running = 0
        self._done: list[int] = []  # rows whose work returned, their done marks to write with the next claim
        self._again: list[int] = []  # rows whose work met the database away: given back with the next claim
        self._lock = threading.Lock()

    def serve(self, stopping: Callable[[], bool]) -> None:
        """Claim and run until `stopping()`; then finish what was claimed."""
        postgres = self.engine.dialect.name == "postgresql"
        if postgres:
            threading.Thread(target=self._listen, name="inbox-listen", daemon=True).start()
        threading.Thread(target=self._heartbeat, args=(stopping,), name="inbox-lease", daemon=True).start()
        purged = 0.0
        with ThreadPoolExecutor(self.threads, thread_name_prefix="work") as pool:
            while not stopping():
                self.wake.clear()
                for row in self._claim():
                    pool.submit(self._run, row)
                if time.monotonic() - purged > 60:
                    purged = time.monotonic()
                    self._purge()
                self.wake.wait(POLL * 10 if postgres else POLL)
        self._claim(limit=0)  # the done marks of the last ones

    def _purge(self) -> None:
        """Forget what was done long ago; the database away for a while is no reason to stop working."""
        try:
            with session_scope(self.engine) as session:
                purge(session, before=now() - KEEP)
        except Exception:  # noqa: BLE001 — tried again in a minute
            log.warning("could not purge the inbox; trying again later", exc_info=True)

    def _claim(self, limit: int | None = None) -> list[InboxRequest]:
        """Claim what this process has threads for (or `limit`), in the transaction that writes the done
        marks of what it finished since: one write where there were one per request and one per claim."""
        with self._lock:
            free = self.threads - self._running if limit is None else limit
            done, self._done = self._done, []
            again, self._again = self._again, []
        try:
            if not done and not again:
                if free <= 0:
                    return []
                with read_scope(self.engine) as session:
                    if not waiting(session, now=now()):
                        return []
            with session_scope(self.engine) as session:
                if done:
                    finish(session, done, worker=self.worker, now=now())
                if again:
                    release(session, again, worker=self.worker, until=now() + AGAIN_AFTER)
                rows = claim(session, now=now(), worker=self.worker, lease=self.lease, limit=free) if free > 0 else []
        except Exception:  # the database away for a while: look again later
            log.exception("could not claim from the inbox")
            with self._lock:
                self._done[:0] = done
                self._again[:0] = again
            return []
        with self._lock:
            self._running += len(rows)
        return rows

    def _run(self, row: InboxRequest) -> None:
        """Dispatch one recorded request; it is done once its work returned, whether or not it failed (a
        listener's failure is reported to the user where it happens), unless its work met the database away
        (handlers.listeners.run_again_later): then it is given back, and run again once the database is."""
        headers = json.loads(row.headers)
        again = RunAgain()
        token = AGAIN.set(again)
        try:
            with bound(request=row.key, **request_context(row.body, _content_type(headers))):
                if row.attempts > 1:
                    log.warning("request %s is run again (attempt %s): its work process died", row.key, row.attempts)
                try:
                    self.app.dispatch(BoltRequest(body=row.body, headers=headers))
                    WORK_RUNS.labels("ok").inc()
                except Exception:  # one request's failure must not stop the others
                    WORK_RUNS.labels("failed").inc()
                    log.exception("request %s failed", row.key)
        finally:
            AGAIN.reset(token)
            with self._lock:  # marked done (or given back) with the next claim; meanwhile its lease is renewed
                (self._again if again.asked else self._done).append(id_of(row))
                self._running -= 1
            self.wake.set()

    def _heartbeat(self, stopping: Callable[[], bool]) -> None:
        period = self.lease.total_seconds() / 3
        while True:
            time.sleep(period)
            with self._lock:
                busy = self._running or self._done
            if busy:
                try:
                    with session_scope(self.engine) as session:
                        renew(session, worker=self.worker, now=now(), lease=self.lease)
                except Exception:  # noqa: BLE001 — tried again at the next beat
                    log.exception("could not renew the inbox leases")
            elif stopping():
                return

    def _listen(self) -> None:
        """Wake the claim loop on each NOTIFY; on a broken connection, connect again (polling meanwhile)."""
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.wake.set()  # anything recorded before we listened
                    for _ in conn.notifies():
                        self.wake.set()
            except Exception as exc:  # noqa: BLE001
                log.warning("inbox notifications interrupted (%s); listening again", type(exc).__name__)
                time.sleep(1)


def beside(build_runtime: Callable[[], Runtime], stopping_event, lease: float, ready_event) -> None:
    """The work process beside a web worker: it says when it is ready (the worker's /healthz waits for it),
    and stops when the worker says so (after what it runs) or is gone. A stop signal to the whole process
    group is the web worker's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)
    parent = os.getppid()
    runtime = build_runtime()
    ping(runtime.engine)  # the first request finds its connection open
    ready_event.set()
    InboxWorker(runtime.app, runtime.engine, lease=lease).serve(
        lambda: stopping_event.is_set() or os.getppid() != parent
    )


def run_work_process(build_runtime: Callable[[], Runtime], *, threads: int, lease: float) -> int:
    """`concerto work`: a work process of its own, on any machine; SIGTERM finishes what it runs."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime = build_runtime()
    worker = InboxWorker(runtime.app, runtime.engine, lease=lease, threads=threads)
    log.info("%s works through the inbox (%s threads)", worker.worker, threads)
    worker.serve(stop.is_set)
    return 0
