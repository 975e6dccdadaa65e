"""Not a command: what the commands about one channel's mission share (export, timeline, plan import).

Imported only when one of them runs: it loads the core and the database."""

from __future__ import annotations

import sys
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

from bot.clock import Clock, SystemClock
from concerto.settings import load_database_settings
from storage.db import Engine, make_engine, read_scope
from storage.models import Mission
from storage.queries import mission_by_channel


def find_mission(engine: Engine, channel: str, team: str | None) -> Mission | str:
    """The channel's mission (the one workspace `team`'s, if given), or why there is none."""
    with read_scope(engine) as session:
        mission = mission_by_channel(session, channel)
    if mission is None or team not in (None, mission.team_id):
        return f"no mission in channel {channel}" + (f" for team {team}" if team else "")
    return mission


def export_mission(args: Namespace, build: Callable[[Engine, Clock, Mission], bytes]) -> int:
    """Find `--channel`'s mission, then write what `build(engine, clock, mission)` returns to `--out`."""
    engine = make_engine(load_database_settings().database_url)
    mission = find_mission(engine, args.channel, args.team)
    if isinstance(mission, str):
        print(f"concerto: {mission}", file=sys.stderr)
        return 1
    _write(build(engine, SystemClock(), mission), args.out)
    return 0


def _write(data: bytes, out: str | None) -> None:
    if out in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(out).write_bytes(data)
        print(f"wrote {out}")
