"""`concerto mission close` at the end of the contract: the mission's record written to a folder first (the
log, the calendar, each sitting's minutes as a Word file, read back), then its data purged; refused without
`--yes`, and nothing purged when the record cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys

import docx
from sqlmodel import Session, func, select

from storage.models import Action, AuditEntry, Decision, Meeting, Mission, Notification
from tests.conftest import CHANNEL
from tests.scenarios.canvas.test_minutes import cotech_held

TABLES = (Action, AuditEntry, Decision, Meeting, Notification)


def close(box, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    env.pop("SLACK_BOT_TOKEN", None)  # the database only
    return subprocess.run(
        [sys.executable, "-m", "concerto.cli", "mission", "close", "--channel", CHANNEL, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def counts(box) -> dict[str, int]:
    with Session(box.runtime.engine) as s:
        rows = {m.__tablename__: s.exec(select(func.count()).select_from(m)).one() for m in TABLES}
        rows["missions"] = len(s.exec(select(Mission).where(Mission.channel_id == CHANNEL)).all())
    return rows


def test_the_record_is_written_then_the_mission_purged(box, tmp_path):
    cotech_held(box)
    held = counts(box)
    assert all(held.values()), held

    assert close(box, "--export", str(tmp_path / "record")).returncode == 1, "not without --yes"
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    refused = close(box, "--export", str(blocked / "record"), "--yes")
    assert refused.returncode == 1 and "nothing was purged" in refused.stderr
    assert counts(box) == held

    closed = close(box, "--export", str(tmp_path / "record"), "--yes")
    assert closed.returncode == 0, closed.stderr
    files = sorted(p.name for p in (tmp_path / "record").iterdir())
    assert files == ["journal-des-actions.csv", "releve-de-decisions-1-2026-12-01.docx", "reunions.ics"]
    assert "Réserver l'hémicycle" in (tmp_path / "record" / "journal-des-actions.csv").read_text(encoding="utf-8-sig")
    assert "COTECH n°2" in (tmp_path / "record" / "reunions.ics").read_text()
    minutes = docx.Document(str(tmp_path / "record" / "releve-de-decisions-1-2026-12-01.docx"))
    assert any("Le séminaire aura lieu le 15 janvier" in p.text for p in minutes.paragraphs) or any(
        "Le séminaire aura lieu le 15 janvier" in c.text for t in minutes.tables for r in t.rows for c in r.cells
    )
    assert counts(box) == dict.fromkeys(held, 0), "the mission, and all it held, purged"


def test_no_export_purges_without_writing_anything(box, tmp_path):
    cotech_held(box)
    assert close(box, "--no-export", "--yes").returncode == 0
    assert counts(box)["missions"] == 0
