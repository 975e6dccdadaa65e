"""The subcommands that need only the database: exports, the timeline picture, the outbox, plan import."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.actions.export import Exports
from bot.clock import SystemClock
from bot.dates import DateError, parse_when
from bot.errors import UserError
from bot.meetings.service import Meetings
from bot.missions.plan_file import PlanError, read_plan
from bot.outbox import Outbox
from bot.phases.picture import draw
from bot.phases.service import Phases
from bot.services import build_services
from concerto.settings import load_database_settings
from storage.db import make_engine, read_scope
from storage.models import Mission
from storage.queries import mission_by_channel


def find_mission(engine, channel: str, team: str | None) -> Mission | str:
    """The channel's mission (the one workspace `team`'s, if given), or why there is none."""
    with read_scope(engine) as session:
        mission = mission_by_channel(session, channel)
    if mission is None or team not in (None, mission.team_id):
        return f"no mission in channel {channel}" + (f" for team {team}" if team else "")
    return mission


def _write(data: bytes, out: str | None) -> None:
    if out in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(out).write_bytes(data)
        print(f"wrote {out}")


def _export(args: argparse.Namespace, build) -> int:
    """Find the channel's mission, then write what `build(engine, clock, mission)` returns."""
    engine = make_engine(load_database_settings().database_url)
    mission = find_mission(engine, args.channel, args.team)
    if isinstance(mission, str):
        print(f"concerto: {mission}", file=sys.stderr)
        return 1
    _write(build(engine, SystemClock(), mission), args.out)
    return 0


def export_ics(args: argparse.Namespace) -> int:
    return _export(args, lambda engine, clock, mission: Meetings(engine, clock).calendar(mission))


def export_timeline(args: argparse.Namespace) -> int:
    def picture(engine, clock, mission):
        today = clock.now().astimezone(ZoneInfo(mission.timezone)).date()
        return draw(Phases(engine, clock).plan(mission), today, args.lang or mission.language)
    return _export(args, picture)


def export_actions(args: argparse.Namespace) -> int:
    return _export(args, lambda engine, clock, mission: Exports(engine, clock).actions_csv(mission))


STATES = {"pending": ("pending", "sending"), "failed": ("failed",),
          "all": ("pending", "sending", "sent", "failed", "dropped", "cancelled")}


def show_outbox(args: argparse.Namespace) -> int:
    """Needs only the database: no Slack token is read."""
    settings = load_database_settings()
    tz = settings.tz
    outbox = Outbox(make_engine(settings.database_url), SystemClock())
    if args.outbox_command == "retry":
        if outbox.retry(args.id):
            print(f"notification {args.id} is queued again")
            return 0
        print(f"concerto: notification {args.id} is not failed or dropped; nothing to retry", file=sys.stderr)
        return 1
    until = None
    if args.until:
        try:
            until = parse_when(args.until, SystemClock().now().astimezone(tz)).deadline(tz)
        except DateError as err:
            print(f"concerto: cannot read the date '{err.fragment}'", file=sys.stderr)
            return 2
    states = STATES["failed" if args.failed else "all" if args.all else "pending"]
    rows = outbox.list(states=states, until=until)
    print(f"{'id':>6}  {'state':9}  {'when (' + tz.key + ')':22}  {'kind':16}  {'to':12}  {'tries':>5}  last error")
    for r in rows:
        when = r.run_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        print(f"{r.id:>6}  {r.state:9}  {when:22}  {r.kind:16}  {r.target:12}  {r.attempts:>5}  {r.last_error or ''}")
    print(f"{len(rows)} notification(s)")
    return 0


def import_plan(args: argparse.Namespace) -> int:
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
    if gone:
        fate = "removed" if args.prune else "kept (--prune removes them)"
        print(f"no longer in {path}, {fate}: {', '.join(gone)}")
    return 0
