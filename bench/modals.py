"""How soon a modal opens: the time from a command to its `views.open` under a burst, against the real
`web` process (gunicorn) and a stand-in that answers each call in 0.2 s, as Slack does.

    python bench/modals.py [--postgres URL] [--burst 60] [--latency 0.2]

A burst of `/action` alone (each opens the action form) from 20 clients at once, on a cold start (20
people never seen, the web workers' first requests) and warm (the same team after a round of
`/action help`, as on any working day): p50, p99 and max of command → views.open (a trigger_id lives
3 s; the target is a max under 1 s: it opens on a loading view), then to the form in its place
(views.update), the ack's p99 against the bare Bolt floor's for the same burst
(target: within 1.5×), and any views.open Slack refused.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ack import CHANNEL, FLOOR_APP, USERS, Server, load, settle  # noqa: E402
from bench.common import databases, fresh, median, percentile, seed_missions  # noqa: E402
from concerto.cli.web import APP  # noqa: E402
from sandbox.driver import SlackDriver  # noqa: E402
from sandbox.remote import standin_process  # noqa: E402

CLIENTS = 20


def burst(driver: SlackDriver, count: int) -> tuple[dict[str, float], list[float]]:
    """Send `count` `/action` commands from CLIENTS clients: when each trigger_id was sent, ack latencies (ms)."""
    bodies = [driver.command_body("/action", "", user=USERS[i % len(USERS)], channel=CHANNEL) for i in range(count)]
    sent: dict[str, float] = {}
    acks, _ = load(driver, bodies, CLIENTS, sent)
    return {body.split("trigger_id=")[1].split("&")[0]: at for body, at in sent.items()}, acks


def floor_ack_p99(url: str, count: int, latency: float) -> float:
    """The ack p99 of the same burst against the bare Bolt floor (bench/floor.py), which opens nothing."""
    with standin_process(latency=latency) as slack:
        server = Server(FLOOR_APP, url, slack)
        try:
            return percentile(burst(SlackDriver(server.base, "bench-secret", slack), count)[1], 99)
        finally:
            server.stop()


def run(label: str, url: str, count: int, latency: float, warm: bool, floor: float) -> str:
    with standin_process(latency=latency) as slack:
        slack.add_channel(CHANNEL, "bench", member=True)
        for user in USERS:
            slack.add_user(user, user.lower(), user)
        with fresh(url) as engine:
            seed_missions(engine, 1)
        server = Server(APP, url, slack)
        try:
            driver = SlackDriver(server.base, "bench-secret", slack)
            if warm:  # the team used the bot before: profiles cached, each worker past its first request
                load(driver, [driver.command_body("/action", "help", user=u, channel=CHANNEL) for u in USERS], 4)
                settle(slack, time.monotonic())
            sent, acks = burst(driver, count)
            deadline = time.monotonic() + 30
            while len(forms := [o for o in slack.arrivals("views.update") if o[0] in sent]) < count:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            opens = [o for o in slack.arrivals("views.open") if o[0] in sent]
        finally:
            server.stop()
    with fresh(url):  # leave it empty
        pass
    delays = [(at - sent[trigger]) * 1000 for trigger, at, _ in opens]
    shown = [(at - sent[trigger]) * 1000 for trigger, at, _ in forms]
    refused = sorted({error for _, _, error in opens + forms if error})
    return (
        f"| {label} | {'warm' if warm else 'cold'} | {count} | {latency:.1f} | {len(opens)} | "
        f"{median(delays):.0f} | {percentile(delays, 99):.0f} | {max(delays):.0f} | {len(forms)} | "
        f"{percentile(shown, 99):.0f} | {max(shown):.0f} | {percentile(acks, 99):.0f} | "
        f"{floor:.0f} | {percentile(acks, 99) / floor:.2f} | {', '.join(refused) or '—'} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    print(
        "| database | start | commands | Slack latency s | views.open | p50 ms | p99 ms | max ms | forms shown "
        "| form p99 ms | form max ms | ack p99 ms | floor ack p99 ms | ack / floor | refused |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, url in databases(args.postgres):
        with fresh(url):
            pass
        floor = floor_ack_p99(url, args.burst, args.latency)
        for warm in (False, True):
            print(run(label, url, args.burst, args.latency, warm, floor), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
