"""The season simulation's cost: the whole 250-day mission through the real app, on one seed (testing/season).

python bench/season.py [--days 250] [--seed 1] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import databases  # noqa: E402
from testing.season.play import play  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    print("| database | days | steps | seconds | known defects met (days) |\n| --- | ---: | ---: | ---: | --- |")
    for label, url in databases(args.postgres):
        report = play(url, seed=args.seed, days=args.days)
        known = ", ".join(f"{check} ({n})" for check, n in sorted(report.known.items())) or "none"
        print(f"| {label} | {report.days} | {report.steps} | {report.seconds:.0f} | {known} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
