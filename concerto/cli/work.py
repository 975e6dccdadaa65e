"""`concerto work`: a work process of its own (concerto.work), on any machine, sharing the inbox."""
from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable

from concerto.settings import load_settings


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    work = add_parser("work", help="claim and run the requests the web processes acknowledged, on any machine "
                                   "(optional: not in the shipped Procfile)")
    work.add_argument("--threads", type=int, default=4, help="requests run at once (default 4)")
    work.set_defaults(execute=execute)


def execute(args: Namespace) -> int:
    settings = load_settings()  # fail here, with one clear line, rather than in every thread
    from concerto.web import work_runtime
    from concerto.work import run_work_process

    return run_work_process(work_runtime, threads=args.threads, lease=settings.inbox_lease)
