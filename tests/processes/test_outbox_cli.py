"""`concerto outbox`: what an operator sees, and retrying a failed notification."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlmodel import Session, select

from storage.db import session_scope
from storage.models import Notification
from tests.conftest import CHANNEL, MARIE


def outbox(box, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    env.pop("SLACK_BOT_TOKEN", None)  # it needs the database only
    return subprocess.run(
        [sys.executable, "-m", "concerto.cli", "outbox", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_lists_pending_and_failed_and_retries(box):
    box.driver.command("/action", "Réserver la salle pour vendredi", user=MARIE, channel=CHANNEL)
    listed = outbox(box)
    assert listed.returncode == 0
    assert "action.before" in listed.stdout and "2026-12-03 09:00" in listed.stdout
    assert "5 notification(s)" in listed.stdout
    assert "2 notification(s)" in outbox(box, "--until", "2026-12-04 10h").stdout

    with session_scope(box.runtime.engine) as s:
        row = s.exec(select(Notification).where(Notification.kind == "action.before")).one()
        row.state, row.last_error, row.attempts = "failed", "channel_not_found", 1
        failed_id = row.id
    failed = outbox(box, "--failed")
    assert "channel_not_found" in failed.stdout and "1 notification(s)" in failed.stdout
    assert outbox(box, "retry", str(failed_id)).returncode == 0
    with Session(box.runtime.engine) as s:
        again = s.get(Notification, failed_id)
    assert (again.state, again.attempts, again.last_error) == ("pending", 0, None)
    refused = outbox(box, "retry", str(failed_id))
    assert refused.returncode == 1 and "nothing to retry" in refused.stderr
