"""The work after the ack, in a process of its own beside each web worker.

In one process, the work a burst of commands leaves behind (database writes, Web API calls, Home
redraws) holds the GIL while new requests wait to be acknowledged. So the web worker only acks
and hands the request over; a work process, started beside it at a lower CPU priority,
dispatches it again to the same listeners with Bolt's `lazy_only` flag, which runs only the lazy
(work) half. This is how Bolt's AWS Lambda adapter runs lazy listeners in a second invocation.

The hand-off is a pipe, not a database queue: like Bolt's own thread runner, work in flight is lost
if the machine dies, and nothing else changes. A graceful stop finishes what was handed over.
"""
from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.queues import Queue
from types import SimpleNamespace

from slack_bolt import App, BoltRequest
from slack_bolt.lazy_listener import LazyListenerRunner

log = logging.getLogger(__name__)


THREADS = 4  # work mostly waits on Slack and the database: a few threads overlap those waits


NICENESS = 10  # acks first: the kernel gives the work process what the web workers leave


LAZY_HEADERS = ("x-slack-bolt-lazy-only", "x-slack-bolt-lazy-function-name")


class WorkProcess:
    """The process beside a web worker, and the pipe to it; started again, with a new pipe, if it
    ever died (it may have died holding the pipe's lock; what it had not read is lost with it)."""

    def __init__(self, build_worker_app: Callable[[], App]) -> None:
        self.context = multiprocessing.get_context("spawn")  # the web worker has threads: never fork it
        self.build_worker_app = build_worker_app
        self._lock = threading.Lock()
        self._start()
        atexit.register(self.finish)  # runs before multiprocessing's own exit hook, which would kill it

    def _start(self) -> None:
        self.queue: Queue = self.context.Queue()
        self.process = self.context.Process(target=work, args=(self.queue, self.build_worker_app, os.getpid()),
                                            name="concerto-work", daemon=True)
        self.process.start()

    def put(self, item: tuple) -> None:
        with self._lock:
            if not self.process.is_alive():
                log.error("the work process died (exit code %s); starting another", self.process.exitcode)
                self._start()
            self.queue.put(item)

    def finish(self) -> None:
        """Let it finish what it was handed, then stop."""
        for _ in range(THREADS):
            self.queue.put(None)
        self.process.join(timeout=25)


class HandOff(LazyListenerRunner):
    """Bolt's lazy-listener runner for the web process: queue the request for the work process."""

    def __init__(self, worker: WorkProcess) -> None:
        self.worker = worker
        self.logger = log

    def start(self, function: Callable[..., None], request: BoltRequest | SimpleNamespace) -> None:
        headers = {**request.headers, LAZY_HEADERS[0]: ["1"], LAZY_HEADERS[1]: [request.lazy_function_name]}
        self.worker.put((request.raw_body, headers))


def _handed_request(request: BoltRequest, lazy_function_name: str) -> SimpleNamespace:
    """What the hand-off needs of a request. Bolt's own version deep-copies the whole request and its
    context for a thread of this process, which costs more than the ack itself; were Bolt to rename
    the method this replaces, that copy would come back, and nothing else would change."""
    return SimpleNamespace(raw_body=request.raw_body, headers=request.headers, lazy_function_name=lazy_function_name)


def hand_off(app: App, build_worker_app: Callable[[], App]) -> WorkProcess:
    """Start the work process and route `app`'s lazy listeners to it; `build_worker_app` (a
    module-level function: it runs in the new process) builds the app that does the work there."""
    worker = WorkProcess(build_worker_app)
    app.listener_runner.lazy_listener_runner = HandOff(worker)
    app.listener_runner._build_lazy_request = _handed_request
    return worker


def work(queue: Queue, build_worker_app: Callable[[], App], parent: int) -> None:
    """The work process: dispatch each handed-over request until told to stop or orphaned.
    A stop signal to the whole process group is the web worker's to handle: it tells us when
    to stop, after what it handed over."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)
    app = build_worker_app()
    threads = [threading.Thread(target=_serve, args=(queue, app), daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        if os.getppid() != parent:  # the web worker was killed: nobody will hand anything over
            log.warning("web worker %s is gone; the work process stops", parent)
            return


def _serve(queue: Queue, app: App) -> None:
    while (item := queue.get()) is not None:
        body, headers = item
        try:
            app.dispatch(BoltRequest(body=body, headers=headers))
        except Exception:  # one request's failure must not stop the others
            log.exception("handed-over request failed")
