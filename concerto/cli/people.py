"""`concerto people export|forget U…`: what Concerto holds about one person, written out as JSON (GDPR Art. 15
and 20), or erased (Art. 17) — the mission's record kept under a pseudonym (storage.personal)."""

from __future__ import annotations

import re
import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from concerto.settings import load_database_settings

PERSON = re.compile(r"[UW][A-Z0-9]{2,20}")


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    people = add_parser("people", help="one person's data: export it, or forget them (GDPR)")
    actions = people.add_subparsers(required=True, metavar="ACTION")
    out = actions.add_parser("export", help="everything held about a person, as JSON (Art. 15, 20)")
    out.add_argument("user", help="their Slack user id (U…)")
    out.add_argument("--out", help="a file (default: standard output)")
    out.set_defaults(execute=export)
    forget_ = actions.add_parser("forget", help="erase a person; what they did stays, under a pseudonym (Art. 17)")
    forget_.add_argument("user", help="their Slack user id (U…)")
    forget_.add_argument("--yes", action="store_true", help="really: it cannot be undone")
    forget_.set_defaults(execute=forget)


def export(args: Namespace) -> int:
    from storage.db import make_engine, read_scope
    from storage.personal import as_json, export_person

    if not PERSON.fullmatch(args.user):
        print(f"concerto: {args.user!r} is no Slack user id", file=sys.stderr)
        return 2
    with read_scope(make_engine(load_database_settings().database_url)) as session:
        text = as_json(export_person(session, args.user, datetime.now(timezone.utc)))
    if args.out in (None, "-"):
        print(text)
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def forget(args: Namespace) -> int:
    from bot.people.personal import forget
    from storage.db import make_engine, session_scope
    from storage.inbox import inbox_engine
    from storage.personal import forget_requests

    if not PERSON.fullmatch(args.user):
        print(f"concerto: {args.user!r} is no Slack user id", file=sys.stderr)
        return 2
    if not args.yes:
        print(f"concerto: forgetting {args.user} cannot be undone; export first, then add --yes", file=sys.stderr)
        return 1
    engine = make_engine(load_database_settings().database_url)
    with session_scope(engine) as session:
        done = forget(session, args.user, datetime.now(timezone.utc))
    with session_scope(inbox_engine(engine)) as session:
        requests = forget_requests(session, args.user)
    print(f"{args.user} forgotten: now {done.pseudonym!r} in the missions' record")
    print(f"  deleted: {done.deleted}")
    print(f"  pseudonymised: {done.pseudonymised}")
    print(f"  notifications withdrawn: {done.withdrawn}; requests run, no longer kept: {requests}")
    return 0
