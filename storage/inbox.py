"""The inbox: requests the web process acknowledged, recorded before the ack, claimed by work processes.

Recording is one INSERT of the requests a web worker acknowledges together, doing nothing for a key
already there (a retry of the same request by Slack); on PostgreSQL the same transaction notifies the
work processes (`NOTIFY concerto_inbox`, delivered at commit), and commits without waiting for the WAL
flush: visible to every process at once and kept through any crash of ours, lost only if PostgreSQL
itself crashes within the WAL writer's delay (≤ 3 × 200 ms) of the ack. Claims are one
`UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`: pending rows, and running rows
whose claimer's lease ran out (it died). A claimer renews its leases while it runs them and marks each
row done when its work returned; every change after the claim is
conditional on the claim still being its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import ColumnElement, Table, and_, delete, exists, func, or_, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import Session, col, select

from storage.db import Engine, make_engine
from storage.models import InboxRequest, table_of

CHANNEL = "concerto_inbox"


@cache
def inbox_engine(engine: Engine) -> Engine:
    """Where the inbox lives: PostgreSQL's own table; on SQLite, the same table in a file beside the
    database (`concerto.inbox.db`), so that recording a request never queues for the write lock behind
    the work of earlier ones (SQLite has one writer per file)."""
    if engine.dialect.name == "postgresql" or not engine.url.database or engine.url.database == ":memory:":
        return engine
    path = Path(engine.url.database)
    beside = make_engine(f"sqlite:///{path.with_name(path.stem + '.inbox' + path.suffix)}")
    InboxRequest.metadata.create_all(beside, tables=[table_of(InboxRequest)])
    return beside


@dataclass(frozen=True)
class Recorded:
    """A request to record: its retry identity and listener (`key`), and what its dispatch needs."""

    key: str
    body: str
    headers: str


def _inserts(insert: Callable[[Table], postgresql.Insert | sqlite.Insert]) -> ReturningInsert[str]:
    table = table_of(InboxRequest)
    return insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.key)


_INSERT = {"postgresql": _inserts(postgresql.insert), "sqlite": _inserts(sqlite.insert)}  # built once: compiled once


def record(session: Session, requests: list[Recorded], *, now: datetime) -> set[str]:
    """Record requests once, in one statement; the keys of those recorded now (a key already there is the
    same request, retried by Slack, and is left alone)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":  # the ack waits for no WAL flush (7 ms here): docs/operations.md#what-we-guarantee
        session.execute(text("SET LOCAL synchronous_commit TO off"))
    rows = [
        {"key": r.key, "body": r.body, "headers": r.headers, "state": "pending", "attempts": 0, "received_at": now}
        for r in requests
    ]
    added = set(session.execute(_INSERT[dialect], rows).scalars())
    if added and dialect == "postgresql":
        session.execute(text(f"NOTIFY {CHANNEL}"))
    return added


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        col(InboxRequest.state) == "pending",
        and_(col(InboxRequest.state) == "running", col(InboxRequest.claimed_until) < now),
    )


def waiting(session: Session, *, now: datetime) -> bool:
    """Anything to claim? A read, so that an idle SQLite poller never takes the write lock."""
    return bool(session.exec(select(exists().where(_claimable(now)))).one())


def claim(session: Session, *, now: datetime, worker: str, lease: timedelta, limit: int) -> list[InboxRequest]:
    ids = (
        select(InboxRequest.id)
        .where(_claimable(now))
        .order_by(col(InboxRequest.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        update(InboxRequest)
        .where(col(InboxRequest.id).in_(ids.scalar_subquery()), _claimable(now))
        .values(state="running", claimed_by=worker, claimed_until=now + lease, attempts=InboxRequest.attempts + 1)
        .returning(InboxRequest)
    )
    return list(session.execute(stmt, execution_options={"synchronize_session": False}).scalars())


def renew(session: Session, *, worker: str, now: datetime, lease: timedelta) -> int:
    """Extend the leases of everything `worker` is running (its heartbeat)."""
    stmt = (
        update(InboxRequest)
        .where(col(InboxRequest.state) == "running", col(InboxRequest.claimed_by) == worker)
        .values(claimed_until=now + lease)
    )
    return session.exec(stmt).rowcount


def _still_running(row_ids: list[int], worker: str) -> ColumnElement[bool]:
    """These rows, if `worker` still runs them (no other process took them over meanwhile)."""
    return and_(
        col(InboxRequest.id).in_(row_ids), col(InboxRequest.state) == "running", col(InboxRequest.claimed_by) == worker
    )


def finish(session: Session, row_ids: list[int], *, worker: str, now: datetime) -> int:
    """The done marks: these rows are never claimed again (those still `worker`'s)."""
    done = {"state": "done", "done_at": now, "claimed_by": None, "claimed_until": None}
    return session.exec(update(InboxRequest).where(_still_running(row_ids, worker)).values(**done)).rowcount


def release(session: Session, row_ids: list[int], *, worker: str, until: datetime) -> int:
    """Give rows back, to be claimed again from `until`: their work met the database away (run again)."""
    back = {"claimed_by": None, "claimed_until": until}
    return session.exec(update(InboxRequest).where(_still_running(row_ids, worker)).values(**back)).rowcount


def purge(session: Session, *, before: datetime) -> int:
    """Forget requests done before `before`: longer ago than Slack retries (its keys are no longer needed)."""
    stmt = delete(InboxRequest).where(col(InboxRequest.state) == "done", col(InboxRequest.done_at) < before)
    return session.exec(stmt).rowcount


def oldest_waiting(session: Session) -> datetime | None:
    """When the oldest request still waiting in the inbox came (None: none waits)."""
    return session.exec(select(func.min(InboxRequest.received_at)).where(InboxRequest.state == "pending")).one()
