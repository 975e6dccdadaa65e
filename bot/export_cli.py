"""`concerto export ics`: a channel's meetings as an RFC 5545 file (needs only the database)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.services.meetings import Meetings
from storage.db import make_engine, session_scope
from storage.queries import missions_by_channel


def export_ics(args: argparse.Namespace) -> int:
    engine = make_engine(os.environ.get("DATABASE_URL"))
    with session_scope(engine) as session:
        missions = [m for m in missions_by_channel(session, args.channel) if args.team in (None, m.team_id)]
    if len(missions) != 1:
        why = "no mission" if not missions else "several teams; pass --team"
        print(f"concerto: {why} for channel {args.channel}", file=sys.stderr)
        return 1
    data = Meetings(engine, SystemClock()).calendar(missions[0])
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out}")
    return 0
