"""The durable hand-off through the real processes: what the web process acknowledged is in the inbox
before the ack, so a SIGKILL of the web process or of a work process loses none of it, and runs none of
it twice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections import Counter

import pytest
from sqlmodel import Session, select

from sandbox.faults import Fault
from storage.db import make_engine
from storage.inbox import inbox_engine
from storage.models import InboxRequest
from testing.faults import stop, wait_until
from tests.processes.harness import Web

LEASE = "2"  # seconds before what a dead work process ran is claimed again


@pytest.fixture
def web_env() -> dict:
    return {"INBOX_LEASE": LEASE}


def carried_out(web: Web) -> Counter:
    """The actions whose creation reached the channel, by text: each must be there once."""
    return Counter(
        m["text"].split("Burst ")[1].split(" ")[0]
        for m in web.slack.posts("C0MISSION")
        if "Burst " in m.get("text", "")
    )


def inbox(web: Web) -> Counter:
    engine = make_engine(web.env["DATABASE_URL"])
    try:
        with Session(inbox_engine(engine)) as s:
            return Counter((r.state, r.attempts) for r in s.exec(select(InboxRequest)))
    finally:
        engine.dispose()


def burst(web: Web, count: int) -> None:
    for i in range(count):
        reply = web.driver.command("/action", f"Burst {i:02d} atelier", user="U0MARIE", channel="C0MISSION")
        assert reply.status == 200, "acknowledged"


def test_sigkill_of_web_mid_burst_loses_nothing_acknowledged(web):
    """20 commands acknowledged, then SIGKILL of the web process group (workers and their work processes)
    while the work is still waiting on Slack: after a restart, each is carried out once."""
    web.slack.inject("users.info", *[Fault(delay=3)] * 8)  # every work thread is held before it writes
    burst(web, 20)
    assert len(web.slack.posts("C0MISSION")) == 0, "the work was still to do when the kill came"
    web.stop(signal.SIGKILL)
    web.start()
    wait_until(lambda: len(carried_out(web)) == 20, timeout=90, what="every acknowledged command carried out")
    wait_until(lambda: set(inbox(web)) <= {("done", 1), ("done", 2)}, timeout=30, what="every request marked done")
    assert carried_out(web) == Counter({f"{i:02d}": 1 for i in range(20)})


def test_sigkill_of_work_mid_request_runs_it_again_once(web):
    """The web process only acks (WEB_WORK=false); a `concerto work` process is killed while it runs a
    request; another one claims it when its lease runs out, and it is carried out once."""
    web.stop()
    web.start(WEB_WORK="false")
    web.slack.inject("users.info", Fault(delay=30))  # the request is mid-way when the kill comes
    first = web.start_work()
    try:
        burst(web, 1)
        web.slack.wait_for(1, "users.info", timeout=30)
        stop(first, signal.SIGKILL)
        assert inbox(web) == Counter({("running", 1): 1})
        second = web.start_work()
        try:
            wait_until(lambda: len(carried_out(web)) == 1, timeout=60, what="the request carried out")
            wait_until(lambda: inbox(web) == Counter({("done", 2): 1}), timeout=30, what="marked done")
        finally:
            stop(second)
    finally:
        stop(first)
    assert carried_out(web) == Counter({"00": 1})


def test_a_retry_from_slack_is_not_run_twice(web):
    """Slack sends a request again when the ack was late: the same signed body, a new signature."""
    body = web.driver.command_body("/action", "Burst 00 atelier", user="U0MARIE", channel="C0MISSION")
    retry: dict = {}
    for _ in range(2):
        assert web.driver.post(body, "application/x-www-form-urlencoded", extra_headers=retry).status == 200
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    wait_until(lambda: len(carried_out(web)) == 1, timeout=30, what="carried out")
    wait_until(lambda: inbox(web) == Counter({("done", 1): 1}), timeout=30, what="recorded once, done")
    assert carried_out(web) == Counter({"00": 1})


def test_a_form_opens_from_the_ack_and_is_filled_by_the_work(web):
    """`/action` alone opens its modal from the web worker, on the loading view, whether or not a work
    process is there; the form itself is handed over like any work, and takes the loading view's place."""
    web.stop()
    web.start(WEB_WORK="false")  # no work process yet
    assert web.driver.command("/action", "", user="U0MARIE", channel="C0MISSION").status == 200
    opened = web.slack.wait_for(1, "views.open", timeout=10)[0]
    assert opened.result["ok"] and "callback_id" not in opened.args["view"]
    assert inbox(web) == Counter({("pending", 0): 1})
    work = web.start_work()
    try:
        form = web.slack.wait_for(1, "views.update", timeout=30)[0]
        assert form.args["external_id"] == opened.args["view"]["external_id"] and form.result["ok"]
        assert form.args["view"]["callback_id"] == "action_create"
        wait_until(lambda: inbox(web) == Counter({("done", 1): 1}), timeout=10, what="marked done")
    finally:
        stop(work)


