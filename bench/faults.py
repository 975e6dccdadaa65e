"""Exactly-once delivery under faults: a table of notifications injected, delivered, duplicated, lost.

    python bench/faults.py [--count N] [--postgres URL]

Runs each fault on the embedded SQLite database, and on PostgreSQL when a URL is given (or
TEST_DATABASE_URL is set). In-process scenarios drive the real delivery code with an injected
clock; process scenarios start the real `concerto clock` processes.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from slack_sdk import WebClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.faults import Fault  # noqa: E402
from sandbox.standin import SlackStandIn  # noqa: E402
from scheduler.delivery import Deliverer  # noqa: E402
from testing.faults import (  # noqa: E402
    Proxy,
    db_url_for,
    figures,
    is_leader,
    posted,
    seed,
    start_clock,
    states,
    stop,
    wait_until,
)
from testing.harness import Sandbox, empty_tables, sandbox  # noqa: E402


def ticking(box: Sandbox, keys: list[str], *, workers: int = 1, api_url: str | None = None, rounds: int = 60) -> None:
    """Tick (several deliverers at once if asked), advancing the injected clock 30 s between rounds."""

    def make(n: int, url: str) -> Deliverer:
        client = WebClient(token="xoxb-bench", base_url=url, retry_handlers=[], timeout=2)
        return Deliverer(box.runtime.engine, client, box.clock, worker=f"bench-{n}", sleep=lambda _s: None)

    first_url = api_url or box.slack.api_url
    for r in range(rounds):
        clocks = [make(n, first_url if r == 0 else box.slack.api_url) for n in range(workers)]
        threads = [threading.Thread(target=c.tick) for c in clocks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if states(box, keys)["sent"] == len(keys):
            return
        box.clock.advance(timedelta(seconds=30))


def rate_limits(box: Sandbox, count: int, folder: Path) -> dict:
    keys = seed(box, box.slack, count)
    box.slack.inject("chat.postMessage", *[Fault(429, retry_after=20)] * (count // 2))
    ticking(box, keys)
    return figures(keys, box.slack)


def server_errors(box: Sandbox, count: int, folder: Path) -> dict:
    keys = seed(box, box.slack, count)
    box.slack.inject("chat.postMessage", *[Fault(500), Fault(503, error="service_unavailable")] * (count // 2))
    ticking(box, keys)
    return figures(keys, box.slack)


def network_errors(box: Sandbox, count: int, folder: Path) -> dict:
    keys = seed(box, box.slack, count)
    ticking(box, keys, api_url="http://127.0.0.1:9/api/")  # the first round finds nobody listening
    return figures(keys, box.slack)


def racing_ticks(box: Sandbox, count: int, folder: Path) -> dict:
    keys = seed(box, box.slack, count)
    ticking(box, keys, workers=4)
    return figures(keys, box.slack)


def sigkill(box: Sandbox, count: int, folder: Path) -> dict:
    with SlackStandIn() as slack:
        keys = seed(box, slack, count)
        slack.inject("chat.postMessage", *[Fault(delay=0.05)] * count)
        url = db_url_for(box)
        for _ in range(3):  # kill it three times mid-delivery
            proc = start_clock(url, slack, folder)
            already = len(posted(slack))
            try:
                wait_until(lambda a=already: len(posted(slack)) >= min(count, a + count // 5), timeout=120)
            finally:
                stop(proc, signal.SIGKILL)
        proc = start_clock(url, slack, folder)
        try:
            wait_until(lambda: states(box, keys)["sent"] == count, timeout=300)
        finally:
            stop(proc)
        return figures(keys, slack)


def two_clocks(box: Sandbox, count: int, folder: Path) -> dict:
    with SlackStandIn() as slack:
        url = db_url_for(box)
        keys = seed(box, slack, count // 2)
        a, b = start_clock(url, slack, folder), start_clock(url, slack, folder)
        try:
            wait_until(lambda: states(box, keys)["sent"] == len(keys), timeout=120)
            stop(a if is_leader(folder, a) else b, signal.SIGKILL)
            keys += seed(box, slack, count - count // 2, start=count // 2)
            wait_until(lambda: states(box, keys)["sent"] == count, timeout=120)
        finally:
            stop(a)
            stop(b)
        return figures(keys, slack)


def database_away(box: Sandbox, count: int, folder: Path) -> dict:
    url = box.runtime.engine.url
    with SlackStandIn() as slack, ExitStack() as cleanup:
        keys = seed(box, slack, count)
        if url.get_backend_name() == "postgresql":
            proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
            via = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
            slack.inject("chat.postMessage", *[Fault(delay=0.05)] * count)
            procs = [start_clock(via, slack, folder)]
            wait_until(lambda: len(posted(slack)) >= count // 4, timeout=60)
            proxy.cut()
            time.sleep(3)
            proxy.restore()
            if procs[0].poll() is not None:  # it exits on losing its lock; the platform restarts it
                procs.append(start_clock(via, slack, folder))
        else:
            import sqlite3

            lock = sqlite3.connect(url.database, timeout=30)
            lock.execute("BEGIN EXCLUSIVE")
            procs = [start_clock(url.render_as_string(), slack, folder)]
            time.sleep(3)
            lock.rollback()
            lock.close()
        for p in procs:
            cleanup.callback(stop, p)
        wait_until(lambda: states(box, keys)["sent"] == count, timeout=300)
        return figures(keys, slack)


SCENARIOS: list[tuple[str, Callable[[Sandbox, int, Path], dict]]] = [
    ("429 with Retry-After (half the posts)", rate_limits),
    ("500 and 503 (every post, twice)", server_errors),
    ("network down for the first tick", network_errors),
    ("4 deliverers ticking at once", racing_ticks),
    ("clock SIGKILLed 3× mid-delivery", sigkill),
    ("two clocks, leader SIGKILLed", two_clocks),
    ("database away for 3 s", database_away),
]


def run(database_url: str, label: str, count: int) -> None:
    print(f"\n{label}: {count} notifications per fault")
    print(f"| {'fault':40} | injected | delivered | duplicated | lost | seconds |")
    print(f"| {'-' * 40} | -------: | --------: | ---------: | ---: | ------: |")
    for name, scenario in SCENARIOS:
        with sandbox(database_url) as box, tempfile.TemporaryDirectory() as folder:
            for user in ("U0MARIE",):
                box.slack.add_user(user, "marie", "Marie")
            empty_tables(box.runtime.engine)
            started = time.monotonic()
            got = scenario(box, count, Path(folder))
            print(
                f"| {name:40} | {got['injected']:8} | {got['delivered']:9} | {got['duplicated']:10} | "
                f"{got['lost']:4} | {time.monotonic() - started:7.1f} |",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.db", "SQLite", args.count)
    if args.postgres:
        run(args.postgres, "PostgreSQL", args.count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
