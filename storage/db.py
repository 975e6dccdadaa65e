"""Engine and sessions. SQLite (a WAL file) by default, PostgreSQL through DATABASE_URL.

Services name `Engine` and `Session` from here: only storage/ speaks SQLAlchemy."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine as Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session as Session
from sqlmodel import SQLModel, create_engine

DEFAULT_URL = "sqlite:///concerto.db"

Conflict = IntegrityError  # a unique key already taken, as services name it
_READ_ONLY = "concerto_read_only"


def normalize_url(url: str | None) -> str:
    """Accept the URL forms hosting platforms hand out and pick the psycopg 3 driver."""
    if not url:
        return DEFAULT_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None, *, synchronous_commit: str = "on") -> Engine:
    """`synchronous_commit` (PostgreSQL's): "off" trades the durability of the last commits, should the
    database crash, for faster ones (docs/operations.md); SQLite keeps `synchronous=NORMAL` under WAL."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        if engine.url.database and engine.url.database != ":memory:":
            _WRITERS[engine] = WriteTurn(Path(engine.url.database + "-writer"))
        return engine
    options = {} if synchronous_commit == "on" else {"options": f"-c synchronous_commit={synchronous_commit}"}
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, connect_args=options)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # WAL lets the web and clock processes read while one writes; busy_timeout makes a
    # writer wait for the other instead of failing with "database is locked".
    dbapi_conn.isolation_level = None  # transactions are begun explicitly below
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock at BEGIN so that two writers queue instead of deadlocking on
    # upgrade; a reader (read_scope) reads its WAL snapshot and never waits for the lock, and may not
    # write: what it wrote would never be committed.
    reader = bool(conn.get_execution_options().get(_READ_ONLY))
    conn.exec_driver_sql(f"PRAGMA query_only={int(reader)}")
    conn.exec_driver_sql("BEGIN" if reader else "BEGIN IMMEDIATE")


class WriteTurn:
    """The turn to write in one SQLite file, across the threads and processes using it. SQLite lets one
    writer in at a time and makes the others poll, sleeping up to 100 ms between looks, so a burst of
    short writes (the inbox's records) spends most of its time asleep. Here the threads of a process
    queue on a lock, woken the moment it is given back, and one of them at a time looks every half
    millisecond for the other processes' turn (an advisory lock on a file beside the database)."""

    TIMEOUT = 30.0  # as long as SQLite's own busy timeout
    LOOK = 0.0005  # seconds between two looks at another process's turn

    def __init__(self, path: Path) -> None:
        self.path, self.lock, self.fd, self.pid = path, threading.Lock(), -1, 0

    @contextmanager
    def held(self) -> Iterator[None]:
        deadline = time.monotonic() + self.TIMEOUT
        if not self.lock.acquire(timeout=self.TIMEOUT):
            raise TimeoutError(f"no turn to write in {self.path.name} for {self.TIMEOUT:.0f} s")
        try:
            if self.pid != os.getpid():  # a forked child: a lock of its own
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            while not self._taken():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no turn to write in {self.path.name} for {self.TIMEOUT:.0f} s")
                time.sleep(self.LOOK)
            try:
                yield
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.lock.release()

    def _taken(self) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False


_WRITERS: dict[Engine, WriteTurn] = {}


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed if the block succeeds, rolled back otherwise (on a SQLite file,
    in its turn: WriteTurn)."""
    turn = _WRITERS.get(engine)
    with turn.held() if turn else nullcontext(), Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work that only reads: one consistent snapshot, and on SQLite no write lock, so a
    burst of reads neither queues behind writers nor holds them up. Nothing is committed, and a
    write fails rather than vanish."""
    with Session(_reader(engine), expire_on_commit=False) as session:
        yield session


@cache
def _reader(engine: Engine) -> Engine:
    """The engine as read_scope uses it: a write in it fails at once, on PostgreSQL as on SQLite."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(**{_READ_ONLY: True}, postgresql_readonly=True)
    return engine.execution_options(**{_READ_ONLY: True})


def insert_once(engine: Engine, row: SQLModel, *, or_update: bool = False) -> bool:
    """Insert `row` in its own transaction; False if its unique key was already taken (by a
    concurrent request, or an earlier delivery of the same event). With `or_update`, a row already
    there is updated instead, and False means a concurrent request inserted it first."""
    try:
        with session_scope(engine) as session:
            if or_update:
                session.merge(row)
            else:
                session.add(row)
        return True
    except IntegrityError:
        return False


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database could not be reached (a restart, a failover, the network), rather than
    that a statement was wrong: what failed on it may succeed once it is back."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated
