"""The `box` fixture: the real app served over HTTP, the Slack stand-in, a signed-request driver and a manual
clock, over the database under test. Scenarios and processes use it; unit tests never load it."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from concerto.demo import Sandbox, sandbox
from sandbox.faults import empty_tables
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, MONDAY, TOM


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
