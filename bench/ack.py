"""Acknowledgement latency of `/action` against the real `web` process (gunicorn), and against a bare
Bolt app that acks with a fixed text under the same server: the floor.

    python bench/ack.py [--postgres URL] [--sizes 0,10000,100000] [--requests 500]

For each database and mission size: signed `/action` add, list and done requests at concurrency 1
and 20 (with no actions also against `web` alone, its work left in the inbox for work processes on
other machines: what the ack and its record cost by themselves); p50, p95, p99 and requests per
second, the ratio of our p99 to the floor's (the median of the floor's three p99s: it answers every
request alike, and one p99 of a few hundred is noisy), and how long after the burst began the last of
its work reached Slack (answers, posts, DMs, Home redraws).
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    analyze,
    databases,
    descendants,
    env_for,
    fresh,
    median,
    percentile,
    rss_mb,
    seed_actions,
    seed_missions,
)
from concerto.cli.web import APP, GUNICORN  # noqa: E402
from sandbox.driver import SlackDriver  # noqa: E402
from sandbox.remote import RemoteStandIn, standin_process  # noqa: E402

CHANNEL = "C0BENCH"
USERS = [f"U0A{i:03d}" for i in range(20)]
FLOOR_APP = "bench.floor:create_asgi()"
ALONE = "web alone"  # WEB_WORK=false: the ack and its record, the work left to work processes elsewhere


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A gunicorn process serving `target` with the production settings (Procfile web)."""

    def __init__(self, target: str, url: str, slack: RemoteStandIn, **settings: str) -> None:
        self.port = free_port()
        env = env_for(url, slack.api_url, PORT=str(self.port), **settings)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [gunicorn, "--bind", f"127.0.0.1:{self.port}", *GUNICORN, target],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parent.parent,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self.ready_after = self._wait()

    def _wait(self) -> float:
        while time.perf_counter() - self.started < 60:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1):
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("server did not start")

    def rss(self) -> float:
        return max([rss_mb(self.proc.pid), *(rss_mb(c) for c in descendants(self.proc.pid))])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def load(
    driver: SlackDriver, bodies: list[str], concurrency: int, sent: dict[str, float] | None = None
) -> tuple[list[float], float]:
    """Send the signed bodies with `concurrency` clients; latencies in ms, and requests per second
    (and into `sent`, if given, when each body was sent: time.monotonic)."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    queue = iter(bodies)

    def client() -> None:
        while True:
            with lock:
                body = next(queue, None)
            if body is None:
                return
            started = time.perf_counter()
            if sent is not None:
                sent[body] = time.monotonic()
            reply = driver.post(body, "application/x-www-form-urlencoded")
            took = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(took)
                if reply.status != 200:
                    errors.append(reply.status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed: {set(errors)}")
    return latencies, len(bodies) / (time.perf_counter() - started)


def settle(slack: RemoteStandIn, since: float, quiet: float = 0.5, limit: float = 60) -> float | None:
    """Wait until the app's post-ack work is done (the stand-in hears nothing for `quiet` seconds),
    so one measurement's backlog does not slow the next; how long after `since` it ended, if the
    work called Slack at all."""
    deadline = time.monotonic() + limit
    seen = slack.mark()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = slack.mark()
        if now == seen:
            break
        seen = now
    last = slack.last_call_at()
    return last - since if last is not None and last > since else None


def bodies(driver: SlackDriver, op: str, count: int, numbers: itertools.count) -> list[str]:
    users = itertools.cycle(USERS)
    texts = {
        "add": lambda: "Préparer les supports de l'atelier n°3 <@U0A001|u1> pour vendredi 14h",
        "list": lambda: "list",
        "done": lambda: f"done {next(numbers)}",
    }
    return [driver.command_body("/action", texts[op](), user=next(users), channel=CHANNEL) for _ in range(count)]


def row(
    label: str,
    size: int,
    app: str,
    op: str,
    conc: int,
    lat: list[float],
    rps: float,
    floor: float | None,
    done: float | None,
) -> str:
    ratio = f"{percentile(lat, 99) / floor:.2f}" if floor else "—"
    work = f"{done:.1f}" if done is not None else "—"
    return (
        f"| {label} | {size:,} | {app} | {op} | {conc} | {median(lat):.1f} | {percentile(lat, 95):.1f} | "
        f"{percentile(lat, 99):.1f} | {rps:.0f} | {ratio} | {work} |"
    )


def run(label: str, url: str, sizes: list[int], requests: int) -> list[str]:
    lines = []
    with standin_process() as slack:  # Slack is elsewhere: its work must not slow the clients
        slack.add_channel(CHANNEL, "bench", member=True)
        for user in USERS:
            slack.add_user(user, user.lower(), user)
        floor_p99s: dict[int, list[float]] = {}  # by concurrency
        for size in sizes:
            with fresh(url) as engine:
                mission = seed_missions(engine, 1)[0]
                if size:
                    seed_actions(engine, mission, size, owners=USERS)
                analyze(engine)
            for app in ("floor", "concerto", ALONE) if not floor_p99s else ("concerto",):
                server = Server(
                    FLOOR_APP if app == "floor" else APP, url, slack, **({"WEB_WORK": "false"} if app == ALONE else {})
                )
                driver = SlackDriver(server.base, "bench-secret", slack)
                numbers = itertools.count(1)
                try:
                    for op in ("add", "list", "done"):
                        for conc in (1, 20):
                            started = time.monotonic()
                            lat, rps = load(driver, bodies(driver, op, requests, numbers), conc)
                            done = settle(slack, started)
                            if app == "floor":  # it acks and does nothing else
                                floor_p99s.setdefault(conc, []).append(percentile(lat, 99))
                            if app != "concerto":
                                done = None
                            lines.append(
                                row(
                                    label,
                                    size,
                                    app,
                                    op,
                                    conc,
                                    lat,
                                    rps,
                                    None if app == "floor" else median(floor_p99s[conc]),
                                    done,
                                )
                            )
                            print(lines[-1], flush=True)
                    if app == "floor":
                        lines.append(
                            f"<!-- {label} floor p99, the median of its three requests (answered alike): "
                            + ", ".join(f"{median(v):.1f} ms at {c}" for c, v in floor_p99s.items())
                            + " -->"
                        )
                        print(lines[-1], flush=True)
                    if size == sizes[-1] or app == "floor":
                        time.sleep(1)  # let post-ack work settle before reading memory
                        lines.append(
                            f"<!-- {label} {app}: ready in {server.ready_after:.2f} s, "
                            f"{server.rss():.0f} MB resident per process at most -->"
                        )
                        print(lines[-1], flush=True)
                finally:
                    server.stop()
    with fresh(url):  # emptied (TRUNCATE on PostgreSQL): no autovacuum at work during the next benchmark
        pass
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    print(
        "| database | actions | app | request | concurrency | p50 ms | p95 ms | p99 ms | req/s | p99 / floor "
        "| all work done s |"
    )
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, url in databases(args.postgres):
        run(label, url, [int(s) for s in args.sizes.split(",")], args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
