"""`python -m testing.season --seed N --days D`: play a season and say what broke (exit 1) or what held."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from testing.season.play import SeasonBroken, play


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testing.season", description=__doc__)
    parser.add_argument("--seed", type=int, default=1, help="what the season draws from (default 1)")
    parser.add_argument("--days", type=int, default=250, help="how many days to play (default 250)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="a database to play on, emptied first (default: TEST_DATABASE_URL, else a new SQLite file)",
    )
    parser.add_argument("--quiet", action="store_true", help="print the days and the steps only when it breaks")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # the season's log is its own; the app's warnings are expected
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='season-')) / 'season.db'}"
    lines: list[str] = []
    try:
        report = play(url, seed=args.seed, days=args.days, log=lines.append if args.quiet else print)
    except SeasonBroken as broken:
        print("\n".join(lines[-40:]) if args.quiet else "", file=sys.stderr)
        print(f"SEASON BROKEN: {broken}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
