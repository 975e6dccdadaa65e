"""The real `concerto clock` process under faults: killed mid-delivery, two at once, the database
away for a while. After each, every notification is sent exactly once: none twice, none lost."""

from __future__ import annotations

import signal
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, text
from sqlmodel import Session

from sandbox.faults import Fault
from testing.faults import (
    Proxy,
    db_url_for,
    figures,
    is_leader,
    posted,
    seed,
    start_clock,
    states,
    stop,
    wait_until,
)

UTC = timezone.utc


def test_clock_process_delivers_a_due_reminder(box, slack, tmp_path):
    keys = seed(box, slack, 1)
    proc = start_clock(db_url_for(box), slack, tmp_path)
    try:
        wait_until(lambda: states(box, keys)["sent"] == 1, what="the reminder was delivered")
    finally:
        stop(proc)
    assert proc.returncode == 0
    assert figures(keys, slack) == {"injected": 1, "delivered": 1, "duplicated": 0, "lost": 0}
    assert slack.state.violations == []


def test_sigkill_mid_delivery_then_restart(box, slack, tmp_path):
    keys = seed(box, slack, 12)
    slack.inject("chat.postMessage", *[Fault(delay=0.4)] * 12)  # Slack accepts each post, answers slowly
    first = start_clock(db_url_for(box), slack, tmp_path)
    try:
        wait_until(lambda: len(posted(slack)) >= 4, what="some posts went out")
    finally:
        stop(first, signal.SIGKILL)  # mid-delivery: posts accepted by Slack, not yet recorded
    in_flight = states(box, keys)["sending"]
    second = start_clock(db_url_for(box), slack, tmp_path)
    try:
        wait_until(lambda: states(box, keys)["sent"] == 12, timeout=90, what="all delivered after restart")
    finally:
        stop(second)
    assert in_flight >= 1, "the kill should have left rows in flight"
    assert figures(keys, slack) == {"injected": 12, "delivered": 12, "duplicated": 0, "lost": 0}


def test_two_clocks_deliver_one_plans_the_other_takes_over_planning(box, slack, tmp_path):
    url = db_url_for(box)
    keys = seed(box, slack, 10)
    a = start_clock(url, slack, tmp_path)
    b = start_clock(url, slack, tmp_path)
    try:
        wait_until(lambda: states(box, keys)["sent"] == 10, what="first batch delivered")
        wait_until(lambda: is_leader(tmp_path, a) or is_leader(tmp_path, b), what="one clock plans")
        assert is_leader(tmp_path, a) != is_leader(tmp_path, b), "exactly one clock plans"
        leader, follower = (a, b) if is_leader(tmp_path, a) else (b, a)
        stop(leader, signal.SIGKILL)
        more = seed(box, slack, 10, start=10)
        wait_until(lambda: states(box, more)["sent"] == 10, timeout=60, what="the other clock delivered")
        wait_until(lambda: is_leader(tmp_path, follower), timeout=60, what="the other clock took over planning")
    finally:
        stop(a)
        stop(b)
    assert figures(keys + more, slack) == {"injected": 20, "delivered": 20, "duplicated": 0, "lost": 0}


def test_two_clocks_deliver_together_and_keep_the_pace(box, slack, tmp_path):
    """Both clocks claim and post at once, to the same three people: nothing twice, nothing lost, and
    posts to one conversation at least a second apart whichever clock sends them (the stand-in answers
    429 to any post that comes sooner)."""
    people = ["U0P0000", "U0P0001", "U0P0002"]
    keys = seed(box, slack, 24)
    with Session(box.runtime.engine) as s:  # 8 each
        for i, key in enumerate(keys):
            s.exec(
                text(
                    "UPDATE action_owners SET user_id = :u WHERE action_id = "
                    "(SELECT entity_id FROM notifications WHERE key = :k)"
                ),
                params={"u": people[i % 3], "k": key},
            )
            s.exec(
                text("UPDATE notifications SET target = :u, run_at = :at WHERE key = :k"),
                params={"u": people[i % 3], "k": key, "at": datetime(2100, 1, 1)},
            )
        s.commit()
    slack.state.rate_limit = 1.0
    url = db_url_for(box)
    clocks = [start_clock(url, slack, tmp_path), start_clock(url, slack, tmp_path)]
    try:
        wait_until(
            lambda: sum(" delivers " in log.read_text() for log in tmp_path.glob("clock-*.log")) == 2,
            what="both clocks ticking",
        )
        start = datetime.now(UTC).replace(tzinfo=None)
        with Session(box.runtime.engine) as s:  # due in bursts of 2 per person every half second
            for i, key in enumerate(keys):
                s.exec(
                    text("UPDATE notifications SET run_at = :at WHERE key = :k"),
                    params={"k": key, "at": start + timedelta(seconds=(i // 6) / 2)},
                )
            s.commit()
        wait_until(lambda: states(box, keys)["sent"] == 24, timeout=90, what="all delivered")
    finally:
        for clock in clocks:
            stop(clock)
    assert figures(keys, slack) == {"injected": 24, "delivered": 24, "duplicated": 0, "lost": 0}
    calls = slack.since(0, "chat.postMessage")
    assert [c for c in calls if not c.result.get("ok")] == [], "no post came sooner than Slack allows"
    senders = [
        log.name
        for log in tmp_path.glob("clock-*.log")
        if any("tick: TickReport" in line and "sent=0," not in line for line in log.read_text().splitlines())
    ]
    assert len(senders) == 2, "both clocks delivered"


def test_database_away_for_a_while(box, slack, tmp_path):
    url = box.runtime.engine.url
    keys = seed(box, slack, 6)
    if url.get_backend_name() == "postgresql":
        proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        with Session(box.runtime.engine) as s:  # hold the rows back until the database is "down"
            s.exec(text("UPDATE notifications SET run_at = run_at + interval '4 seconds'"))
            s.commit()
        proc = start_clock(proxied, slack, tmp_path)
        wait_until(lambda: is_leader(tmp_path, proc), timeout=60, what="the clock is active")  # slow on a busy machine
        proxy.cut()  # the clock loses its connections and its lock; it exits, as designed
        time.sleep(4)
        proxy.restore()
        procs = [proc]
        if proc.poll() is not None:  # the platform restarts a clock that ended
            assert proc.returncode == 3
            procs.append(start_clock(proxied, slack, tmp_path))
    else:
        lock = create_engine(f"sqlite:///{url.database}", connect_args={"timeout": 30}).raw_connection()
        lock.execute("BEGIN EXCLUSIVE")  # nobody else may read or write the file for a while
        procs = [start_clock(url.render_as_string(), slack, tmp_path)]
        time.sleep(3)
        assert posted(slack) == Counter()
        lock.rollback()
        lock.close()
    try:
        wait_until(lambda: states(box, keys)["sent"] == 6, timeout=60, what="delivered once the database is back")
    finally:
        for p in procs:
            stop(p)
    assert figures(keys, slack) == {"injected": 6, "delivered": 6, "duplicated": 0, "lost": 0}
