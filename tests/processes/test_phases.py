"""`concerto timeline` run as a process: the mission plan's picture written to a file."""

from __future__ import annotations

from tests.conftest import CHANNEL
from tests.scenarios.phases.test_phases import import_example


def test_cli_timeline(box, tmp_path):
    import os
    import subprocess
    import sys

    import_example(box)
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    out = tmp_path / "plan.png"
    done = subprocess.run(
        [sys.executable, "-m", "concerto.cli", "timeline", "--channel", CHANNEL, "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000
