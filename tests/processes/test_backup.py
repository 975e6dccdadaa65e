"""`concerto db backup` while the app writes, then `concerto db restore` into an empty database: what the
backup holds is one consistent moment (every action up to some number, none missing before it, each with
its post and reminders planned), and the meeting and the pending notifications come back with it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from bot.actions.values import Draft
from bot.dates import When
from sandbox.standin import TEAM
from storage.db import make_engine
from storage.models import Action, Meeting, Notification
from tests.conftest import CHANNEL, MARIE, PARIS


def concerto(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("SLACK_BOT_TOKEN", None)  # the database only
    return subprocess.run(
        [sys.executable, "-m", "concerto.cli", "db", *args], env=env, capture_output=True, text=True, timeout=120
    )


@contextmanager
def empty_database(url: str, tmp_path) -> Iterator[str]:
    """A database nobody uses, of the same kind as `url`'s, for the restore."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    server = create_engine(parsed.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    name = f"restored_{os.getpid()}"
    with server.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def test_a_backup_taken_under_load_restores_one_consistent_moment(box, tmp_path):
    url = box.runtime.engine.url.render_as_string(hide_password=False)
    box.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" tous les mardis 9h30', user=MARIE, channel=CHANNEL
    )
    services = box.runtime.services
    mission = services.missions.for_channel(TEAM, CHANNEL)
    due = When(date(2026, 12, 30))
    stop, made = threading.Event(), []

    def write() -> None:  # the app at work while the backup runs
        while not stop.is_set() or len(made) < 5:
            draft = Draft(f"Action {len(made) + 1}", (MARIE,), due)
            made.append(services.actions.create(mission, author=MARIE, draft=draft, tz=PARIS).number)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copy = tmp_path / "concerto.backup"
        backed = concerto(url, "backup", str(copy))
    finally:
        stop.set()
        writer.join()
    assert backed.returncode == 0, backed.stderr
    with empty_database(url, tmp_path) as restored_url:
        restored = concerto(restored_url, "restore", str(copy))
        assert restored.returncode == 0, restored.stderr
        engine = make_engine(restored_url)
        try:
            with Session(engine) as s:
                numbers = sorted(a.number for a in s.exec(select(Action)))
                planned = {(n.entity_id, n.kind) for n in s.exec(select(Notification)) if n.entity == "action"}
                pending = [n for n in s.exec(select(Notification)) if n.state == "pending"]
                meetings = s.exec(select(Meeting)).all()
                ids = {a.id for a in s.exec(select(Action))}
        finally:
            engine.dispose()
    assert numbers == list(range(1, len(numbers) + 1)), "a prefix of what was written: none missing before the last"
    assert 0 < len(numbers) <= len(made)
    assert all((i, "action.post") in planned and (i, "action.due") in planned for i in ids), "each with its plan"
    assert [m.title for m in meetings] == ["Réunion de coordination"]
    assert any(n.entity == "meeting" for n in pending), "the meeting's reminders are still to send"


def test_restore_refuses_what_is_no_backup(box, tmp_path):
    url = f"sqlite:///{tmp_path / 'target.db'}"
    assert concerto(url, "restore", str(tmp_path / "missing")).returncode == 1
    junk = tmp_path / "junk"
    junk.write_text("not a database")
    if make_url(box.runtime.engine.url).get_backend_name() != "sqlite":
        pytest.skip("the SQLite file check")
    refused = concerto(url, "restore", str(junk))
    assert refused.returncode == 1 and "not a backup" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "target.db").exists(), "nothing written over"
