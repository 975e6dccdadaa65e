"""`concerto plan import` run as a process: problems reported with their line and nothing imported,
then the example plan imported."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import CHANNEL, DIRECTOR
from tests.scenarios.missions.test_plan import EXAMPLE, SMALL, counts


def test_cli_reports_problems_and_imports_nothing(box, tmp_path):
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL + "  broken: {kind: weekly, title: B}\n")
    args = [sys.executable, "-m", "concerto.cli", "plan", "import"]
    failed = subprocess.run(
        [*args, str(bad), "--channel", CHANNEL, "--team", "T0CONCERTO", "--as", DIRECTOR],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 2
    assert f"{bad}: line 8: meeting 'broken': missing 'when'" in failed.stderr
    assert "nothing was imported" in failed.stderr
    assert counts(box) == {"Phase": 0, "Milestone": 0, "Meeting": 0}
    ok = subprocess.run(
        [*args, str(EXAMPLE), "--channel", CHANNEL, "--team", "T0CONCERTO", "--as", DIRECTOR],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert "35 meetings created, 11 milestones created, 4 phases created" in ok.stdout
