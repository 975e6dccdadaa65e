"""A consistent copy of the database while the app runs, and bringing one back.

SQLite: its online backup API (a file copy of a WAL database taken mid-write can be torn; the backup API
copies one consistent state, the processes writing meanwhile). PostgreSQL: `pg_dump` in its custom format,
which is consistent by construction (one transaction), and `pg_restore` to bring it back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.db import normalize_url


def sqlite_path(url: str | None) -> Path | None:
    """The database file of a SQLite URL; None for another database (or an in-memory one)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup_sqlite(database: Path, to: Path) -> None:
    """Copy `database` into `to` (replaced), consistent whatever writes meanwhile."""
    if not database.exists():
        raise FileNotFoundError(database)
    to.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as source, sqlite3.connect(to) as copy:
        source.backup(copy)
    copy.close()
    source.close()


def restore_sqlite(copy: Path, database: Path) -> None:
    """Bring the backup `copy` back as `database` (the app stopped: what was written since is replaced)."""
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as source:
        source.execute("PRAGMA quick_check").fetchone()  # a file that is no database fails here, not halfway
        with sqlite3.connect(database) as target:
            source.backup(target)
        target.close()
    source.close()


def pg_dump_command(url: str, to: Path) -> list[str]:
    """The `pg_dump` line that backs PostgreSQL up (the password, if any, from the URL or PGPASSWORD)."""
    return ["pg_dump", "--format=custom", f"--file={to}", _libpq(url)]


def pg_restore_command(url: str, copy: Path) -> list[str]:
    """The `pg_restore` line that brings a `pg_dump` back, replacing what is there."""
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq(url)}", str(copy)]


def _libpq(url: str) -> str:
    """The URL as libpq reads it (no SQLAlchemy driver suffix)."""
    return make_url(normalize_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)
