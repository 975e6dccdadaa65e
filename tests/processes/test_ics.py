"""`concerto export ics` run as a process: the calendar written to a file, an unknown channel refused."""

from __future__ import annotations

import os
import subprocess
import sys

from icalendar import Calendar

from tests.conftest import CHANNEL
from tests.scenarios.meetings.test_ics import meeting


def test_cli_export(box, tmp_path):
    meeting(box, 'add weekly "Réunion" every tuesday 09:30')
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    out = tmp_path / "plan.ics"
    done = subprocess.run(
        [sys.executable, "-m", "concerto.cli", "export", "ics", "--channel", CHANNEL, "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Réunion"
    missing = subprocess.run(
        [sys.executable, "-m", "concerto.cli", "export", "ics", "--channel", "C0NOPE"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1 and "no mission in channel C0NOPE" in missing.stderr
