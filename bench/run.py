"""`make bench`: every benchmark, one after the other; figures only, never pass/fail.

Uses PostgreSQL too when TEST_DATABASE_URL is set (as .ci/run sets it for the tests).

    python bench/run.py [--only PART ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = {
    "ack": "Ack latency of /action (web process) against a bare Bolt floor",
    "post": "Command to visible post: one at a time, and the first after a start",
    "modals": "Command to views.open: a burst of 60 forms, Slack answering in 0.2 s",
    "clock": "The clock: ticks, 1,000 DMs under Slack's rate limit, process cost",
    "digest": "The director's digest over 5,000 actions",
    "faults": "Exactly-once delivery under faults",
    "season": "The season simulation: 250 days of the mission through the real app",
}
# each is bench/<part>.py, run in this order


def main(argv: list[str] | None = None) -> int:
    measured = "\n".join(f"  {part:8}{title}" for part, title in PARTS.items())
    parser = argparse.ArgumentParser(
        description="\n\n".join(__doc__.split("\n\n")[:2]),
        epilog=f"what each part measures (bench/PART.py):\n{measured}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=PARTS,
        metavar="PART",
        help="run only these parts (default: all of them, about 25 minutes)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    for part, title in PARTS.items():
        if args.only is None or part in args.only:
            print(f"\n## {title}\n", flush=True)
            subprocess.run([sys.executable, str(HERE / f"{part}.py")], check=True, stderr=subprocess.DEVNULL)
    print(f"\nmake bench: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
