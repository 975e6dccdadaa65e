"""Alembic, driven from code so that `concerto db upgrade` needs no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.db import normalize_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def revision(url: str | None, message: str) -> None:
    """Autogenerate a migration from the difference between the models and the database."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
