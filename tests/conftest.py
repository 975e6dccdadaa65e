"""Fixtures: a real database (SQLite file, or TEST_DATABASE_URL), the app served over HTTP,
the Slack stand-in, a signed-request driver and a manual clock."""
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from concerto.demo import Sandbox, sandbox
from sandbox.faults import empty_tables
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


@pytest.fixture
def box(database_url: str) -> Iterator[Sandbox]:
    with sandbox(database_url, start=MONDAY) as box:
        empty_tables(box.runtime.engine)
        slack = box.slack
        slack.add_channel(CHANNEL, "mission", member=True)  # the bot was invited, as the README asks
        slack.add_user(DIRECTOR, "claire", "Claire Martin")
        slack.add_user(MARIE, "marie", "Marie Dubois")
        slack.add_user(TOM, "tom", "Tom Baker", tz="America/New_York", locale="en-US")
        slack.add_user(KARIM, "karim", "Karim Benali")
        yield box
        assert slack.state.violations == [], "the bot sent something Slack would reject"
