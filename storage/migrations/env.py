"""Alembic environment: the models' metadata, the URL from the caller (see storage.migrate)."""
from alembic import context
from sqlmodel import SQLModel

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


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
