"""The real `concerto clock` process under faults: killed mid-delivery, two at once, the database
away for a while. After each, every notification is sent exactly once: none twice, none lost."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from bot.dates import When
from bot.services.action_types import Draft
from sandbox.standin import TEAM, Fault, SlackStandIn
from storage.db import session_scope
from storage.models import Notification
from tests.conftest import CHANNEL, PARIS

UTC = timezone.utc


@pytest.fixture
def slack():
    with SlackStandIn() as standin:  # real time: the clock process runs on the system clock
        yield standin


def seed(box, slack, count: int, *, start: int = 0) -> list[str]:
    """`count` actions owned by fresh users, each with one reminder due now; returns the keys."""
    now = datetime.now(UTC)
    box.clock.set(now)
    services = box.runtime.services
    mission = services.missions.for_channel(TEAM, CHANNEL)
    keys = []
    for i in range(start, start + count):
        user = f"U0P{i:04d}"
        slack.add_user(user, f"p{i}", f"Person {i}")
        action = services.actions.create(mission, author=user, tz=PARIS,
                                         draft=Draft(f"Action {i}", (user,), When(date.today() + timedelta(days=60))))
        key = f"fault-test:{i}"
        with session_scope(box.runtime.engine) as s:
            s.add(Notification(team_id=TEAM, mission_id=mission.id, key=key, kind="action.due", entity="action",
                               entity_id=action.id, target=user, planned_at=now, run_at=now,
                               expires_at=now + timedelta(days=1), created_at=now, updated_at=now))
        keys.append(key)
    return keys


def start_clock(db_url: str, slack: SlackStandIn, tmp_path: Path, *, lease: float = 2.0) -> subprocess.Popen:
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-clock", "SLACK_SIGNING_SECRET": "clock-secret",
           "SLACK_API_URL": slack.api_url, "DATABASE_URL": db_url, "SLACK_APP_TOKEN": ""}
    log = open(tmp_path / f"clock-{time.monotonic_ns()}.log", "w")  # noqa: SIM115 — closed with the process
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "clock", "--interval", "0.3", "--lease", str(lease)],
                            env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)


def posted(slack: SlackStandIn) -> Counter:
    return Counter(m["metadata"]["event_payload"]["key"] for m in slack.posts() if m.get("metadata"))


def states(box, keys: list[str]) -> Counter:
    with Session(box.runtime.engine) as s:
        return Counter(r.state for r in s.exec(select(Notification)) if r.key in keys)


def wait_until(predicate, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise TimeoutError(what)


def figures(keys: list[str], slack: SlackStandIn) -> dict[str, int]:
    """The closing note's numbers: injected, delivered, duplicated, lost."""
    seen = posted(slack)
    return {"injected": len(keys), "delivered": sum(1 for k in keys if seen[k] >= 1),
            "duplicated": sum(seen[k] - 1 for k in keys if seen[k] > 1), "lost": sum(1 for k in keys if not seen[k])}


def db_url_for(box, tmp_path: Path) -> str:
    return box.runtime.engine.url.render_as_string(hide_password=False)


def test_clock_process_delivers_a_due_reminder(box, slack, tmp_path):
    keys = seed(box, slack, 1)
    proc = start_clock(db_url_for(box, tmp_path), slack, tmp_path)
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
    first = start_clock(db_url_for(box, tmp_path), slack, tmp_path)
    try:
        wait_until(lambda: len(posted(slack)) >= 4, what="some posts went out")
    finally:
        stop(first, signal.SIGKILL)  # mid-delivery: posts accepted by Slack, not yet recorded
    in_flight = states(box, keys)["sending"]
    second = start_clock(db_url_for(box, tmp_path), slack, tmp_path)
    try:
        wait_until(lambda: states(box, keys)["sent"] == 12, timeout=90, what="all delivered after restart")
    finally:
        stop(second)
    assert in_flight >= 1, "the kill should have left rows in flight"
    assert figures(keys, slack) == {"injected": 12, "delivered": 12, "duplicated": 0, "lost": 0}


def test_two_clocks_one_delivers_the_other_takes_over(box, slack, tmp_path):
    url = db_url_for(box, tmp_path)
    keys = seed(box, slack, 10)
    a = start_clock(url, slack, tmp_path)
    b = start_clock(url, slack, tmp_path)
    try:
        wait_until(lambda: states(box, keys)["sent"] == 10, what="first batch delivered")
        assert _is_leader(tmp_path, a) != _is_leader(tmp_path, b), "exactly one clock is active"
        leader = a if _is_leader(tmp_path, a) else b
        stop(leader, signal.SIGKILL)
        more = seed(box, slack, 10, start=10)
        wait_until(lambda: states(box, more)["sent"] == 10, timeout=60, what="the follower took over")
    finally:
        stop(a)
        stop(b)
    assert figures(keys + more, slack) == {"injected": 20, "delivered": 20, "duplicated": 0, "lost": 0}


def _is_leader(tmp_path: Path, proc: subprocess.Popen) -> bool:
    """Read the process's log: the active clock says so."""
    for log in tmp_path.glob("clock-*.log"):
        content = log.read_text()
        if f":{proc.pid} is the active clock" in content:
            return True
    return False


class Proxy:
    """A TCP proxy to PostgreSQL that can drop every connection, to take the database away."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.upstream)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.open = False
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.sockets.clear()

    def restore(self) -> None:
        self.open = True


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
        time.sleep(1.5)
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
