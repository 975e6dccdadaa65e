"""What holds when a mission grows large, on a real database: lists count what they leave out up to
a point, reads never wait for a writer, two first requests from one person at once."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert

from bot.actions.values import COUNT_UP_TO
from storage.db import read_scope, session_scope
from storage.models import Action, Mission
from storage.queries import mission_by_channel
from tests.conftest import CHANNEL, MARIE
from tests.slackcheck import all_text, only

UTC = timezone.utc


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
        first = mission_by_channel(session, "C0FIRST")
        second = mission_by_channel(session, "C0SECOND")
    read_done.set()
    thread.join(timeout=30)
    assert seen == [True], "the read waited for the writer to commit"
    assert first is not None and second is None, "a read sees committed rows only"


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
            results.append(box.runtime.services.people.learn("T0CONCERTO", MARIE, fetch(MARIE)))
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=first_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and results == [Profile("Europe/Paris", "fr-FR")] * 2
