"""What the benchmark scripts share: databases to run on, bulk seeding, percentiles, process memory."""

from __future__ import annotations

import os
import random
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import migrate  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.models import Action, ActionOwner, Mission, Notification  # noqa: E402
from testing.harness import empty_tables  # noqa: E402

UTC = timezone.utc
TEAM = "T0CONCERTO"


def databases(postgres: str | None) -> Iterator[tuple[str, str]]:
    """(label, URL) for a fresh SQLite file, then PostgreSQL when a URL is given."""
    with TemporaryDirectory() as folder:
        yield "SQLite", f"sqlite:///{folder}/bench.db"
    if postgres:
        yield "PostgreSQL", postgres


@contextmanager
def fresh(url: str):
    """A migrated, empty database and its engine."""
    migrate.upgrade(url)
    engine = make_engine(url)
    empty_tables(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def seed_missions(engine, count: int, *, first_channel: str = "C0BENCH") -> list[int]:
    now = datetime.now(UTC)
    rows = [
        {
            "team_id": TEAM,
            "channel_id": first_channel if i == 0 else f"C0M{i:05d}",
            "timezone": "Europe/Paris",
            "language": "fr",
            "work_start": "09:00",
            "work_end": "18:00",
            "work_days": "12345",
            "holiday_country": "FR",
            "next_action_number": 1,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Mission), rows)
        return [r[0] for r in conn.execute(text("SELECT id FROM missions ORDER BY id"))]


def seed_actions(engine, mission_id: int, count: int, *, owners: list[str], start: int = 1) -> None:
    """`count` open actions numbered from `start`, owners in turn, due over the next three months."""
    now = datetime.now(UTC)
    rng = random.Random(7)
    for chunk in range(start, start + count, 5000):
        numbers = range(chunk, min(chunk + 5000, start + count))
        actions = []
        for n in numbers:
            day = date.today() + timedelta(days=rng.randint(-20, 90))
            actions.append(
                {
                    "team_id": TEAM,
                    "mission_id": mission_id,
                    "number": n,
                    "text": f"Action {n} du séminaire",
                    "status": "open",
                    "created_by": owners[n % len(owners)],
                    "created_at": now,
                    "updated_at": now,
                    "due_date": day,
                    "due_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(days=1),
                    "due_all_day": True,
                }
            )
        with engine.begin() as conn:
            conn.execute(insert(Action), actions)
            ids = conn.execute(
                text("SELECT id, number FROM actions WHERE mission_id = :m AND number >= :a AND number < :b"),
                {"m": mission_id, "a": numbers.start, "b": numbers.stop},
            )
            conn.execute(
                insert(ActionOwner),
                [{"action_id": i, "user_id": owners[n % len(owners)], "team_id": TEAM} for i, n in ids],
            )
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE missions SET next_action_number = :n WHERE id = :m"), {"n": start + count, "m": mission_id}
        )


def seed_notifications(engine, rows: list[dict]) -> None:
    now = datetime.now(UTC)
    base = {
        "team_id": TEAM,
        "kind": "action.due",
        "entity": "action",
        "state": "pending",
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
        "expires_at": None,
    }
    with engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(Notification), [{**base, **r} for r in rows[i : i + 5000]])


def analyze(engine) -> None:
    """Planner statistics, as autovacuum would have them on a production database after a bulk load."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of one process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def descendants(pid: int) -> list[int]:
    """Children, grandchildren…: gunicorn's workers and the work process beside each."""
    try:
        kids = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [d for kid in kids for d in descendants(kid)]


def env_for(url: str, api_url: str, **extra: str) -> dict:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": "bench-secret",
        "SLACK_API_URL": api_url,
        "DATABASE_URL": url,
        "SLACK_APP_TOKEN": "",
        **extra,
    }
