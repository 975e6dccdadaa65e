"""`LOG_FORMAT=json` in the real processes: every line a log platform receives is one JSON object, a line
written while a notification is delivered names it (team, mission, key, target), one written while a
request is worked on names the request (its key, team, channel, user), and no secret is ever written."""

from __future__ import annotations

import json
import time

import pytest

from sandbox.faults import Fault
from testing.faults import db_url_for, seed, start_clock, states, stop, wait_until


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_the_clock_logs_json_lines_that_name_the_notification(box, slack, tmp_path):
    keys = seed(box, slack, 1)
    slack.inject("chat.postMessage", Fault(error="user_not_found"))  # refused for good: a warning is logged
    proc = start_clock(
        db_url_for(box), slack, tmp_path, credentials={"SLACK_BOT_TOKEN": "xoxb-clock", "LOG_FORMAT": "json"}
    )
    try:
        wait_until(lambda: states(box, keys)["failed"] == 1, what="the refusal was recorded")
    finally:
        stop(proc)
    (log,) = tmp_path.glob("clock-*.log")
    written = lines(log)  # each line parses, or this raises
    (failed,) = [w for w in written if "failed for good" in w["event"] and w["logger"] == "scheduler.delivery"]
    assert failed["level"] == "warning" and failed["notification"] == keys[0] and failed["team"] == "T0CONCERTO"
    assert failed["target"].startswith("U0P") and failed["timestamp"].endswith("Z")
    assert "xoxb-clock" not in log.read_text() and "clock-secret" not in log.read_text()


@pytest.fixture
def web_env() -> dict:
    return {"LOG_FORMAT": "json"}


def test_the_work_logs_json_lines_that_name_the_request(web):
    web.slack.inject("chat.postMessage", Fault(error="channel_not_found"))  # the action's post, refused
    web.driver.command("/action", "Relancer la CCI pour vendredi", user="U0MARIE", channel="C0MISSION")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        written = [w for log in web.folder.glob("web-*.log") for w in lines(log)]
        refused = [w for w in written if "failed for good" in w["event"] and w["logger"] == "scheduler.delivery"]
        if refused:
            break
        time.sleep(0.2)
    (line,) = refused
    assert line["request"] and line["kind"] == "/action"
    assert (line["team"], line["channel"], line["user"]) == ("T0CONCERTO", "C0MISSION", "U0MARIE")
    assert line["notification"].startswith("action:")
    text = "".join(log.read_text() for log in web.folder.glob("web-*.log"))
    assert "xoxb-process-test" not in text and "process-secret" not in text
