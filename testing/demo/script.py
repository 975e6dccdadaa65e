"""The offline demo: the real app on the embedded database, a scripted week of the mission.

Signed requests go to the real Bolt app over HTTP; the bot's Web API calls go to the local stand-in;
the terminal shows what each person would see in Slack. The scenes play in this order.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from testing.demo.actions import actions
from testing.demo.cotech import cotech
from testing.demo.life import life
from testing.demo.meetings import meetings
from testing.demo.plan import plan
from testing.demo.player import CHANNEL, CLAIRE, KARIM, MARIE, TOM, Player
from testing.demo.setup import setup
from testing.demo.week import week
from testing.demo.words import words
from testing.harness import sandbox

SCENES = (setup, actions, meetings, week, plan, cotech, life, words)


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
        player = Player(box, folder)
        print(
            "Concerto offline demo — the regional economic development plan mission, Monday 30 November 2026, 09:30 "
            "in Paris.\nEvery request below is signed and sent over HTTP to the real app; Slack is a local stand-in."
        )
        for scene in SCENES:
            scene(player)

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
