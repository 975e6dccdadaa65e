"""The action and decision log as CSV: parsed back, accents and all; from the CLI and from Slack."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from bot.actions.export import inert
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS
from tests.slackcheck import all_text, only


def seed(box):
    drive = box.driver
    drive.command(
        "/action",
        "Réserver l'hémicycle ; salle « Garonne » <@U0KARIM|karim> pour vendredi 14h",
        user=MARIE,
        channel=CHANNEL,
    )
    drive.command("/action", "Envoyer le programme", user=MARIE, channel=CHANNEL)
    drive.command("/action", "done 2", user=MARIE, channel=CHANNEL)
    drive.command("/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30', user=MARIE, channel=CHANNEL)
    box.clock.set(datetime(2026, 12, 1, 11, 0, tzinfo=PARIS))
    drive.command("/meeting", "decide 1 Le séminaire aura lieu le 15 janvier", user=MARIE, channel=CHANNEL)


def rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_round_trip(box):
    seed(box)
    mission = box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL)
    log = rows(box.runtime.services.exports.actions_csv(mission))
    assert [(r["Type"], r["N°"], r["Statut"]) for r in log] == [
        ("action", "1", "ouverte"),
        ("action", "2", "terminée"),
        ("décision", "", ""),
    ]
    first = log[0]
    assert first["Action"] == "Réserver l'hémicycle ; salle « Garonne »" and first["Responsables (ID Slack)"] == KARIM
    assert first["Responsables"] == "Karim Benali"  # cached when the action was given to him
    assert first["Échéance"] == "2026-12-04 14:00" and first["Créée le"] == "2026-11-30 09:30"
    assert log[1]["Terminée par (ID Slack)"] == MARIE and log[1]["Terminée par"] == "Marie Dubois"
    decision = log[2]
    assert decision["Réunion"] == "#1 Réunion de coordination" and decision["Action"] == ""
    assert decision["Décision"] == "Le séminaire aura lieu le 15 janvier"
    assert decision["Date de la réunion"] == "2026-12-01 09:30" and decision["Notée par"] == "Marie Dubois"


def test_headers_and_statuses_follow_the_mission_language(box):
    from bot.missions.values import MissionSettings

    seed(box)
    mission = box.runtime.services.missions.configure(
        "T0CONCERTO",
        CHANNEL,
        actor=MARIE,
        settings=MissionSettings(None, "Europe/Paris", "en", "09:00", "18:00", "12345"),
    )
    log = rows(box.runtime.services.exports.actions_csv(mission))
    assert [(r["Type"], r["No."], r["Status"]) for r in log] == [
        ("action", "1", "open"),
        ("action", "2", "done"),
        ("decision", "", ""),
    ]
    assert log[0]["Owners"] == "Karim Benali" and log[2]["Decision"] == "Le séminaire aura lieu le 15 janvier"


def test_cells_excel_would_run_are_made_inert(box):
    for text in ('=HYPERLINK("http://x","clic")', "+33 6 12", "-2+3", "@SUM(A1)"):
        box.driver.command("/action", text, user=MARIE, channel=CHANNEL)
    mission = box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL)
    texts = [r["Action"] for r in rows(box.runtime.services.exports.actions_csv(mission))]
    assert texts == ['\'=HYPERLINK("http://x","clic")', "'+33 6 12", "'-2+3", "'@SUM(A1)"]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Budget = 10 k€", "Budget = 10 k€"),
        (12, "12"),
        (None, ""),
    ],
)
def test_inert_cells(cell, shown):
    assert inert(cell) == shown


def test_only_the_director_exports_once_named(box):
    from bot.missions.values import MissionSettings

    box.runtime.services.missions.configure(
        "T0CONCERTO",
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    mark = box.slack.mark()
    box.driver.command("/concerto", "export", user=MARIE, channel=CHANNEL)
    assert "Seul le directeur" in all_text(only(box.slack.since(mark), "respond").args)
    assert box.slack.state.shared == []
