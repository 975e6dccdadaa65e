"""`concerto plan import`: a mission plan file (YAML) checked, then its phases, milestones and meetings made."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from concerto.settings import load_database_settings


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    plan = add_parser("plan", help="mission plans (YAML): phases, milestones, meetings")
    actions = plan.add_subparsers(required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="check a plan file, then create or update all it describes")
    imp.add_argument("file")
    imp.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    imp.add_argument("--team", help="the Slack team id (needed when the channel has no mission yet)")
    imp.add_argument("--as", dest="as_user", help="who organises the meetings (default: the project director)")
    imp.add_argument(
        "--prune",
        action="store_true",
        help="remove what an earlier import created and the file no longer has (listed either way)",
    )
    imp.set_defaults(execute=import_plan)


def import_plan(args: Namespace) -> int:
    from bot.clock import SystemClock
    from bot.context import mission_context
    from bot.daysoff import plan_days_off
    from bot.errors import UserError
    from bot.missions.plan_file import PlanError, read_plan
    from bot.services import build_services
    from concerto.cli.mission import find_mission
    from storage.db import make_engine

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"concerto: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    clock = SystemClock()
    settings = load_database_settings()
    engine = make_engine(settings.database_url)
    services = build_services(engine, clock, settings.default_timezone)
    mission = find_mission(engine, args.channel, args.team)
    if isinstance(mission, str) and args.team and services.missions.in_channel(args.channel) is None:
        mission = services.missions.for_channel(args.team, args.channel)  # a plan may start a mission
    if isinstance(mission, str):
        print(
            f"concerto: {mission}{'; pass --team T… to start one' if 'no mission' in mission else ''}", file=sys.stderr
        )
        return 2
    actor = args.as_user or mission.director_id
    if not actor:
        print(
            "concerto: name who organises the plan's meetings with --as U… (or set a project director)", file=sys.stderr
        )
        return 2
    try:
        plan = read_plan(text, now=clock.now().astimezone(ZoneInfo(mission.timezone)))
        gone = services.plans.left_out(mission, plan)
        done = services.plans.import_plan(mission, plan, actor=actor, prune=args.prune)
    except PlanError as err:
        for problem in err.problems:
            print(f"{path}: {problem}", file=sys.stderr)
        print(f"concerto: nothing was imported ({len(err.problems)} problem(s))", file=sys.stderr)
        return 2
    except UserError as err:
        print(f"concerto: nothing was imported: {err.key} {err.params}", file=sys.stderr)
        return 2
    summary = ", ".join(f"{n} {what}" for what, n in sorted(done.items())) or "nothing changed"
    print(f"imported {path} into {args.channel}: {summary}")
    mission = services.missions.in_channel(mission.channel_id) or mission  # as the plan left it (its holidays)
    for line in plan_days_off(plan, replace(mission_context(mission, clock.now()), lang="en")):
        print(f"on a day off: {line}")
    if gone:
        fate = "removed" if args.prune else "kept (--prune removes them)"
        print(f"no longer in {path}, {fate}: {', '.join(gone)}")
    return 0
