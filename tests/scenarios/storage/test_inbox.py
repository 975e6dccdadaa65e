"""The inbox of requests (storage/inbox.py) as the web and work processes use it: acks recorded together,
each once; a work process that stops writes the done marks of what it ran."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, delete, select

from concerto.handoff import Recorder
from concerto.work import InboxWorker
from handlers.listeners import reported
from storage.db import session_scope
from storage.inbox import Recorded, inbox_engine
from storage.models import InboxRequest


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


def test_work_that_met_the_database_away_is_run_again_once_it_is_back(box, monkeypatch):
    """A PostgreSQL restart mid-request: its work raises a connection error. It is not done (an acknowledged
    request would be lost) and nobody is told to try again (a retry of theirs could do it twice): the inbox
    gives it back and runs it again, whole, once the database answers."""
    engine = inbox_engine(box.runtime.engine)
    with session_scope(engine) as s:
        s.exec(delete(InboxRequest))
    Recorder(engine, box.runtime.services.clock.now).record(Recorded("trigger:2:work", "body", "{}"))
    stop, runs = threading.Event(), []

    @reported
    def work() -> None:
        runs.append(time.monotonic())
        if len(runs) == 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
        stop.set()

    class App:
        def dispatch(self, request) -> None:
            work()

    monkeypatch.setattr("concerto.work.AGAIN_AFTER", timedelta(0))
    deadline = time.monotonic() + 10
    InboxWorker(App(), box.runtime.engine).serve(lambda: stop.is_set() or time.monotonic() > deadline)
    with Session(engine) as s:
        (row,) = s.exec(select(InboxRequest))
        assert (row.state, row.attempts) == ("done", 2)
        s.exec(delete(InboxRequest))
        s.commit()
    assert len(runs) == 2


def test_a_purge_meeting_the_database_away_does_not_stop_the_work_process(box, monkeypatch):
    """The minute's purge of old requests fails (PostgreSQL restarting): the process goes on claiming."""
    engine = inbox_engine(box.runtime.engine)
    with session_scope(engine) as s:
        s.exec(delete(InboxRequest))
    Recorder(engine, box.runtime.services.clock.now).record(Recorded("trigger:3:work", "body", "{}"))
    stop = threading.Event()

    def away(session, *, before) -> int:
        raise OperationalError("DELETE", {}, Exception("the database system is shutting down"))

    class App:
        def dispatch(self, request) -> None:
            stop.set()

    monkeypatch.setattr("concerto.work.purge", away)
    deadline = time.monotonic() + 10
    InboxWorker(App(), box.runtime.engine).serve(lambda: stop.is_set() or time.monotonic() > deadline)
    with Session(engine) as s:
        assert [r.state for r in s.exec(select(InboxRequest))] == ["done"]
        s.exec(delete(InboxRequest))
        s.commit()
