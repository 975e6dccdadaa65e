"""Storage: migrations match the models, instants round-trip in UTC, numbering is race-free, a read
never waits for a writer, what a round preloads is looked up without a query."""

from __future__ import annotations

import gc
import threading
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.event import listen, remove
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, select

from bot.actions.values import Draft
from bot.clock import ManualClock
from bot.services import build_services
from storage.db import WriteTurn, make_engine, read_scope, session_scope
from storage.models import Mission, SlackUser
from storage.outbox import drop_expired
from storage.prefetch import get, keep, kept, preload
from storage.queries import mission_by_channel


def test_migrations_create_exactly_the_models(box):
    with box.runtime.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_instants_round_trip_as_aware_utc(box):
    paris = datetime(2027, 3, 28, 3, 30, tzinfo=ZoneInfo("Europe/Paris"))
    with session_scope(box.runtime.engine) as s:
        s.add(Mission(team_id="T", channel_id="C", created_at=paris, updated_at=paris))
    with session_scope(box.runtime.engine) as s:
        got = s.exec(select(Mission)).one()
        assert got.created_at == paris and got.created_at.tzinfo == timezone.utc


def test_naive_datetimes_are_refused(box):
    with pytest.raises(Exception, match="naive"):
        with session_scope(box.runtime.engine) as s:
            naive = datetime(2027, 1, 1)
            s.add(Mission(team_id="T", channel_id="C", created_at=naive, updated_at=naive))


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_concurrent_creators_get_distinct_numbers(box):
    clock = ManualClock(datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc))
    services = build_services(box.runtime.engine, clock, "Europe/Paris")
    mission = services.missions.for_channel("T0CONCERTO", "C0MISSION")
    numbers: list[int] = []
    errors: list[Exception] = []

    def create(i: int) -> None:
        try:
            for k in range(5):
                view = services.actions.create(
                    mission, author="U1", draft=Draft(f"a{i}-{k}", ()), tz=ZoneInfo("Europe/Paris")
                )
                numbers.append(view.number)
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == list(range(1, 41))


