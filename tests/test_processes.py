"""The Procfile processes for real: `concerto db upgrade` (release) and `concerto web` under gunicorn."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sandbox.driver import SlackDriver
from sandbox.standin import Fault, SlackStandIn

CONCERTO = [sys.executable, "-m", "bot.cli"]


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


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict:
    url = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path / 'web.db'}"
    return {**os.environ, "SLACK_BOT_TOKEN": "xoxb-process-test", "SLACK_SIGNING_SECRET": "process-secret",
            "DATABASE_URL": url, "PORT": str(free_port()), "SLACK_APP_TOKEN": ""}


def test_release_then_web_serves_signed_slack_requests(env, tmp_path):
    subprocess.run([*CONCERTO, "db", "upgrade"], env=env, cwd=tmp_path, check=True, timeout=120,
                   capture_output=True)
    with SlackStandIn() as slack:
        slack.add_channel("C0MISSION", "mission")
        slack.add_user("U0MARIE", "marie", "Marie Dubois")
        env = {**env, "SLACK_API_URL": slack.api_url}
        proc = subprocess.Popen([*CONCERTO, "web"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{env['PORT']}"
            wait_healthy(base, proc)
            driver = SlackDriver(base, "process-secret", slack)
            reply = driver.command("/action", "Réserver la salle pour vendredi", user="U0MARIE", channel="C0MISSION")
            assert reply.status == 200
            post = slack.wait_for(1, "chat.postMessage")[0]
            assert post.args["channel"] == "C0MISSION" and "Réserver la salle" in post.args["text"]
            forged = driver.post(driver.command_body("/action", "x", user="U0MARIE", channel="C0MISSION"),
                                 "application/x-www-form-urlencoded", signature="v0=" + "1" * 64)
            assert forged.status == 401
            assert slack.state.violations == []
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def test_work_handed_over_is_finished_on_a_graceful_stop(env, tmp_path):
    """The web worker acks and hands the work to its work process; stopping the web process (SIGTERM
    to the whole group, as a platform does) still finishes what was handed over."""
    subprocess.run([*CONCERTO, "db", "upgrade"], env=env, cwd=tmp_path, check=True, timeout=120,
                   capture_output=True)
    with SlackStandIn() as slack:
        slack.add_channel("C0MISSION", "mission")
        slack.add_user("U0MARIE", "marie", "Marie Dubois")
        env = {**env, "SLACK_API_URL": slack.api_url}
        proc = subprocess.Popen([*CONCERTO, "web"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{env['PORT']}"
            wait_healthy(base, proc)
            slack.inject("users.info", Fault(delay=1.5))  # the work is still reading who asks when the stop comes
            driver = SlackDriver(base, "process-secret", slack)
            reply = driver.command("/action", "Réserver la salle pour vendredi", user="U0MARIE", channel="C0MISSION")
            assert reply.status == 200
            slack.wait_for(1, "users.info")
        finally:
            stopped = time.monotonic()
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        post = slack.wait_for(1, "chat.postMessage", timeout=5)[0]
        assert "Réserver la salle" in post.args["text"]
        assert post.at > stopped, "the work went on after the stop signal"
