"""`concerto outbox`: a plain table of notifications for operators."""
from __future__ import annotations

import argparse
import os
import sys
from zoneinfo import ZoneInfo

from bot.clock import SystemClock
from bot.dates import DateError, parse_when
from bot.services.notifications import Outbox
from storage.db import make_engine

STATES = {"pending": ("pending", "sending"), "failed": ("failed",),
          "all": ("pending", "sending", "sent", "failed", "dropped", "cancelled")}


def show_outbox(args: argparse.Namespace) -> int:
    """Needs only the database: no Slack token is read."""
    tz = ZoneInfo(os.environ.get("DEFAULT_TIMEZONE") or "Europe/Paris")
    outbox = Outbox(make_engine(os.environ.get("DATABASE_URL")), SystemClock())
    if args.outbox_command == "retry":
        if outbox.retry(args.id):
            print(f"notification {args.id} is queued again")
            return 0
        print(f"concerto: notification {args.id} is not failed or dropped; nothing to retry", file=sys.stderr)
        return 1
    until = None
    if args.until:
        try:
            until = parse_when(args.until, SystemClock().now().astimezone(tz)).deadline(tz)
        except DateError as err:
            print(f"concerto: cannot read the date '{err.fragment}'", file=sys.stderr)
            return 2
    states = STATES["failed" if args.failed else "all" if args.all else "pending"]
    rows = outbox.list(states=states, until=until)
    print(f"{'id':>6}  {'state':9}  {'when (' + tz.key + ')':22}  {'kind':16}  {'to':12}  {'tries':>5}  last error")
    for r in rows:
        when = r.run_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        print(f"{r.id:>6}  {r.state:9}  {when:22}  {r.kind:16}  {r.target:12}  {r.attempts:>5}  {r.last_error or ''}")
    print(f"{len(rows)} notification(s)")
    return 0
