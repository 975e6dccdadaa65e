"""What every level shares: the mission's people, channel and first morning, and the database under test
(an SQLite file, or TEST_DATABASE_URL). The sandbox fixtures live in tests/box.py, for the levels that use them."""
from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from storage.db import make_engine

PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
CHANNEL = "C0MISSION"
DIRECTOR, MARIE, TOM, KARIM = "U0CLAIRE", "U0MARIE", "U0TOM", "U0KARIM"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:  # start from an empty schema so the migrations run for real
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
