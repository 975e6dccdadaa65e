"""`concerto plan import`: a mission plan file into a channel's mission (needs only the database)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import SystemClock
from bot.errors import UserError
from bot.export_cli import find_mission
from bot.plan import PlanError, read_plan
from bot.services import build_services
from storage.db import make_engine


def import_plan(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"concerto: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    clock = SystemClock()
    engine = make_engine(os.environ.get("DATABASE_URL"))
    services = build_services(engine, clock, os.environ.get("DEFAULT_TIMEZONE") or "Europe/Paris")
    mission = find_mission(engine, args.channel, args.team)
    if isinstance(mission, str) and args.team and mission.startswith("no mission"):
        mission = services.missions.for_channel(args.team, args.channel)  # a plan may start a mission
    if isinstance(mission, str):
        print(f"concerto: {mission}{'; pass --team T… to start one' if 'no mission' in mission else ''}",
              file=sys.stderr)
        return 2
    actor = args.as_user or mission.director_id
    if not actor:
        print("concerto: name who organises the plan's meetings with --as U… (or set a project director)",
              file=sys.stderr)
        return 2
    try:
        plan = read_plan(text, now=clock.now().astimezone(ZoneInfo(mission.timezone)))
        done = services.plans.import_plan(mission, plan, actor=actor)
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
    return 0
