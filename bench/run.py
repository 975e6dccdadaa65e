"""`make bench`: every benchmark, one after the other; figures only, never pass/fail.

Uses PostgreSQL too when TEST_DATABASE_URL is set (as .ci/run sets it for the tests)."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [("Ack latency of /action (web process) against a bare Bolt floor", "ack.py"),
           ("Command to views.open: a burst of 60 forms, Slack answering in 0.2 s", "modals.py"),
           ("The clock: ticks, 1,000 DMs under Slack's rate limit, process cost", "clock.py"),
           ("The director's digest over 5,000 actions", "digest.py"),
           ("Exactly-once delivery under faults", "faults.py")]


def main() -> int:
    started = time.monotonic()
    for title, script in SCRIPTS:
        print(f"\n## {title}\n", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True, stderr=subprocess.DEVNULL)
    print(f"\nmake bench: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
