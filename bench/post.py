"""Command → visible post: the time from a signed `/action` to its post in the channel, through the real
`web` process and the work process beside it (the post goes through the outbox, delivered at once by the
work process), Slack answering in 0.05 s; one command at a time, a second apart (closer together, a
channel's posts queue at Slack's pace, one a second after a burst of four); and the first command after a
start, sent as soon as `/healthz` answers 200.

python bench/post.py [--postgres URL] [--commands N] [--gap SECONDS] [--starts N]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ack import free_port  # noqa: E402
from bench.common import databases, env_for, fresh, median, percentile  # noqa: E402
from sandbox.driver import SlackDriver  # noqa: E402
from sandbox.standin import SlackStandIn  # noqa: E402

CONCERTO = [sys.executable, "-m", "concerto.cli"]
CHANNEL, USER = "C0MISSION", "U0MARIE"
LATENCY = 0.05  # seconds Slack takes to answer each call


def started(url: str, slack: SlackStandIn, folder: str) -> tuple[subprocess.Popen, str, float]:
    """`concerto web`, and the seconds until /healthz said 200."""
    port = str(free_port())
    env = env_for(url, slack.api_url, PORT=port)
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [*CONCERTO, "web"],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as res:
                if res.status == 200:
                    return proc, base, time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.02)


def seen(driver: SlackDriver, slack: SlackStandIn, text: str) -> float:
    """Seconds from the command to its post in the channel."""
    before = len(slack.calls("chat.postMessage"))
    t0 = time.monotonic()
    driver.command("/action", text, user=USER, channel=CHANNEL)
    slack.wait_for(before + 1, "chat.postMessage", timeout=30)
    return time.monotonic() - t0


def run(label: str, url: str, commands: int, gap: float, starts: int) -> list[str]:
    firsts, healthy, each = [], [], []
    with TemporaryDirectory() as folder, SlackStandIn(latency=LATENCY) as slack:
        slack.add_channel(CHANNEL, "mission")
        slack.add_user(USER, "marie", "Marie Dubois")
        for n in range(starts):
            with fresh(url):
                pass
            proc, base, ready = started(url, slack, folder)
            driver = SlackDriver(base, "bench-secret", slack)
            try:
                healthy.append(ready)
                firsts.append(seen(driver, slack, f"Première {n}") * 1000)
                if n == 0:
                    for i in range(commands):
                        time.sleep(gap)
                        each.append(seen(driver, slack, f"Action {i}") * 1000)
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
    return [
        f"| {label} | {commands} commands, one at a time, {gap:g} s apart | p50 {median(each):.0f} ms, p99 "
        f"{percentile(each, 99):.0f} ms, max {max(each):.0f} ms |",
        f"| {label} | the first command after a start ({starts} starts; /healthz 200 after "
        f"{median(healthy):.1f} s) | median {median(firsts):.0f} ms, max {max(firsts):.0f} ms |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--commands", type=int, default=60)
    parser.add_argument("--gap", type=float, default=1.0, help="seconds between two commands (default 1)")
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    print("| database | measure | result |\n| --- | --- | --- |")
    for label, url in databases(args.postgres):
        for line in run(label, url, args.commands, args.gap, args.starts):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
