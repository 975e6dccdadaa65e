"""The Procfile processes for real: `concerto db upgrade` (release) and `concerto web` under gunicorn,
with the work process beside each of its workers."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.driver import SlackDriver
from sandbox.faults import empty_tables
from sandbox.standin import Fault, SlackStandIn
from storage.db import make_engine

CONCERTO = [sys.executable, "-m", "concerto.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as res:
                if res.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("web process never became healthy")


def work_processes(pid: int) -> list[int]:
    """The work processes under a gunicorn master (its workers' spawned children)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        found += work_processes(int(child))
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
            found.append(int(child))
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


@dataclass
class Web:
    proc: subprocess.Popen
    slack: SlackStandIn
    driver: SlackDriver

    def stop(self) -> float:
        """SIGTERM to the whole process group, as a platform does; when it was sent."""
        stopped = time.monotonic()
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)
        return stopped


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[Web]:
    url = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path / 'web.db'}"
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-process-test", "SLACK_SIGNING_SECRET": "process-secret",
           "DATABASE_URL": url, "PORT": str(free_port()), "SLACK_APP_TOKEN": ""}
    subprocess.run([*CONCERTO, "db", "upgrade"], env=env, cwd=tmp_path, check=True, timeout=120,
                   capture_output=True)
    engine = make_engine(url)
    empty_tables(engine)  # PostgreSQL is shared by the tests: no profile cached by an earlier one
    engine.dispose()
    with SlackStandIn() as slack:
        slack.add_channel("C0MISSION", "mission")
        slack.add_user("U0MARIE", "marie", "Marie Dubois")
        proc = subprocess.Popen([*CONCERTO, "web"], env={**env, "SLACK_API_URL": slack.api_url}, cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        base = f"http://127.0.0.1:{env['PORT']}"
        running = Web(proc, slack, SlackDriver(base, "process-secret", slack))
        try:
            wait_healthy(base, proc)
            yield running
        finally:
            if proc.poll() is None:
                running.stop()
        assert slack.state.violations == []


def add_action(web: Web) -> None:
    reply = web.driver.command("/action", "Réserver la salle pour vendredi", user="U0MARIE", channel="C0MISSION")
    assert reply.status == 200


def test_release_then_web_serves_signed_slack_requests(web):
    add_action(web)
    post = web.slack.wait_for(1, "chat.postMessage")[0]
    assert post.args["channel"] == "C0MISSION" and "Réserver la salle" in post.args["text"]
    forged = web.driver.post(web.driver.command_body("/action", "x", user="U0MARIE", channel="C0MISSION"),
                             "application/x-www-form-urlencoded", signature="v0=" + "1" * 64)
    assert forged.status == 401


def test_work_handed_over_is_finished_on_a_graceful_stop(web):
    """The web worker acks and hands the work to its work process; stopping the web process (SIGTERM
    to the whole group) still finishes what was handed over."""
    web.slack.inject("users.info", Fault(delay=1.5))  # the work is still reading who asks when the stop comes
    add_action(web)
    web.slack.wait_for(1, "users.info")
    stopped = web.stop()
    post = web.slack.wait_for(1, "chat.postMessage", timeout=5)[0]
    assert "Réserver la salle" in post.args["text"]
    assert post.at > stopped, "the work went on after the stop signal"


def test_a_dead_work_process_is_replaced(web):
    deadline = time.monotonic() + 30
    while len(dead := work_processes(web.proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the second gunicorn worker may still be starting
    assert len(dead) == 2, "one beside each of the two gunicorn workers"
    for pid in dead:
        os.kill(pid, signal.SIGKILL)
    while any(running(pid) for pid in dead):  # gone, not just signalled
        time.sleep(0.05)
    for _ in range(4):  # whichever worker takes each request finds its work process gone
        add_action(web)
    assert len(web.slack.wait_for(4, "chat.postMessage", timeout=20)) == 4
    assert not set(work_processes(web.proc.pid)) & set(dead)
