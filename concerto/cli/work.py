"""`concerto work`: a work process of its own (concerto.work), on any machine, sharing the inbox."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable

from concerto.settings import load_settings


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    work = add_parser(
        "work",
        help="claim and run the requests the web processes acknowledged, on any machine "
        "(optional: not in the shipped Procfile)",
    )
    # 8 is concerto.work.THREADS, read when the command runs (concerto.work loads Bolt: not for every command)
    work.add_argument(
        "--threads", type=int, help="requests run at once (default 8, as in the work process beside each web worker)"
    )
    work.set_defaults(execute=execute)


def execute(args: Namespace) -> int:
    settings = load_settings()  # a missing setting stops here, with one clear line
    from concerto.web import work_runtime
    from concerto.work import THREADS, run_work_process

    threads = THREADS if args.threads is None else args.threads
    return run_work_process(work_runtime, threads=threads, lease=settings.inbox_lease)
