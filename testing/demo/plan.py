"""The whole mission plan imported into a second channel (what `concerto plan import` does), its phases
listed and drawn as a timeline; then the action log exported for people outside Slack."""

from __future__ import annotations

from pathlib import Path

from bot.missions.plan_file import read_plan
from sandbox.standin import TEAM
from testing.demo.player import CLAIRE, Player

PLAN_CHANNEL = "C0PLAN"
PLAN = Path(__file__).resolve().parents[2] / "plans" / "srdeii.yaml"


def plan(p: Player) -> None:
    say, slack = p.say, p.slack
    slack.add_channel(PLAN_CHANNEL, "concertation", member=True)
    say.names[PLAN_CHANNEL] = "concertation"
    say.step(
        CLAIRE,
        f"— Claire imports the whole mission plan into #concertation: concerto plan import "
        f"{PLAN.relative_to(PLAN.parent.parent)} --channel {PLAN_CHANNEL}",
    )
    services = p.box.runtime.services
    mission = services.missions.for_channel(TEAM, PLAN_CHANNEL)
    done = services.plans.import_plan(mission, read_plan(PLAN.read_text(), now=p.box.clock.now()), actor=CLAIRE)
    print("  " + ", ".join(f"{n} {what}" for what, n in sorted(done.items())))
    say.command(CLAIRE, "/phase", "list", channel=PLAN_CHANNEL)
    say.command(CLAIRE, "/phase", "timeline", channel=PLAN_CHANNEL)
    picture = p.folder / "timeline.png"
    picture.write_bytes(slack.state.shared[-1]["bytes"])
    print(f"  (the picture is saved in {picture})")

    say.command(CLAIRE, "/concerto", "export")
    log = slack.state.shared[-1]["bytes"].decode("utf-8-sig").splitlines()
    print("  — the CSV file, opened in Excel (first lines):\n" + "\n".join("    " + line for line in log[:4]))
