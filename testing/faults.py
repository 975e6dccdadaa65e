"""Fault injection around the real `concerto clock` process: seeding due notifications, starting
and killing clocks, a TCP proxy that takes PostgreSQL away, and the exactly-once figures.
Used by the tests and by `bench/faults.py`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.actions.values import Draft
from bot.dates import When
from sandbox.standin import TEAM, SlackStandIn
from storage.db import session_scope
from storage.models import Notification
from testing.harness import Sandbox

UTC = timezone.utc
PARIS = ZoneInfo("Europe/Paris")
CHANNEL = "C0MISSION"  # the mission the notifications are seeded in


def seed(box: Sandbox, slack: SlackStandIn, count: int, *, start: int = 0) -> list[str]:
    """`count` actions owned by fresh users, each with one reminder due now; returns the keys."""
    now = datetime.now(UTC)
    box.clock.set(now)
    services = box.runtime.services
    mission = services.missions.for_channel(TEAM, CHANNEL)
    keys = []
    for i in range(start, start + count):
        user = f"U0P{i:04d}"
        slack.add_user(user, f"p{i}", f"Person {i}")
        action = services.actions.create(
            mission, author=user, tz=PARIS, draft=Draft(f"Action {i}", (user,), When(date.today() + timedelta(days=60)))
        )
        services.courier.deliver(TEAM, "action", action.id)  # its post, as the command's work process would
        key = f"fault-test:{i}"
        with session_scope(box.runtime.engine) as s:
            s.add(
                Notification(
                    team_id=TEAM,
                    mission_id=mission.id,
                    key=key,
                    kind="action.due",
                    entity="action",
                    entity_id=action.id,
                    target=user,
                    planned_at=now,
                    run_at=now,
                    expires_at=now + timedelta(days=1),
                    created_at=now,
                    updated_at=now,
                )
            )
        keys.append(key)
    return keys


def start_clock(
    db_url: str, slack: SlackStandIn, folder: Path, *, lease: float = 2.0, credentials: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """A real `concerto clock`, ticking every 0.3 s, logging to a file in `folder`. `credentials`:
    the Slack settings (default: one workspace's bot token)."""
    env = {
        **os.environ,
        **(credentials or {"SLACK_BOT_TOKEN": "xoxb-clock"}),
        "SLACK_SIGNING_SECRET": "clock-secret",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": db_url,
        "SLACK_APP_TOKEN": "",
    }
    log = open(folder / f"clock-{time.monotonic_ns()}.log", "w")  # noqa: SIM115 — closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "concerto.cli", "clock", "--interval", "0.3", "--lease", str(lease)],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Signal the process's whole group (a clock's threads and children go with it) and reap it."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)


def posted(slack: SlackStandIn) -> Counter[str]:
    """How many times Slack accepted a post of each notification key (in the post's metadata)."""
    return Counter(m["metadata"]["event_payload"]["key"] for m in slack.posts() if m.get("metadata"))


def states(box: Sandbox, keys: list[str]) -> Counter[str]:
    """How many of these notifications are in each state (pending, sent…)."""
    with Session(box.runtime.engine) as s:
        return Counter(r.state for r in s.exec(select(Notification)) if r.key in keys)


def wait_until(predicate: Callable[[], bool], timeout: float = 60, what: str = "condition") -> None:
    """Poll `predicate` every 0.1 s; TimeoutError naming `what` if it never holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise TimeoutError(what)


def figures(keys: list[str], slack: SlackStandIn) -> dict[str, int]:
    """The closing note's numbers: injected, delivered, duplicated, lost."""
    seen = posted(slack)
    return {
        "injected": len(keys),
        "delivered": sum(1 for k in keys if seen[k] >= 1),
        "duplicated": sum(seen[k] - 1 for k in keys if seen[k] > 1),
        "lost": sum(1 for k in keys if not seen[k]),
    }


def db_url_for(box: Sandbox) -> str:
    """The sandbox's database URL, password included, for a process of its own."""
    return box.runtime.engine.url.render_as_string(hide_password=False)


def is_leader(folder: Path, proc: subprocess.Popen[bytes]) -> bool:
    """Read the clocks' logs: the planning clock says so (every clock delivers; one plans)."""
    return any(f":{proc.pid} is the planning clock" in log.read_text() for log in folder.glob("clock-*.log"))


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
