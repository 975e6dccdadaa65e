"""The Procfile processes for real: `concerto db upgrade` (release) and `concerto web` under gunicorn,
with the work process beside each of its workers."""

from __future__ import annotations

import os
import signal
import time

from sandbox.faults import Fault
from tests.processes.harness import Web, running, work_processes


def add_action(web: Web) -> None:
    reply = web.driver.command("/action", "Réserver la salle pour vendredi", user="U0MARIE", channel="C0MISSION")
    assert reply.status == 200


def test_release_then_web_serves_signed_slack_requests(web):
    add_action(web)
    post = web.slack.wait_for(1, "chat.postMessage")[0]
    assert post.args["channel"] == "C0MISSION" and "Réserver la salle" in post.args["text"]
    forged = web.driver.post(
        web.driver.command_body("/action", "x", user="U0MARIE", channel="C0MISSION"),
        "application/x-www-form-urlencoded",
        signature="v0=" + "1" * 64,
    )
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
