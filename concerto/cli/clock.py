"""`concerto clock`: the scheduler process (concerto.wiring, scheduler.clock); it never loads Bolt."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    clock = add_parser(
        "clock",
        help="run a clock (Procfile clock; any number at once): each delivers the due "
        "notifications, and the one holding the planning lock also plans, hourly",
    )
    clock.add_argument(
        "--interval",
        type=float,
        default=10.0,
        help="seconds between ticks (default 10; a tick that took a full batch is followed at once)",
    )
    clock.add_argument(
        "--lease",
        type=float,
        default=60.0,
        help="seconds a claim is held before another clock may recover it (default 60)",
    )
    clock.set_defaults(execute=execute)


def execute(args: Namespace) -> int:
    from concerto.wiring import run_clock_process

    return run_clock_process(interval=args.interval, lease=args.lease)
