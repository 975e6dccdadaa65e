"""The offline demo: the real app on the embedded database, a scripted week of the mission.

Signed requests go to the real Bolt app over HTTP; the bot's Web API calls go to the local stand-in;
the terminal shows what each person would see in Slack. The scenes play in this order.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from sandbox.standin import BOT_USER
from testing.demo.actions import actions
from testing.demo.cotech import cotech
from testing.demo.life import life
from testing.demo.meetings import meetings
from testing.demo.native import native
from testing.demo.plan import plan
from testing.demo.player import CHANNEL, CLAIRE, KARIM, MARIE, PARIS, REGINE, TOM, Player
from testing.demo.setup import setup
from testing.demo.week import week
from testing.demo.words import words
from testing.harness import Sandbox, sandbox

SCENES = (setup, actions, meetings, week, plan, cotech, native, life, words)


def operator_metrics(box: Sandbox) -> None:
    """The end of the week as an operator's scrape of GET /metrics reads it (docs/operations.md#metrics)."""
    _status, _headers, body = box.driver.get("/metrics")
    seen = [s for family in text_string_to_metric_families(body) for s in family.samples]
    by_state: Counter[str] = Counter()
    for sample in seen:
        if sample.name == "concerto_outbox_rows":
            by_state[sample.labels["state"]] += int(sample.value)
    acks = sum(s.value for s in seen if s.name == "concerto_acks_total")
    value = {s.name: s.value for s in seen if not s.labels}
    ticked = datetime.fromtimestamp(value["concerto_clock_last_tick_timestamp_seconds"], PARIS)
    print("\n\033[1m▶ The operator scrapes GET /metrics\033[0m")
    print(f"  requests acknowledged: {acks:g}; waiting in the inbox: {value['concerto_inbox_depth']:g}")
    print("  outbox: " + ", ".join(f"{n} {state}" for state, n in sorted(by_state.items())))
    print(f"  the clock last ticked {ticked:%a %d %b %H:%M}; the oldest due row has waited "
          f"{value['concerto_outbox_oldest_due_seconds'] / 60:.0f} min")  # fmt: skip


def play(keep: str | None = None) -> int:
    """Play every scene; 1 if the stand-in rejected a call as Slack would. `keep`: the folder whose
    demo database (and timeline picture) outlive the run."""
    started = time.monotonic()
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="concerto-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    db.unlink(missing_ok=True)
    with sandbox(f"sqlite:///{db}") as box:
        logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output, not the log
        slack = box.slack
        slack.add_channel(CHANNEL, "mission-srdeii", member=True)  # Claire invited @Concerto, as docs/slack.md says
        slack.add_user(CLAIRE, "claire", "Claire Martin")
        slack.add_user(MARIE, "marie", "Marie Dubois")
        slack.add_user(TOM, "tom", "Tom Baker", tz="Europe/London", locale="en-GB")
        slack.add_user(KARIM, "karim", "Karim Benali")
        slack.add_user(REGINE, "regine", "Régine Morel")
        slack.add_user(BOT_USER, "concerto", "Concerto", is_bot=True)  # the app's bot user, as Slack lists it
        player = Player(box, folder)
        print(
            "Concerto offline demo — the regional economic development plan mission, Monday 30 November 2026, 09:30 "
            "in Paris.\nEvery request below is signed and sent over HTTP to the real app; Slack is a local stand-in."
        )
        for scene in SCENES:
            scene(player)

        operator_metrics(box)
        problems = slack.state.violations
        print(
            f"\nDone in {time.monotonic() - started:.1f} s: {len(slack.calls())} Web API calls, "
            f"{len(problems)} rejected by Slack's rules."
        )
        for p in problems:
            print("  ✗", p)
        if keep:
            print(f"The demo database is kept in {db}")
        return 1 if problems else 0
