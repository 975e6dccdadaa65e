"""`concerto outbox [retry ID]`: what will be sent, to whom and when; a failed or dropped one queued again.

Needs only the database: no Slack token is read."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from typing import TYPE_CHECKING

from concerto.settings import DatabaseSettings, load_database_settings

if TYPE_CHECKING:
    from bot.outbox import Outbox

STATES = {
    "pending": ("pending", "sending"),
    "failed": ("failed",),
    "all": ("pending", "sending", "sent", "failed", "dropped", "cancelled"),
}


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    outbox = add_parser("outbox", help="what will be sent, to whom and when; retry failed or dropped notifications")
    shown = outbox.add_mutually_exclusive_group()
    shown.add_argument("--pending", action="store_true", help="only what is waiting to be sent (the default)")
    shown.add_argument("--failed", action="store_true", help="only what could not be delivered")
    shown.add_argument("--all", action="store_true", help="everything, sent and cancelled included")
    outbox.add_argument("--until", metavar="WHEN", help="only what is due by then, e.g. 'friday 18:00' or 04/12")
    outbox.set_defaults(execute=show)
    again = outbox.add_subparsers(metavar="retry")
    queue = again.add_parser("retry", help="queue a failed or dropped notification again")
    queue.add_argument("id", type=int)
    queue.set_defaults(execute=retry)


def show(args: Namespace) -> int:
    from bot.clock import SystemClock
    from bot.dates import DateError, parse_when

    settings = load_database_settings()
    tz = settings.tz
    until = None
    if args.until:
        try:
            until = parse_when(args.until, SystemClock().now().astimezone(tz)).deadline(tz)
        except DateError as err:
            print(f"concerto: cannot read the date '{err.fragment}'", file=sys.stderr)
            return 2
    states = STATES["failed" if args.failed else "all" if args.all else "pending"]
    rows = _outbox(settings).list(states=states, until=until)
    print(f"{'id':>6}  {'state':9}  {'when (' + tz.key + ')':22}  {'kind':16}  {'to':12}  {'tries':>5}  last error")
    for r in rows:
        when = r.run_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        print(f"{r.id:>6}  {r.state:9}  {when:22}  {r.kind:16}  {r.target:12}  {r.attempts:>5}  {r.last_error or ''}")
    print(f"{len(rows)} notification(s)")
    return 0


def retry(args: Namespace) -> int:
    if _outbox(load_database_settings()).retry(args.id):
        print(f"notification {args.id} is queued again")
        return 0
    print(f"concerto: notification {args.id} is not failed or dropped; nothing to retry", file=sys.stderr)
    return 1


def _outbox(settings: DatabaseSettings) -> Outbox:
    from bot.clock import SystemClock
    from bot.outbox import Outbox
    from storage.db import make_engine

    return Outbox(make_engine(settings.database_url), SystemClock())
