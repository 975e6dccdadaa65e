"""The tables of slack_sdk's SQLAlchemy installation and OAuth state stores, declared here so that the
migrations create them on every backend; the stores themselves (built in `concerto.app`) read and write
them as slack_sdk does. tests/unit/storage/test_installations.py holds these to slack_sdk's own definitions.
Only bot tokens are kept: the app asks for no user scopes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, desc, func, or_, select
from sqlmodel import SQLModel

from storage.db import Engine, read_scope

INSTALLATIONS, BOTS, STATES = "slack_installations", "slack_bots", "slack_oauth_states"


def _workspace_columns() -> list[Column[Any]]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
    ]


def _bot_columns() -> list[Column[Any]]:
    return [
        Column("bot_token", String(200)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(200)),
        Column("bot_token_expires_at", DateTime),
    ]


installations_table = Table(
    INSTALLATIONS,
    SQLModel.metadata,
    *_workspace_columns(),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{INSTALLATIONS}_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)

bots_table = Table(
    BOTS,
    SQLModel.metadata,
    *_workspace_columns(),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{BOTS}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

states_table = Table(
    STATES,
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


def bot_token(engine: Engine, client_id: str, team_id: str, enterprise_id: str | None = None) -> str | None:
    """The newest bot token that serves `team_id`: installed in that workspace, or org-wide in its
    Grid organisation. None once the workspace uninstalled the app (its rows are deleted)."""
    c = bots_table.c
    serves = c.team_id == team_id
    if enterprise_id:
        serves = or_(serves, (c.enterprise_id == enterprise_id) & c.is_enterprise_install.is_(True))
    query = (
        select(c.bot_token)
        .where(c.client_id == client_id, serves, c.bot_token.is_not(None))
        .order_by(desc(c.installed_at))
        .limit(1)
    )
    with read_scope(engine) as session:  # a read: on SQLite it neither takes nor waits for the write lock
        return session.execute(query).scalar()
