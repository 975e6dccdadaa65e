"""The offline demo, scene by scene (testing.demo.script), and the `concerto demo` subcommand it adds to
the CLI through the `concerto.commands` entry point (pyproject.toml): the composition root never imports it."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable


def command(add_parser: Callable[..., ArgumentParser]) -> None:
    """Add `demo` to the CLI (given its subparsers' `add_parser`); the demo's modules load only when it runs."""
    demo = add_parser("demo", help="play the offline demo: the real app, a scripted mission, no Slack account")
    demo.add_argument("--keep", metavar="DIR", help="keep the demo database in DIR instead of a temporary folder")
    demo.set_defaults(execute=_play)


def _play(args: Namespace) -> int:
    from testing.demo.script import play

    return play(keep=args.keep)
