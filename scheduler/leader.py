"""Only one clock plans at a time. PostgreSQL: a session advisory lock; SQLite: a file lock.

Both are released by the operating system or the database when the holder dies, so a waiting
clock takes over the planning without anyone cleaning up.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

LOCK_KEY = 0x636F6E63  # "conc"


class Leadership:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None
        self._fd: int | None = None

    @property
    def _sqlite_lock_path(self) -> Path:
        return Path(self.engine.url.database or "concerto.db").with_suffix(".clock.lock")

    def try_acquire(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar():
                conn.commit()
                self._conn = conn
                return True
            conn.close()
            return False
        fd = os.open(self._sqlite_lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def held(self) -> bool:
        """Still ours? (A PostgreSQL restart drops the session and the lock with it.)"""
        if self._fd is not None:
            return True
        if self._conn is None:
            return False
        try:
            row = self._conn.execute(
                text(
                    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = :k AND granted "
                    "AND pid = pg_backend_pid()"
                ),
                {"k": LOCK_KEY},
            ).first()
            self._conn.commit()
            return row is not None
        except Exception:  # noqa: BLE001 — a broken connection means the lock is gone
            return False

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def someone_plans(engine: Engine) -> bool:
    """Whether a clock holds the planning lock right now (for an operator's metrics; it takes nothing)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            held = text("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = :k AND granted")
            return conn.execute(held, {"k": LOCK_KEY}).first() is not None
    probe = Leadership(engine)
    if probe.try_acquire():  # free: nobody plans (and it is let go at once)
        probe.release()
        return False
    return True
