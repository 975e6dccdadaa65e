"""The `box` fixture: the real app served over HTTP, the Slack stand-in, a signed-request driver and a manual
clock, over the database under test; `two`, the same with OAuth installs, an agency and a Region sharing a
Slack Connect channel. Scenarios and processes use them; unit tests never load them."""
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


AGENCY, REGION, REGION_ORG = "T0AGENCE", "T0REGION", "E0REGION"
SHARED, PRIVATE = "C0SHARED", "C0PRIVE"  # a Slack Connect channel; a private channel of the agency
ANNA, BRUNO = "U0ANNA", "U0BRUNO"  # the agency's project director; the Region's project lead


@pytest.fixture
def two(database_url: str) -> Iterator[Sandbox]:
    with sandbox(database_url, start=MONDAY, oauth=True) as box:
        empty_tables(box.runtime.engine)
        slack = box.slack
        slack.add_channel(SHARED, "concertation-region")
        slack.add_channel(PRIVATE, "agence-interne")
        slack.add_user(ANNA, "anna", "Anna Lefèvre")
        slack.add_user(BRUNO, "bruno", "Bruno Garcia")
        slack.state.workspaces.share(SHARED, AGENCY, REGION)
        slack.state.workspaces.share(PRIVATE, AGENCY)
        slack.state.workspaces.members.update({ANNA: AGENCY, BRUNO: REGION})
        yield box
        assert slack.state.violations == [], "the bot sent something Slack would reject"


def install(box: Sandbox, team: str, name: str, enterprise: str | None = None,
            org_teams: list[str] | None = None) -> str:
    """An admin of `team` (or, with `org_teams`, of the Grid organisation `enterprise`, org-wide) installs
    the app through Bolt's flow; the token Slack issued."""
    _, back = box.driver.install(team, name, enterprise=enterprise, org_teams=org_teams)
    assert back.startswith("200"), back
    (token,) = box.slack.state.workspaces.teams[enterprise if org_teams else team].tokens
    return token
