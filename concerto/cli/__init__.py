"""`concerto …`: one module per command here, and the commands other packages add (the offline demo).

Each command module has `add(add_parser)`, which adds its parser with the function it runs as the
`execute` default (args -> exit code); a package above the root adds its own the same way through the
`concerto.commands` entry point (pyproject.toml), so the root never imports it. A module loads what its
command needs only when it runs: `concerto clock` loads no Bolt, `concerto --help` no app at all.
"""

from __future__ import annotations

import argparse
from importlib.metadata import entry_points

from concerto.cli import clock, closing, db, export, outbox, people, plan, run, timeline, web, work

COMMANDS = (
    run,
    web,
    work,
    db,
    clock,
    outbox,
    export,
    timeline,
    plan,
    people,
    closing,
)  # in the order `concerto --help` lists


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="concerto", description="Concerto, the Slack bot of a public consultation mission."
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add(sub.add_parser)
    for added in entry_points(group="concerto.commands"):  # e.g. testing.demo: the root never imports it
        added.load()(sub.add_parser)
    args = parser.parse_args(argv)
    return args.execute(args)
