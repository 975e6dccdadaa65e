"""`concerto mission close --channel C… --export DIR --yes`: the end of the contract (GDPR Art. 28(3)(g)). The
mission's record is written to DIR first (the action and decision log, its meetings' calendar, each sitting's
minutes as Word files); only once all of it is written is the mission purged from the database
(storage.purge). Slack keeps what was posted, and the mission canvas as the record."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded only when the command runs
    from bot.clock import Clock
    from storage.db import Engine
    from storage.models import Mission


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    mission = add_parser("mission", help="end a mission: its record exported, then its data purged")
    actions = mission.add_subparsers(required=True, metavar="ACTION")
    close = actions.add_parser("close", help="export the mission's record to a folder, then purge it (Art. 28)")
    close.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    close.add_argument("--team", help="the Slack team id: only that workspace's mission")
    given = close.add_mutually_exclusive_group(required=True)
    given.add_argument("--export", type=Path, metavar="DIR", help="where to write the record first")
    given.add_argument("--no-export", action="store_true", help="purge without writing the record (it is lost)")
    close.add_argument("--yes", action="store_true", help="really: the purge cannot be undone")
    close.set_defaults(execute=close_mission)


def close_mission(args: Namespace) -> int:
    from bot.clock import SystemClock
    from concerto.cli.mission import find_mission
    from concerto.settings import load_database_settings
    from storage.db import make_engine, session_scope
    from storage.purge import purge_mission

    engine, clock = make_engine(load_database_settings().database_url), SystemClock()
    mission = find_mission(engine, args.channel, args.team)
    if isinstance(mission, str):
        print(f"concerto: {mission}", file=sys.stderr)
        return 1
    if not args.yes:
        print("concerto: closing a mission purges its data for good; add --yes", file=sys.stderr)
        return 1
    if args.export is not None:
        try:
            written = export_record(engine, clock, mission, args.export)
        except OSError as err:
            print(f"concerto: the record could not be written ({err}); nothing was purged", file=sys.stderr)
            return 1
        print(f"wrote {len(written)} file(s) to {args.export}: " + ", ".join(p.name for p in written))
    with session_scope(engine) as session:
        deleted, withdrawn = purge_mission(session, session.merge(mission))
    print(f"mission of {args.channel} closed: {sum(deleted.values())} rows purged ({deleted}), "
          f"{withdrawn} notification(s) withdrawn")  # fmt: skip
    return 0


def export_record(engine: Engine, clock: Clock, mission: Mission, folder: Path) -> list[Path]:
    """The mission's record as files in `folder`: what the client keeps once the mission's data is gone."""
    from sqlmodel import select

    from bot.actions.export import Exports
    from bot.canvas.minutes_docx import minutes_docx
    from bot.canvas.service import Canvases
    from bot.context import mission_context
    from bot.meetings.service import Meetings
    from storage.db import read_scope
    from storage.models import SlackUser

    with read_scope(engine) as session:
        names = {u.user_id: u.name for u in session.exec(select(SlackUser)) if u.name}
    ctx = mission_context(mission, clock.now())
    files = {
        "journal-des-actions.csv": Exports(engine, clock).actions_csv(mission),
        "reunions.ics": Meetings(engine, clock).calendar(mission),
    }
    for minutes in Canvases(engine, clock).every_minutes(mission):
        day = minutes.sitting.occurrence.start.astimezone(ctx.tz).date()
        name = f"releve-de-decisions-{minutes.sitting.meeting.number}-{day.isoformat()}.docx"
        files[name] = minutes_docx(minutes, ctx=ctx, names=names)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written
