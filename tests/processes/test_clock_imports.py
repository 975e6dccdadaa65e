"""The clock process runs without Bolt: its wiring and its loop load no slack_bolt, checked in a fresh
interpreter, since the tests themselves have Bolt loaded already."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["concerto.wiring", "scheduler.clock"])
def test_the_clock_loads_no_bolt(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert module in loaded
    assert [name for name in loaded if name.split(".")[0] == "slack_bolt"] == []
