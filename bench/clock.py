"""The clock's cost: one tick with nothing due as pending notifications pile up, one tick with 1,000 due,
and delivering 10,000 DMs to 1,000 people through 1, then 2 clocks, with a stand-in that enforces Slack's
rate limit, against its floor (and any message sent twice).

    python bench/clock.py [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    UTC,
    analyze,
    databases,
    env_for,
    fresh,
    median,
    percentile,
    rss_mb,
    seed_actions,
    seed_missions,
    seed_notifications,
)
from bot.clock import SystemClock  # noqa: E402
from sandbox.standin import SlackStandIn  # noqa: E402
from scheduler.delivery import Deliverer  # noqa: E402

USERS = [f"U0B{i:04d}" for i in range(100)]
DUE = 1000
PER_USER = DUE // len(USERS)
RATE = 1.0  # Slack: about one message a second per conversation
SCALE_PEOPLE, SCALE_EACH = 1000, 10  # the scale-out run: 10,000 DMs
SCALE_LIMIT = 240  # seconds: a run that takes longer is reported as it stands


class Spent:
    """Where a tick's posts spend their time, summed over the delivery's threads: composing, taking the
    conversations' turns (one transaction a round), waiting for a turn's time (Slack's pace), Slack's
    answer, and recording it (one transaction a round)."""

    PARTS = {"_compose": "composing", "_record_sent": "recording"}

    def __init__(self, deliverer: Deliverer, client: WebClient) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.lock = threading.Lock()
        for method, part in self.PARTS.items():
            setattr(deliverer, method, self._timed(part, getattr(deliverer, method)))
        deliverer.turns.take = self._timed("turns", deliverer.turns.take)  # type: ignore[method-assign]
        deliverer.sleep = self._timed("waiting for the pace", deliverer.sleep)
        client.api_call = self._timed("Slack", client.api_call)  # type: ignore[method-assign]

    def _timed(self, part: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                with self.lock:
                    self.seconds[part] += time.perf_counter() - started

        return timed

    def per_post(self, posts: int) -> str:
        order = ["composing", "turns", "waiting for the pace", "Slack", "recording"]
        return ", ".join(f"{part} {self.seconds[part] * 1000 / max(posts, 1):.1f}" for part in order)


def idle_ticks(deliverer: Deliverer, runs: int = 60) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = deliverer.tick()
        times.append((time.perf_counter() - started) * 1000)
        assert report.claimed == 0
    return times


def pending_rows(missions: list[int], actions: dict[int, tuple[int, str]], count: int, start: int) -> list[dict]:
    """`count` notifications spread over the missions, due between tomorrow and a month from now."""
    now = datetime.now(UTC)
    keys = list(actions)
    rows = []
    for i in range(start, start + count):
        action = keys[i % len(keys)]
        when = now + timedelta(days=1, minutes=i % 40000)
        rows.append(
            {
                "mission_id": actions[action][0],
                "key": f"bench:future:{i}",
                "entity_id": action,
                "target": actions[action][1],
                "planned_at": when,
                "run_at": when,
            }
        )
    return rows


def run(label: str, url: str) -> list[str]:
    lines = []
    with fresh(url) as engine, SlackStandIn() as slack:
        for user in USERS:
            slack.add_user(user, user.lower(), user)
        missions = seed_missions(engine, 500)
        for i, mission_id in enumerate(missions[:10]):  # 1,000 actions to remind about, 10 per user
            seed_actions(engine, mission_id, 100, owners=USERS[i * 10 : (i + 1) * 10])
        with engine.connect() as conn:
            actions = {
                r[0]: (r[1], r[2])
                for r in conn.execute(
                    text(
                        "SELECT a.id, a.mission_id, o.user_id FROM actions a JOIN action_owners o ON o.action_id = a.id"
                    )
                )
            }
        client = WebClient(token="xoxb-bench", base_url=slack.api_url, retry_handlers=[])
        deliverer = Deliverer(engine, client, SystemClock(), worker="bench", workers=8)

        seeded = 0
        for pending in (0, 10_000, 100_000):
            seed_notifications(engine, pending_rows(missions, actions, pending - seeded, seeded))
            analyze(engine)
            seeded = pending
            times = idle_ticks(deliverer)
            lines.append(
                f"| {label} | idle tick, {pending:,} pending | {median(times):.2f} ms p50, "
                f"{percentile(times, 95):.2f} ms p95 |"
            )
        tracemalloc.start()
        deliverer.tick()
        lines.append(f"| {label} | idle tick, memory | {tracemalloc.get_traced_memory()[1] / 1024:.0f} KiB peak |")
        tracemalloc.stop()

        now = datetime.now(UTC)
        due = [
            {"mission_id": m, "key": f"bench:due:{a}", "entity_id": a, "target": u, "planned_at": now, "run_at": now}
            for a, (m, u) in actions.items()
        ]
        seed_notifications(engine, due)
        analyze(engine)
        slack.state.rate_limit = RATE
        spent = Spent(deliverer, client)
        started = time.perf_counter()
        tracemalloc.start()
        report = deliverer.tick()  # in this process: one tick's time and memory
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        took = time.perf_counter() - started
        lines.append(
            f"| {label} | tick with {DUE:,} due ({len(USERS)} people × {PER_USER}), in-process | "
            f"{took:.2f} s vs floor {(PER_USER - 1) * RATE:.0f} s ({took / ((PER_USER - 1) * RATE):.2f}×), "
            f"{report.sent} sent, {peak / 1024 / 1024:.1f} MiB peak |"
        )
        where = spent.per_post(report.sent)
        lines.append(f"| {label} | where a post's time goes (that tick; ms a post, over all threads) | {where} |")
        lines.append(process_line(label, url, slack))
    return lines + scale_lines(label, url)


def scale_lines(label: str, url: str) -> list[str]:
    """10,000 DMs to 1,000 people (10 each) due at once, delivered by 1, then 2 real `concerto clock`
    processes against a stand-in that answers 429 to any post less than a second after the last one to
    the same conversation; timed by when Slack got them, against the floor that rate sets."""
    people = [f"U0S{i:04d}" for i in range(SCALE_PEOPLE)]
    lines = []
    for clocks in (1, 2):
        with fresh(url) as engine, SlackStandIn() as slack:
            for user in people:
                slack.add_user(user, user.lower(), user)
            for mission_id in seed_missions(engine, SCALE_EACH):  # each person owns one action in each
                seed_actions(engine, mission_id, SCALE_PEOPLE, owners=people)
            now = datetime.now(UTC)
            with engine.connect() as conn:
                owned = conn.execute(
                    text(
                        "SELECT a.id, a.mission_id, o.user_id FROM actions a "
                        "JOIN action_owners o ON o.action_id = a.id ORDER BY a.id"
                    )
                ).all()
            seed_notifications(
                engine,
                [
                    {
                        "mission_id": m,
                        "key": f"bench:scale:{a}",
                        "entity_id": a,
                        "target": u,
                        "planned_at": now,
                        "run_at": now,
                    }
                    for a, m, u in owned
                ],
            )
            analyze(engine)
            slack.state.rate_limit = RATE
            lines.append(clocks_line(label, url, slack, clocks, len(owned)))
    return lines


def clocks_line(label: str, url: str, slack: SlackStandIn, clocks: int, due: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "concerto.cli", "clock", "--interval", "0.5"],
                env=env_for(url, slack.api_url),
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(clocks)
        ]
        try:
            deadline = time.monotonic() + SCALE_LIMIT
            while len([c for c in slack.since(0, "chat.postMessage") if c.result.get("ok")]) < due:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
    calls = slack.since(0, "chat.postMessage")
    accepted = [c for c in calls if c.result.get("ok")]
    took = accepted[-1].at - accepted[0].at if accepted else float("nan")
    floor = (SCALE_EACH - 1) * RATE
    keys = Counter(c.args["metadata"]["event_payload"]["key"] for c in accepted)
    return (
        f"| {label} | {due:,} DMs to {SCALE_PEOPLE:,} people at 1/s per conversation, {clocks} "
        f"`concerto clock` | first to last {took:.1f} s vs floor {floor:.0f} s ({took / floor:.1f}×), "
        f"{len(accepted):,} posted ({len(accepted) / took:.0f}/s), {sum(n - 1 for n in keys.values() if n > 1)} "
        f"twice, {len(calls) - len(accepted)} answered 429 |"
    )


def process_line(label: str, url: str, slack: SlackStandIn) -> str:
    """Start-up time and resident memory of a real `concerto clock` process."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "clock.log"
        started = time.perf_counter()
        with open(log, "w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "concerto.cli", "clock", "--interval", "1"],
                env=env_for(url, slack.api_url),
                cwd=folder,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            while " delivers (tick every" not in log.read_text() and time.perf_counter() - started < 60:
                time.sleep(0.02)
            ready = time.perf_counter() - started
            time.sleep(3)
            rss = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return f"| {label} | `concerto clock` process | ready in {ready:.2f} s, {rss:.0f} MB resident |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    print("| database | measure | result |\n| --- | --- | --- |")
    for label, url in databases(args.postgres):
        for line in run(label, url):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
