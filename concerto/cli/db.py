"""`concerto db upgrade|revision`: the database's migrations (storage.migrate); no Slack secret needed."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable

from concerto.settings import load_database_settings


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    db = add_parser("db", help="database migrations")
    actions = db.add_subparsers(required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply every pending migration (Procfile release)").set_defaults(execute=upgrade)
    rev = actions.add_parser("revision", help="autogenerate a migration from model changes (developers)")
    rev.add_argument("-m", "--message", required=True)
    rev.set_defaults(execute=revision)


def upgrade(args: Namespace) -> int:
    from storage import migrate

    migrate.upgrade(load_database_settings().database_url)
    return 0


def revision(args: Namespace) -> int:
    from storage import migrate

    migrate.revision(load_database_settings().database_url, args.message)
    return 0