def test_a_workflow_step_killed_mid_way_and_sent_again_by_slack_ends_once(web):
    """Workflow Builder runs Concerto's *Create an action* step; the `concerto work` process running it is
    SIGKILLed while it waits on Slack, and Slack sends the event again (its answer was late). Another work
    process runs it to its end: one action, posted once, the step ended once."""
    web.stop()
    web.start(WEB_WORK="false")
    web.slack.add_user("U0TOM", "tom", "Tom Baker")
    first = web.start_work()
    second = None
    try:
        burst(web, 1)  # the channel's mission, as any first command makes it
        wait_until(lambda: len(carried_out(web)) == 1, timeout=30, what="the mission's first action")
        web.slack.inject("users.info", Fault(delay=30))  # the step is mid-way when the kill comes
        inputs = {"channel": "C0MISSION", "text": "Burst 01 atelier", "requested_by": {"id": "U0TOM", "secret": "s"}}
        event = web.slack.start_step("create_action", inputs, team="T0CONCERTO")
        assert web.driver.event(event, event_id="Ev0STEP").status == 200
        web.slack.wait_for(1, "users.info", timeout=30)
        stop(first, signal.SIGKILL)
        assert web.driver.event(event, event_id="Ev0STEP", retry=True).status == 200
        second = web.start_work()
        execution = event["function_execution_id"]
        wait_until(lambda: web.slack.execution(execution).state != "running", timeout=60, what="the step ended")
        wait_until(lambda: set(inbox(web)) <= {("done", 1), ("done", 2)}, timeout=30, what="marked done")
    finally:
        stop(first)
        if second is not None:
            stop(second)
    assert web.slack.execution(execution).state == "completed"
    assert web.slack.execution(execution).outputs["action_number"] == 2
    assert carried_out(web) == Counter({"00": 1, "01": 1})
    assert [c.result["ok"] for c in web.slack.calls("functions.completeSuccess")] == [True]
    assert sum(inbox(web).values()) == 2, "Slack's retry was recorded once: the command's row and the step's"


def restart_postgresql() -> None:
    """A fast restart of the machine's PostgreSQL cluster, as an operator's or a failover's: every open
    connection is cut."""
    (version,) = os.listdir("/etc/postgresql")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        timeout=60,
        capture_output=True,
    )


def test_a_postgresql_restart_mid_burst_loses_no_acknowledged_request(web, web_clock, database_url):
    """20 commands acknowledged, their work waiting on Slack when PostgreSQL restarts: the work that meets
    the database away is given back to the inbox and run again once it answers; a post whose delivery the
    restart cut is the clock's once its claim runs out. Each is carried out once
    (before, one acknowledged request in 58 was marked done after an apology, and lost)."""
    if not database_url.startswith("postgres") or shutil.which("pg_ctlcluster") is None:
        pytest.skip("a PostgreSQL this machine can restart (the suite's PostgreSQL leg)")
    web.slack.inject("users.info", *[Fault(delay=2)] * 8)  # the work writes once Slack answers: after the restart
    burst(web, 20)
    restart_postgresql()
    wait_until(lambda: len(carried_out(web)) == 20, timeout=120, what="every acknowledged command carried out")
    wait_until(lambda: set(inbox(web)) <= {("done", 1), ("done", 2), ("done", 3)}, timeout=60, what="all done")
    assert carried_out(web) == Counter({f"{i:02d}": 1 for i in range(20)})
