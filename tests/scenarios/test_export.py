"""The action and decision log as CSV: parsed back, accents and all; from the CLI and from Slack."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS
from tests.slackcheck import all_text, only


def seed(box):
    drive = box.driver
    drive.command("/action", "Réserver l'hémicycle ; salle « Garonne » <@U0KARIM|karim> pour vendredi 14h",
                  user=MARIE, channel=CHANNEL)
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
    assert [(r["type"], r["number"], r["status"]) for r in log] == [
        ("action", "1", "open"), ("action", "2", "done"), ("decision", "1", "")]
    first = log[0]
    assert first["text"] == "Réserver l'hémicycle ; salle « Garonne »" and first["owners"] == KARIM
    assert first["due"] == "2026-12-04 14:00" and first["created"] == "2026-11-30 09:30"
    assert log[1]["done_by"] == MARIE and log[2]["meeting"] == "#1 Réunion de coordination"
    assert log[2]["text"] == "Le séminaire aura lieu le 15 janvier"


def test_only_the_director_exports_once_named(box):
    from bot.missions.values import MissionSettings

    box.runtime.services.missions.configure("T0CONCERTO", CHANNEL, actor=DIRECTOR, settings=MissionSettings(
        DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"))
    mark = box.slack.mark()
    box.driver.command("/concerto", "export", user=MARIE, channel=CHANNEL)
    assert "Seul le directeur" in all_text(only(box.slack.since(mark), "respond").args)
    assert box.slack.state.shared == []
