"""Real `concerto web` and `concerto work` processes around a Slack stand-in, for the process tests."""

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
from sandbox.standin import SlackStandIn
from storage.db import make_engine
from testing.faults import stop
from testing.harness import empty_tables

CONCERTO = [sys.executable, "-m", "concerto.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
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
    """`concerto web` (started again at will), and `concerto work` processes beside it, all logging to files."""

    env: dict
    folder: Path
    slack: SlackStandIn
    driver: SlackDriver
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.env['PORT']}"

    def start(self, **env: str) -> None:
        log = self.folder / f"web-{time.monotonic_ns()}.log"
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                [*CONCERTO, "web"],
                env={**self.env, **env},
                cwd=self.folder,
                stdout=subprocess.DEVNULL,
                stderr=out,
                start_new_session=True,
            )
        wait_healthy(self.base, self.proc, log)

    def start_work(self, **env: str) -> subprocess.Popen:
        """A `concerto work` process of its own, as on another machine."""
        with open(self.folder / f"work-{time.monotonic_ns()}.log", "w") as out:
            return subprocess.Popen(
                [*CONCERTO, "work"],
                env={**self.env, **env},
                cwd=self.folder,
                stdout=subprocess.DEVNULL,
                stderr=out,
                start_new_session=True,
            )

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """A signal to the whole process group (SIGTERM, as a platform does); when it was sent."""
        stopped = time.monotonic()
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)
            if sig == signal.SIGKILL:  # the work processes beside the workers are gone too
                while any(running(pid) for pid in _group(self.proc.pid)):
                    time.sleep(0.05)
        return stopped


def _group(pgid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split(") ")[1].split()
        except (FileNotFoundError, IndexError):
            continue
        if int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """A stand-in on real time, for a real clock process (it runs on the system clock)."""
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def web_env() -> dict:
    """Settings the web process starts with (a test module may override this fixture)."""
    return {}


@pytest.fixture
def web(tmp_path: Path, database_url: str, web_env: dict) -> Iterator[Web]:
    url = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path / 'web.db'}"
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-process-test",
        "SLACK_SIGNING_SECRET": "process-secret",
        "DATABASE_URL": url,
        "PORT": str(free_port()),
        "SLACK_APP_TOKEN": "",
        **web_env,
    }
    subprocess.run([*CONCERTO, "db", "upgrade"], env=env, cwd=tmp_path, check=True, timeout=120, capture_output=True)
    engine = make_engine(url)
    empty_tables(engine)  # PostgreSQL is shared by the tests: no profile cached by an earlier one
    engine.dispose()
    with SlackStandIn() as slack:
        slack.add_channel("C0MISSION", "mission")
        slack.add_user("U0MARIE", "marie", "Marie Dubois")
        env["SLACK_API_URL"] = slack.api_url
        running = Web(env, tmp_path, slack, SlackDriver(f"http://127.0.0.1:{env['PORT']}", "process-secret", slack))
        try:
            running.start()
            yield running
        finally:
            running.stop()
        assert slack.state.violations == []


@pytest.fixture
def web_clock(web: Web) -> Iterator[subprocess.Popen]:
    """A `concerto clock` beside `web`, ticking every second: it takes over what a work process left in flight."""
    with open(web.folder / "clock.log", "w") as out:
        proc = subprocess.Popen(
            [*CONCERTO, "clock", "--interval", "1"], env=web.env, cwd=web.folder, stderr=out, start_new_session=True
        )
    yield proc
    stop(proc)
