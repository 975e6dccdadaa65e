"""The offline world as pytest fixtures, for a suite that asks for it (`pytest_plugins = ["testing.plugin"]`
in its conftest).

`database_url`: the session's database (an SQLite file, or TEST_DATABASE_URL emptied to a bare schema, so
the migrations run for real). `box`: the sandbox over it, its tables emptied; `two`: the same with OAuth
installs in several workspaces. Either fails its test if the bot sent anything Slack would reject. Who and
what is in them is the suite's to say: it overrides `sandbox_start`, `box_cast` and `two_cast`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from storage.db import make_engine

if TYPE_CHECKING:
    from sandbox.standin import SlackStandIn
    from testing.harness import Sandbox

Cast = Callable[["SlackStandIn"], None]  # adds a suite's people and channels to the stand-in


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
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
def sandbox_start() -> datetime:
    """The sandbox clock's first instant: the harness's Monday morning, unless the suite says otherwise."""
    from testing.harness import START

    return START


@pytest.fixture
def box_cast() -> Cast:
    """Who is in the one workspace of `box`, and which channels: nobody, unless the suite says otherwise."""
    return _nobody


@pytest.fixture
def two_cast() -> Cast:
    """Who is in the workspaces of `two`, and which channels: nobody, unless the suite says otherwise."""
    return _nobody


@pytest.fixture
def box(database_url: str, sandbox_start: datetime, box_cast: Cast) -> Iterator[Sandbox]:
    with _checked(database_url, sandbox_start, box_cast, oauth=False) as opened:
        yield opened


@pytest.fixture
def two(database_url: str, sandbox_start: datetime, two_cast: Cast) -> Iterator[Sandbox]:
    with _checked(database_url, sandbox_start, two_cast, oauth=True) as opened:
        yield opened


def _nobody(slack: SlackStandIn) -> None:
    pass


@contextmanager
def _checked(database_url: str, start: datetime, cast: Cast, *, oauth: bool) -> Iterator[Sandbox]:
    """A sandbox on empty tables with the suite's cast, failing if Slack would have rejected a call."""
    from testing.harness import empty_tables, sandbox  # here, so a unit run never loads the app

    with sandbox(database_url, start=start, oauth=oauth) as opened:
        empty_tables(opened.runtime.engine)
        cast(opened.slack)
        yield opened
        assert opened.slack.state.violations == [], "the bot sent something Slack would reject, or show raw"
