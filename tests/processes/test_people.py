"""`concerto people export|forget` (GDPR Art. 15, 20 and 17) on a mission Karim worked in: the export holds
what he did; forgetting him leaves neither his id nor his name in any column of any table, keeps the
mission's record under a pseudonym, and plans nothing more for him."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy import String, Text, inspect, select, text
from sqlmodel import Session

from storage.db import read_scope
from storage.inbox import inbox_engine
from storage.models import Action, ActionOwner, Meeting, Notification
from storage.personal import INVENTORY
from tests.conftest import CHANNEL, KARIM, MARIE


def people(box, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    env.pop("SLACK_BOT_TOKEN", None)  # the database only
    return subprocess.run(
        [sys.executable, "-m", "concerto.cli", "people", *args], env=env, capture_output=True, text=True, timeout=120
    )


def mission_karim_worked_in(box) -> None:
    say = box.driver.command
    say("/action", "Préparer la salle du séminaire <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    say("/action", "Relancer la CCI pour jeudi", user=KARIM, channel=CHANNEL)
    say("/action", "Relire la note avec <@U0KARIM|karim> pour mardi", user=MARIE, channel=CHANNEL)
    say("/meeting", 'add weekly "Point hebdo" tous les mardis 9h30 avec <@U0MARIE|marie>', user=KARIM, channel=CHANNEL)
    say("/concerto", "absent du 14/12 au 18/12", user=KARIM, channel=CHANNEL)


def holding(engine, *needles: str) -> list[str]:
    """Every table.column whose text holds one of the needles, in any row."""
    found = []
    with read_scope(engine) as session:  # a reader: no write lock held against the app
        conn = session.connection()
        for table in inspect(engine).get_table_names():
            columns = [c["name"] for c in inspect(engine).get_columns(table) if isinstance(c["type"], String | Text)]
            for column in columns:
                for needle in needles:
                    hit = conn.execute(
                        text(f'SELECT 1 FROM "{table}" WHERE "{column}" LIKE :n LIMIT 1'), {"n": f"%{needle}%"}
                    )
                    if hit.first():
                        found.append(f"{table}.{column} holds {needle!r}")
    return found


def test_export_holds_what_he_did_and_forget_leaves_him_nowhere(box, tmp_path):
    mission_karim_worked_in(box)
    engine = box.runtime.engine
    assert holding(engine, KARIM, "Karim Benali"), "the test sees him before"

    out = tmp_path / "karim.json"
    assert people(box, "export", KARIM, "--out", str(out)).returncode == 0
    data = json.loads(out.read_text())
    assert [p["name"] for p in data["profiles"]] == ["Karim Benali"]
    assert sorted(a["text"] for a in data["actions"] if a["owner"]) == [
        "Préparer la salle du séminaire",
        "Relancer la CCI",
        "Relire la note avec @karim",
    ]
    assert [m["title"] for m in data["meetings"]] == ["Point hebdo"]
    assert data["preferences"][0]["away_from"] == "2026-12-14"
    assert data["notifications"], "the reminders planned for him"

    refused = people(box, "forget", KARIM)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert holding(engine, KARIM)

    done = people(box, "forget", KARIM, "--yes")
    assert done.returncode == 0, done.stderr
    assert holding(engine, KARIM, "Karim Benali") == []
    assert holding(inbox_engine(engine), KARIM) == []
    with Session(engine) as s:
        owners = {o.action_id: o.user_id for o in s.exec(select(ActionOwner)).scalars()}
        actions = {a.number: a for a in s.exec(select(Action)).scalars()}
        meeting = s.exec(select(Meeting)).scalars().one()
        targets = {n.target for n in s.exec(select(Notification)).scalars()}
    pseudonym = owners[actions[1].id]
    assert pseudonym.startswith("ancien membre ") and meeting.organiser_id == pseudonym
    assert actions[3].text == f"Relire la note avec {pseudonym}", "named in words, pseudonymised in words"
    assert pseudonym not in targets, "nothing planned for the pseudonym"

    box.driver.command("/action", "due 1 lundi", user=MARIE, channel=CHANNEL)  # his action re-planned
    with Session(engine) as s:
        assert all(n.target.startswith(("U", "C")) for n in s.exec(select(Notification)).scalars())
    assert holding(engine, KARIM) == []


def test_the_inventory_names_real_columns():
    for model, column in INVENTORY:
        assert column in model.model_fields, f"{model.__name__}.{column}"
