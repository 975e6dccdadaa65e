"""`GET /readyz` on the real web process: ready while a real clock ticks; not ready, and saying why, once no
clock has ticked for READY_CLOCK_SILENCE seconds, or once a request has waited in the inbox for longer than
READY_INBOX_WAIT (no work process runs it). `/healthz` stays 200 all along: alive is not ready."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.processes.harness import CONCERTO


@pytest.fixture
def web_env() -> dict:
    return {"READY_CLOCK_SILENCE": "2", "READY_INBOX_WAIT": "2", "WEB_WORK": "false"}


def probe(web, path: str = "/readyz") -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(web.base + path, timeout=5) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def until(web, status: int, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code, body = probe(web)
        if code == status:
            return body
        time.sleep(0.2)
    raise AssertionError(f"/readyz never answered {status}: {probe(web)}")


def test_ready_while_a_clock_ticks_and_not_once_it_is_silent_or_requests_wait(web):
    assert until(web, 503)["clock"] == "silent: never ticked"
    clock = subprocess.Popen(
        [*CONCERTO, "clock", "--interval", "0.3", "--lease", "2"],
        env=web.env,
        cwd=web.folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert until(web, 200) == {"status": "ready", "database": "ok", "clock": "ok", "inbox": "ok"}
        web.driver.command("/action", "Relancer la CCI", user="U0MARIE", channel="C0MISSION")  # acked, not run
        waiting = until(web, 503)
        assert waiting["clock"] == "ok" and waiting["inbox"].startswith("a request has waited since")
        assert probe(web, "/healthz")[0] == 200, "alive all the same"
        work = web.start_work()
        try:
            until(web, 200)
        finally:
            work.send_signal(signal.SIGTERM)
            work.wait(timeout=30)
    finally:
        clock.send_signal(signal.SIGKILL)
        clock.wait(timeout=30)
    assert until(web, 503)["clock"].startswith("silent since ")
