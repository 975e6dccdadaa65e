"""`concerto timeline`: a mission's plan as a PNG picture (bot.phases.picture), as `/phase timeline` posts it."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from zoneinfo import ZoneInfo


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    timeline = add_parser("timeline", help="the mission plan as a PNG picture (phases, milestones, today)")
    timeline.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    timeline.add_argument("--team", help="the Slack team id: only that workspace's mission")
    timeline.add_argument("--out", default="plan.png", help="file to write (default plan.png; - for stdout)")
    timeline.add_argument("--lang", choices=("fr", "en"), help="language of the labels (default: the channel's)")
    timeline.set_defaults(execute=execute)


def execute(args: Namespace) -> int:
    from bot.phases.picture import draw
    from bot.phases.service import Phases
    from concerto.cli.mission import export_mission

    def picture(engine, clock, mission):
        today = clock.now().astimezone(ZoneInfo(mission.timezone)).date()
        return draw(Phases(engine, clock).plan(mission), today, args.lang or mission.language)

    return export_mission(args, picture)
