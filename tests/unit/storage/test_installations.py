"""The OAuth tables the migrations create are slack_sdk's own: its stores must find what they expect."""

from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData

from storage.installations import BOTS, INSTALLATIONS, STATES, bots_table, installations_table, states_table


def shape(table) -> tuple:
    columns = [(c.name, str(c.type), c.nullable, c.primary_key) for c in table.columns]
    indexes = sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)
    return columns, indexes


@pytest.mark.parametrize(
    ("ours", "build", "name"),
    [
        (installations_table, SQLAlchemyInstallationStore.build_installations_table, INSTALLATIONS),
        (bots_table, SQLAlchemyInstallationStore.build_bots_table, BOTS),
        (states_table, SQLAlchemyOAuthStateStore.build_oauth_states_table, STATES),
    ],
)
def test_tables_match_slack_sdk(ours, build, name):
    assert shape(ours) == shape(build(MetaData(), name))
