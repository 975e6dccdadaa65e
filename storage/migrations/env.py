"""Alembic environment: the models' metadata, the URL from the caller (see storage.migrate)."""

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.approvals  # noqa: F401  (minutes' approvals, beside the models)
import storage.installations  # noqa: F401  (slack_sdk's OAuth tables)
import storage.models  # noqa: F401  (registers the tables)
from storage.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection: Connection) -> None:
    """On SQLite a batch migration rebuilds a table (copy, drop, rename): with foreign keys enforced, dropping
    a table that rows point at fails, so they are off for the migration (a PRAGMA that only works outside a
    transaction, hence on the raw connection first), as SQLite's own ALTER TABLE procedure says."""
    raw = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if raw is not None:
            connection.commit()
            raw.execute("PRAGMA foreign_keys=ON")


run_migrations_online()
