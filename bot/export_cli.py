"""`concerto export ics` and `concerto timeline`: a channel's meetings and plan as files (database only)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import SystemClock
from bot.services.exports import Exports
from bot.services.meetings import Meetings
from bot.services.phases import Phases
from bot.timeline_png import draw
from storage.db import make_engine, read_scope
from storage.models import Mission
from storage.queries import missions_by_channel


def find_mission(engine, channel: str, team: str | None) -> Mission | str:
    """The channel's mission, or why there is not exactly one."""
    with read_scope(engine) as session:
        missions = [m for m in missions_by_channel(session, channel) if team in (None, m.team_id)]
    if len(missions) == 1:
        return missions[0]
    return f"no mission in channel {channel}" if not missions else f"several teams use channel {channel}; pass --team"


def _write(data: bytes, out: str | None) -> None:
    if out in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(out).write_bytes(data)
        print(f"wrote {out}")


def _export(args: argparse.Namespace, build) -> int:
    """Find the channel's mission, then write what `build(engine, clock, mission)` returns."""
    engine = make_engine(os.environ.get("DATABASE_URL"))
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
