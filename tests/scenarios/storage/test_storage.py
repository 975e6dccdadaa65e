"""Storage: migrations match the models, instants round-trip in UTC, numbering is race-free."""
from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import Session, SQLModel, delete, select

from bot.actions.values import Draft
from bot.clock import ManualClock
from bot.people.values import Profile
from bot.services import build_services
from concerto.handoff import Recorder
from concerto.work import InboxWorker
from handlers.identity import known
from storage.db import WriteTurn, make_engine, session_scope
from storage.inbox import Recorded, inbox_engine
from storage.models import InboxRequest, Mission


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
                view = services.actions.create(mission, author="U1", draft=Draft(f"a{i}-{k}", ()),
                                               tz=ZoneInfo("Europe/Paris"))
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
    threads = [threading.Thread(target=lambda: found.append(services.missions.for_channel("T9", "C9").id))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(found) == 6 and len(set(found)) == 1


def test_user_profiles_are_cached_for_a_day(box):
    people = box.runtime.services.people
    assert people.cached("T", "U1") is None
    people.learn("T", "U1", Profile("Asia/Tokyo", "en-US"))
    assert people.cached("T", "U1") == Profile("Asia/Tokyo", "en-US")
    box.clock.advance(timedelta(days=1, minutes=1))
    assert people.cached("T", "U1") is None  # asked again…
    assert people.last_known("T", "U1") == Profile("Asia/Tokyo", "en-US")  # …and known meanwhile


def test_user_profile_survives_slack_being_down(box):
    class Down:
        def users_info(self, **_: object) -> None:
            raise ConnectionError("no route")

    profile = known(box.runtime.services, "T", "U2", Down())
    assert profile.timezone is None and profile.zone("Europe/Paris") == ZoneInfo("Europe/Paris")


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


def test_acks_recorded_together_each_once(box):
    """A burst of acks shares commits (concerto.handoff.Recorder); a retry arriving with its original
    is not new, whichever batch each lands in."""
    engine = inbox_engine(box.runtime.engine)
    with session_scope(engine) as s:
        s.exec(delete(InboxRequest))
    recorder = Recorder(engine, box.runtime.services.clock.now)
    requests = [Recorded(f"trigger:{i % 20}:work", "body", "{}") for i in range(40)]
    with ThreadPoolExecutor(16) as pool:
        new = list(pool.map(recorder.record, requests))
    recorded_now = Counter(r.key for r, added in zip(requests, new, strict=True) if added)
    assert recorded_now == Counter({f"trigger:{i}:work": 1 for i in range(20)})
    with Session(engine) as s:
        assert sorted(s.exec(select(InboxRequest.key))) == sorted({r.key for r in requests})
        s.exec(delete(InboxRequest))
        s.commit()


def test_a_stopping_work_process_writes_the_done_marks_of_what_it_ran(box):
    """Done marks ride with the next claim (concerto.work); a process asked to stop while a request still
    runs has no next claim, and writes them on its way out: nothing it ran is run again."""
    engine = inbox_engine(box.runtime.engine)
    with session_scope(engine) as s:
        s.exec(delete(InboxRequest))
    Recorder(engine, box.runtime.services.clock.now).record(Recorded("trigger:1:work", "body", "{}"))
    stop = threading.Event()

    class App:  # what the work process dispatches to: a request still running when the stop comes
        def dispatch(self, request) -> None:
            stop.set()
            time.sleep(0.3)

    InboxWorker(App(), box.runtime.engine).serve(stop.is_set)
    with Session(engine) as s:
        assert [r.state for r in s.exec(select(InboxRequest))] == ["done"]
        s.exec(delete(InboxRequest))
        s.commit()