def test_missions_are_created_once_under_concurrency(box):
    services = box.runtime.services
    found: list[int] = []
    threads = [
        threading.Thread(target=lambda: found.append(services.missions.for_channel("T9", "C9").id)) for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(found) == 6 and len(set(found)) == 1


def test_writers_of_a_sqlite_file_take_turns_across_processes(tmp_path):
    """Each WriteTurn stands for a process (its own open file): while one holds the turn, another waits,
    and gives up after its timeout rather than hang."""
    first, second = WriteTurn(tmp_path / "db-writer"), WriteTurn(tmp_path / "db-writer")
    second.TIMEOUT = 0.2
    with first.held():
        with pytest.raises(TimeoutError):
            with second.held():
                pass
    with second.held():  # given back: the turn passes at once
        pass


UTC = timezone.utc


def test_a_read_does_not_wait_for_a_writer(box):
    engine = box.runtime.engine
    with session_scope(engine) as session:
        session.add(
            Mission(
                team_id="T0CONCERTO", channel_id="C0FIRST", created_at=datetime.now(UTC), updated_at=datetime.now(UTC)
            )
        )
    writing, read_done = threading.Event(), threading.Event()
    seen: list[object] = []

    def writer() -> None:
        with session_scope(engine) as session:
            session.add(
                Mission(
                    team_id="T0CONCERTO",
                    channel_id="C0SECOND",
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                )
            )
            session.flush()  # the write lock is held from here to the commit
            writing.set()
            seen.append(read_done.wait(timeout=20))  # the reader must finish while we hold it

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(timeout=20)
    with read_scope(engine) as session:
        first = mission_by_channel(session, "C0FIRST")
        second = mission_by_channel(session, "C0SECOND")
    read_done.set()
    thread.join(timeout=30)
    assert seen == [True], "the read waited for the writer to commit"
    assert first is not None and second is None, "a read sees committed rows only"


def test_a_write_in_a_read_scope_fails_rather_than_vanish(box):
    """A read scope never commits: a write in it would be lost without a word. It is refused at once, on
    SQLite (`query_only`) and on PostgreSQL (a read-only transaction); a write scope after it still writes."""
    engine, now = box.runtime.engine, datetime(2026, 12, 4, tzinfo=timezone.utc)
    with session_scope(engine) as session:
        session.add(Mission(team_id="T0READ", channel_id="C0READ", created_at=now, updated_at=now))
    renaming = text("UPDATE missions SET channel_name = :name WHERE channel_id = 'C0READ'")
    with pytest.raises(DBAPIError, match="(?i)read.?only"), read_scope(engine) as session:
        session.execute(renaming, {"name": "lost"})
    with session_scope(engine) as session:
        session.execute(renaming, {"name": "kept"})
    with read_scope(engine) as session:
        assert session.scalar(text("SELECT channel_name FROM missions WHERE channel_id = 'C0READ'")) == "kept"


def test_synchronous_commit_is_the_operators_choice_on_postgresql(database_url):
    """On by default (a commit answered is on disk); off when DATABASE_SYNCHRONOUS_COMMIT says so."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's setting (the suite's PostgreSQL leg)")
    for chosen, engine in (
        ("on", make_engine(database_url)),
        ("off", make_engine(database_url, synchronous_commit="off")),
    ):
        with engine.connect() as conn:
            assert conn.execute(text("SHOW synchronous_commit")).scalar() == chosen
        engine.dispose()


def test_what_is_preloaded_is_looked_up_without_a_query_absent_rows_too(box):
    """A round of notifications reads its people and their settings at once: afterwards a lookup of one of
    them, or of one who has none (most have no settings), runs no query, by a simple or a composite key."""
    engine, now = box.runtime.engine, datetime(2026, 12, 4, tzinfo=timezone.utc)
    with session_scope(engine) as session:
        session.add(Mission(team_id="T0PRE", channel_id="C0PRE", created_at=now, updated_at=now))
        session.add(SlackUser(team_id="T0PRE", user_id="U0HERE", timezone="Europe/London", fetched_at=now))
    queries: list[str] = []

    def seen(_conn, _cursor, statement, *_rest) -> None:
        queries.append(statement)

    with read_scope(engine) as session:
        mission_id = session.exec(select(Mission.id).where(Mission.channel_id == "C0PRE")).one()
        preload(session, SlackUser, [("T0PRE", "U0HERE"), ("T0PRE", "U0AWAY")])
        preload(session, Mission, [mission_id, mission_id + 1000])
        gc.collect()  # what was loaded stays in the session while nothing else holds it
        listen(engine, "before_cursor_execute", seen)
        try:
            here = get(session, SlackUser, ("T0PRE", "U0HERE"))
            assert here is not None and here.timezone == "Europe/London"
            assert get(session, SlackUser, ("T0PRE", "U0AWAY")) is None
            assert get(session, Mission, mission_id) is not None
            assert get(session, Mission, mission_id + 1000) is None
            keep(session, "owners", {mission_id: ["U0HERE"]})  # what a batch query found, by key
            assert kept(session, "owners", mission_id) == ["U0HERE"]
            assert kept(session, "owners", mission_id + 1000) is None
        finally:
            remove(engine, "before_cursor_execute", seen)
    assert queries == []
    with read_scope(engine) as session:  # another scope knows nothing of it: asked as usual
        assert get(session, SlackUser, ("T0PRE", "U0HERE")) is not None
        assert kept(session, "owners", mission_id) is None


def test_what_expired_is_found_by_its_index_not_by_reading_every_pending_row(box):
    """Each tick drops what expired in one statement. Found through the expiry index, it reads what expired;
    before, it read every pending row (an idle tick with 100,000 pending took 33 ms on SQLite, not 2).
    The plan is SQLite's (PostgreSQL's planner scans a small table whatever the index)."""
    engine = box.runtime.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    executed: list[tuple[str, tuple]] = []

    def seen(_conn, _cursor, statement, parameters, *_rest) -> None:
        executed.append((statement, parameters))

    listen(engine, "before_cursor_execute", seen)
    try:
        with session_scope(engine) as session:
            drop_expired(session, now=datetime(2026, 12, 4, tzinfo=timezone.utc), reason="test", keep=("digest",))
    finally:
        remove(engine, "before_cursor_execute", seen)
    statement, parameters = next((s, p) for s, p in executed if s.lstrip().upper().startswith("UPDATE"))
    with engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    assert "ix_notifications_expiry" in plan, plan
