"""The director's digest over 5,000 actions: the time to gather and render it.

python bench/digest.py [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import analyze, databases, fresh, median, percentile, seed_actions, seed_missions  # noqa: E402
from bot.context import Context
from bot.digests.blocks import digest_message  # noqa: E402
from bot.digests.service import digest_data  # noqa: E402
from storage.db import session_scope  # noqa: E402
from storage.models import Mission  # noqa: E402

OWNERS = [f"U0C{i:03d}" for i in range(10)]  # a 10-consultant mission


def run(label: str, url: str, count: int, runs: int = 20) -> str:
    with fresh(url) as engine:
        mission_id = seed_missions(engine, 1)[0]
        seed_actions(engine, mission_id, count, owners=OWNERS)
        analyze(engine)
        now, tz = datetime.now(timezone.utc), ZoneInfo("Europe/Paris")
        times, size = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            with session_scope(engine) as session:
                mission = session.get(Mission, mission_id)
                msg = digest_message(digest_data(session, mission, now), Context("fr", tz, now))
            times.append((time.perf_counter() - started) * 1000)
            size = len(msg["blocks"])
    return (
        f"| {label} | digest over {count:,} actions | {median(times):.0f} ms p50, "
        f"{percentile(times, 95):.0f} ms p95, {size} blocks |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    print("| database | measure | result |\n| --- | --- | --- |")
    for label, url in databases(args.postgres):
        print(run(label, url, args.count), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
