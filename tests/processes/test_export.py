"""`concerto export actions` run as a process, and the same log exported from Slack."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import CHANNEL, MARIE
from tests.scenarios.actions.test_export import rows, seed


def test_cli_and_slack_export(box, tmp_path):
    seed(box)
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    out = tmp_path / "log.csv"
    done = subprocess.run(
        [sys.executable, "-m", "concerto.cli", "export", "actions", "--channel", CHANNEL, "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(rows(out.read_bytes())) == 3
    mark = box.slack.mark()
    box.driver.command("/concerto", "export", user=MARIE, channel=CHANNEL)
    assert [c.method for c in box.slack.since(mark) if c.method.startswith("files.")] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    (shared,) = box.slack.state.shared
    assert shared["channel"] == CHANNEL and len(rows(shared["bytes"])) == 3
