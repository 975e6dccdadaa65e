"""Settings at start-up: a missing one stops `concerto web` with one line naming it, never its value."""

from __future__ import annotations

import subprocess
import sys


def test_cli_stops_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SLACK_SIGNING_SECRET": "s3cr3t-signing"}
    done = subprocess.run(
        [sys.executable, "-m", "concerto.cli", "web"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "concerto: configuration error: SLACK_BOT_TOKEN is missing (one workspace), or SLACK_CLIENT_ID and "
        "SLACK_CLIENT_SECRET (installs in several workspaces) (set it in the environment or .env; see .env.example)"
    ]
    assert "s3cr3t" not in done.stderr
