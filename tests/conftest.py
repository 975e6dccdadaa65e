"""What every level shares: the mission's people, channel and first morning. The fixtures `database_url`,
`box` and `two` come from the plugin testing.plugin (required here: pytest reads `pytest_plugins` only in the
top conftest); what is in the sandboxes is said here. Unit tests request none: the harness loads with a sandbox."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

if TYPE_CHECKING:
    from sandbox.standin import SlackStandIn
    from testing.plugin import Cast

pytest_plugins = ["testing.plugin"]

PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
CHANNEL = "C0MISSION"
PUBLIC = "C0PUBLIC"  # a public channel the bot was never invited to, added by a test (chat:write.public)
DIRECTOR, MARIE, TOM, KARIM = "U0CLAIRE", "U0MARIE", "U0TOM", "U0KARIM"

AGENCY, REGION, REGION_ORG = "T0AGENCE", "T0REGION", "E0REGION"
SHARED, PRIVATE = "C0SHARED", "C0PRIVE"  # a Slack Connect channel; a private channel of the agency
ANNA, BRUNO = "U0ANNA", "U0BRUNO"  # the agency's project director; the Region's project lead


def the_mission(slack: SlackStandIn) -> None:
    """`box`: the mission's channel, the bot invited as the README asks, and four people."""
    slack.add_channel(CHANNEL, "mission", member=True)
    slack.add_user(DIRECTOR, "claire", "Claire Martin")
    slack.add_user(MARIE, "marie", "Marie Dubois")
    slack.add_user(TOM, "tom", "Tom Baker", tz="America/New_York", locale="en-US")
    slack.add_user(KARIM, "karim", "Karim Benali")


def agency_and_region(slack: SlackStandIn) -> None:
    """`two`: an agency and a Region sharing a Slack Connect channel; one person in each."""
    slack.add_channel(SHARED, "concertation-region")
    slack.add_channel(PRIVATE, "agence-interne")
    slack.add_user(ANNA, "anna", "Anna Lefèvre")
    slack.add_user(BRUNO, "bruno", "Bruno Garcia")
    slack.state.workspaces.share(SHARED, AGENCY, REGION)
    slack.state.workspaces.share(PRIVATE, AGENCY)
    slack.state.workspaces.members.update({ANNA: AGENCY, BRUNO: REGION})


@pytest.fixture
def sandbox_start() -> datetime:
    return MONDAY


@pytest.fixture
def box_cast() -> Cast:
    return the_mission


@pytest.fixture
def two_cast() -> Cast:
    return agency_and_region
