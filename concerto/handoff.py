"""The durable hand-off: the web worker records each request in the inbox before acking; work processes,
beside it or on other machines (`concerto work`), claim and run them (concerto.work).

Bolt starts a request's lazy listeners before it returns the ack, so recording there means that an ack
Slack receives always has its row: a SIGKILL of the web process after the ack loses nothing. The work
process dispatches the recorded request again to the same listeners with Bolt's `lazy_only` flag, which
runs only the lazy (work) half, as Bolt's AWS Lambda adapter does in a second invocation.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import multiprocessing
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest
from slack_bolt.lazy_listener import LazyListenerRunner
from slack_bolt.listener.thread_runner import ThreadListenerRunner

from concerto import work
from concerto.app import Runtime
from storage.db import Engine, session_scope
from storage.inbox import Recorded, inbox_engine, record

log = logging.getLogger(__name__)
LAZY_HEADERS = ("x-slack-bolt-lazy-only", "x-slack-bolt-lazy-function-name")
WATCH = 0.5  # seconds between two looks at the work process beside a web worker


def retry_identity(body: str) -> str:
    """What stays the same when Slack sends a request again: the event id of an Events API callback;
    the trigger id of a slash command or an interaction (unique to each invocation, in the signed body);
    else the body's hash. Never the timestamp or the signature, which a retry changes."""
    if body.startswith("{"):
        event_id = json.loads(body).get("event_id")
        if event_id:
            return f"event:{event_id}"
    else:
        form = parse_qs(body)
        fields = json.loads(form["payload"][0]) if "payload" in form else {k: v[0] for k, v in form.items()}
        if fields.get("trigger_id"):
            return f"trigger:{fields['trigger_id']}"
    return "body:" + hashlib.sha256(body.encode()).hexdigest()


class Recorder:
    """Group commit: a web worker's acks wait on one writer thread, which records everything they queued
    since its last commit in one transaction. Under a burst, one turn at the write lock and one commit
    serve a dozen acks; alone, an ack waits for its own commit, as before."""

    BATCH = 100  # requests at most in one INSERT

    def __init__(self, engine: Engine, now: Callable) -> None:
        self.engine, self.now = engine, now
        self.queue: queue.SimpleQueue[tuple[Recorded, Future]] = queue.SimpleQueue()
        threading.Thread(target=self._write, name="inbox-record", daemon=True).start()

    def record(self, request: Recorded) -> bool:
        """Once the request is committed: False if it was there already (a retry from Slack). Raises what
        the database raised, so the ack fails and Slack sends the request again."""
        recorded: Future = Future()
        self.queue.put((request, recorded))
        return recorded.result()

    def _write(self) -> None:
        while True:
            batch = [self.queue.get()]
            while len(batch) < self.BATCH and not self.queue.empty():
                batch.append(self.queue.get())
            try:
                with session_scope(self.engine) as session:
                    added = record(session, [request for request, _ in batch], now=self.now())
            except Exception as exc:  # noqa: BLE001 — each waiting ack raises it
                for _, recorded in batch:
                    recorded.set_exception(exc)
                continue
            for request, recorded in batch:  # a retry in the same batch as its original is not new
                recorded.set_result(request.key in added)
                added.discard(request.key)


class HandOff(LazyListenerRunner):
    """Bolt's lazy-listener runner for the web process: record the request in the inbox."""

    def __init__(self, engine: Engine, now: Callable) -> None:
        self.recorder = Recorder(inbox_engine(engine), now)
        self.logger = log

    def start(self, function: Callable[..., None], request: BoltRequest) -> None:
        headers = {**request.headers, LAZY_HEADERS[0]: ["1"], LAZY_HEADERS[1]: [request.lazy_function_name]}
        key = f"{retry_identity(request.raw_body)}:{request.lazy_function_name}"[:200]
        if not self.recorder.record(Recorded(key, request.raw_body, json.dumps(headers))):
            log.info("request %s was already recorded (a retry from Slack): not run again", key)


class HandingRunner(ThreadListenerRunner):
    """Bolt's listener runner in the web process, whose lazy listeners are recorded (HandOff), never run
    here: what it hands over is built afresh from the body and headers, where Bolt's own version
    deep-copies the whole request and its context for a thread of this process, at more than the cost of
    the ack itself."""

    def __init__(self, runner: ThreadListenerRunner, hand_off: HandOff) -> None:
        super().__init__(
            logger=runner.logger,
            process_before_response=runner.process_before_response,
            listener_error_handler=runner.listener_error_handler,
            listener_start_handler=runner.listener_start_handler,
            listener_completion_handler=runner.listener_completion_handler,
            listener_executor=runner.listener_executor,
            lazy_listener_runner=hand_off,
        )

    def _build_lazy_request(self, request: BoltRequest, lazy_func_name: str) -> BoltRequest:
        handed = BoltRequest(body=request.raw_body, headers=request.headers)
        handed.lazy_only, handed.lazy_function_name = True, lazy_func_name
        return handed


class WorkProcess:
    """A work process beside a web worker, started again if it ever dies (what it was running goes back to
    the inbox when its lease runs out). It shares the worker's inbox with every other work process."""

    def __init__(self, build_worker_runtime: Callable[[], Runtime], lease: float) -> None:
        self.context = multiprocessing.get_context("spawn")  # the web worker has threads: never fork it
        self.build_worker_runtime, self.lease = build_worker_runtime, lease
        self.stopping = self.context.Event()
        self.ready = self.context.Event()  # set by the work process once it can take requests
        self._start()
        threading.Thread(target=self._watch, name="work-watch", daemon=True).start()
        atexit.register(self.finish)  # runs before multiprocessing's own exit hook, which would kill it

    def _start(self) -> None:
        self.ready.clear()
        self.process = self.context.Process(
            target=work.beside,
            name="concerto-work",
            daemon=True,
            args=(self.build_worker_runtime, self.stopping, self.lease, self.ready),
        )
        self.process.start()

    def _watch(self) -> None:
        while not self.stopping.wait(WATCH):
            if not self.process.is_alive():
                log.error("the work process died (exit code %s); starting another", self.process.exitcode)
                self._start()

    def finish(self) -> None:
        """Let it finish what it is running, then stop."""
        self.stopping.set()
        self.process.join(timeout=25)


def hand_off(
    app: App, engine: Engine, now: Callable, build_worker_runtime: Callable[[], Runtime] | None, lease: float
) -> WorkProcess | None:
    """Route `app`'s lazy listeners to the inbox; with `build_worker_runtime` (a module-level function: it
    runs in the new process), also start a work process beside this web worker."""
    app._listener_runner = HandingRunner(app.listener_runner, HandOff(engine, now))
    return WorkProcess(build_worker_runtime, lease) if build_worker_runtime else None
