"""`concerto export ics|actions`: a channel's meetings or its action and decision log, for people outside Slack."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    export = add_parser("export", help="export data for people outside Slack")
    what = export.add_subparsers(required=True, metavar="WHAT")
    calendar = what.add_parser("ics", help="a channel's meetings as an iCalendar (.ics) file")
    calendar.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    calendar.add_argument("--team", help="the Slack team id: only that workspace's mission")
    calendar.add_argument("--out", help="file to write (default: standard output)")
    calendar.set_defaults(execute=ics)
    log = what.add_parser("actions", help="the action and decision log (CSV, UTF-8 with BOM, ';')")
    log.add_argument("--format", choices=("csv",), default="csv")
    log.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    log.add_argument("--team", help="the Slack team id: only that workspace's mission")
    log.add_argument("--out", help="file to write (default: standard output)")
    log.set_defaults(execute=actions)


def ics(args: Namespace) -> int:
    from bot.meetings.service import Meetings
    from concerto.cli.mission import export_mission

    return export_mission(args, lambda engine, clock, mission: Meetings(engine, clock).calendar(mission))


def actions(args: Namespace) -> int:
    from bot.actions.export import Exports
    from concerto.cli.mission import export_mission

    return export_mission(args, lambda engine, clock, mission: Exports(engine, clock).actions_csv(mission))
