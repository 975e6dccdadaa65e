"""What holds when a mission grows large: lists count what they leave out up to a point, reads
never wait for a writer, and a burst of changes redraws each Home once per queued redraw."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert

from bot.actions.values import COUNT_UP_TO, hidden_count
from bot.once import Once
from storage.db import read_scope, session_scope
from storage.models import Action, Mission
from storage.queries import mission_by_channel
from tests.conftest import CHANNEL, MARIE
from tests.slackcheck import all_text, only

UTC = timezone.utc


def test_hidden_counts_are_exact_up_to_the_limit():
    assert hidden_count(45, 40) == "5"
    assert hidden_count(COUNT_UP_TO, 40) == str(COUNT_UP_TO - 40)
    assert hidden_count(COUNT_UP_TO + 1, 40) == f"{COUNT_UP_TO - 40}+"


def test_a_huge_list_says_how_many_more_without_counting_them_all(box):
    box.driver.command("/action", "Première action pour vendredi", user=MARIE, channel=CHANNEL)
    services = box.runtime.services
    mission = services.missions.for_channel("T0CONCERTO", CHANNEL)
    now = box.clock.now()
    rows = [{"team_id": "T0CONCERTO", "mission_id": mission.id, "number": n, "text": f"Action {n}", "status": "open",
             "created_by": MARIE, "created_at": now, "updated_at": now, "due_all_day": False,
             "due_at": None if n % 2 else now + timedelta(days=n % 30)}
            for n in range(2, COUNT_UP_TO + 100)]
    with box.runtime.engine.begin() as conn:
        conn.execute(insert(Action), rows)
    mark = box.slack.mark()
    box.driver.command("/action", "list all", user=MARIE, channel=CHANNEL)
    listing = all_text(only(box.slack.since(mark), "respond").args)
    assert f"{COUNT_UP_TO - 40}+" in listing
    assert listing.index("*#30*") < listing.index("*#60*") < listing.index("*#2*"), "soonest due first, then by number"
    assert "*#3*" not in listing, "undated ones wait behind the dated"


def test_a_read_does_not_wait_for_a_writer(box):
    engine = box.runtime.engine
    with session_scope(engine) as session:
        session.add(Mission(team_id="T0CONCERTO", channel_id="C0FIRST", created_at=datetime.now(UTC),
                            updated_at=datetime.now(UTC)))
    writing, read_done = threading.Event(), threading.Event()
    seen: list[object] = []

    def writer() -> None:
        with session_scope(engine) as session:
            session.add(Mission(team_id="T0CONCERTO", channel_id="C0SECOND", created_at=datetime.now(UTC),
                                updated_at=datetime.now(UTC)))
            session.flush()  # the write lock is held from here to the commit
            writing.set()
            seen.append(read_done.wait(timeout=20))  # the reader must finish while we hold it

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(timeout=20)
    with read_scope(engine) as session:
        first = mission_by_channel(session, "T0CONCERTO", "C0FIRST")
        second = mission_by_channel(session, "T0CONCERTO", "C0SECOND")
    read_done.set()
    thread.join(timeout=30)
    assert seen == [True], "the read waited for the writer to commit"
    assert first is not None and second is None, "a read sees committed rows only"


class QueuedExecutor:
    """Holds submitted jobs until the test runs them: what a busy listener executor looks like."""

    def __init__(self) -> None:
        self.jobs: list = []

    def submit(self, fn, *args):
        self.jobs.append((fn, args))

    def run_all(self) -> None:
        jobs, self.jobs = self.jobs, []
        for fn, args in jobs:
            fn(*args)


def test_once_coalesces_jobs_waiting_in_the_queue():
    executor, ran = QueuedExecutor(), []
    once = Once(executor)
    assert once.submit(("home", "U1"), ran.append, "U1 first")
    assert not once.submit(("home", "U1"), ran.append, "U1 again")
    assert once.submit(("home", "U2"), ran.append, "U2")
    executor.run_all()
    assert ran == ["U1 first", "U2"]
    assert once.submit(("home", "U1"), ran.append, "U1 later"), "a key is forgotten once its job has run"
    executor.run_all()
    assert ran[-1] == "U1 later"


def test_a_change_during_a_job_queues_one_more():
    executor, ran = QueuedExecutor(), []
    once = Once(executor)

    def redraw() -> None:
        ran.append("redraw")
        if len(ran) == 1:  # a change lands while the first redraw reads
            assert once.submit("home", redraw)

    once.submit("home", redraw)
    executor.run_all()
    executor.run_all()
    assert ran == ["redraw", "redraw"]


def test_a_failing_job_is_logged_and_forgotten(caplog):
    executor = QueuedExecutor()
    once = Once(executor)
    once.submit("home", lambda: 1 / 0)
    executor.run_all()
    assert "background job 'home' failed" in caplog.text
    assert once.submit("home", lambda: None)


def test_a_window_gathers_a_burst_into_one_job():
    executor, ran, timers = QueuedExecutor(), [], []
    once = Once(executor, window=1.0, later=lambda delay, fn: timers.append((delay, fn)))
    for change in range(300):
        once.submit(("home", "U1"), ran.append, f"after change {change}")
    assert [delay for delay, _ in timers] == [1.0] and executor.jobs == [], "nothing runs before the window ends"
    timers[0][1]()
    executor.run_all()
    assert ran == ["after change 0"]  # it reads the state as of now, which has all 300 changes


def test_two_first_requests_from_one_person_at_once(box):
    """Both fetch the profile from Slack and cache it; the second cache write must not fail the request."""
    from bot.people.values import Profile

    both_fetched = threading.Barrier(2, timeout=20)
    results, errors = [], []

    def fetch(_user: str) -> Profile:
        both_fetched.wait()  # neither has cached it yet
        return Profile("Europe/Paris", "fr-FR")

    def first_request() -> None:
        try:
            results.append(box.runtime.services.people.profile("T0CONCERTO", MARIE, fetch))
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=first_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and results == [Profile("Europe/Paris", "fr-FR")] * 2
