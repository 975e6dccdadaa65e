"""`concerto db upgrade|revision|backup|restore`: the database's migrations (storage.migrate) and its copies
(storage.backup); no Slack secret needed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from pathlib import Path

from concerto.settings import load_database_settings


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    db = add_parser("db", help="database migrations, backups")
    actions = db.add_subparsers(required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply every pending migration (Procfile release)").set_defaults(execute=upgrade)
    rev = actions.add_parser("revision", help="autogenerate a migration from model changes (developers)")
    rev.add_argument("-m", "--message", required=True)
    rev.set_defaults(execute=revision)
    backup_ = actions.add_parser("backup", help="a consistent copy of the database, while the app runs")
    backup_.add_argument("file", type=Path, help="where to write it (replaced if it exists)")
    backup_.set_defaults(execute=backup)
    restore_ = actions.add_parser("restore", help="bring a backup back (stop the app first; then db upgrade)")
    restore_.add_argument("file", type=Path, help="a file `concerto db backup` wrote")
    restore_.set_defaults(execute=restore)


def upgrade(args: Namespace) -> int:
    from storage import migrate

    migrate.upgrade(load_database_settings().database_url)
    return 0


def revision(args: Namespace) -> int:
    from storage import migrate

    migrate.revision(load_database_settings().database_url, args.message)
    return 0


def backup(args: Namespace) -> int:
    from storage.backup import backup_sqlite, pg_dump_command, sqlite_path
    from storage.db import normalize_url

    url = normalize_url(load_database_settings().database_url)
    if (database := sqlite_path(url)) is not None:
        backup_sqlite(database, args.file)
    elif _run(pg_dump_command(url, args.file)) != 0:
        return 1
    print(f"backed up to {args.file}")
    return 0


def restore(args: Namespace) -> int:
    from storage.backup import pg_restore_command, restore_sqlite, sqlite_path
    from storage.db import normalize_url

    if not args.file.is_file():
        print(f"concerto: no backup at {args.file}", file=sys.stderr)
        return 1
    url = normalize_url(load_database_settings().database_url)
    if (database := sqlite_path(url)) is not None:
        try:
            restore_sqlite(args.file, database)
        except sqlite3.DatabaseError as err:
            print(f"concerto: {args.file} is not a backup of this app's database ({err})", file=sys.stderr)
            return 1
    elif _run(pg_restore_command(url, args.file)) != 0:
        return 1
    print(f"restored from {args.file}; run `concerto db upgrade` if it was made by an earlier release")
    return 0


def _run(command: list[str]) -> int:
    try:
        return subprocess.run(command, check=False).returncode
    except FileNotFoundError:
        print(f"concerto: {command[0]} is not installed (PostgreSQL's client tools)", file=sys.stderr)
        return 1
