"""Phases and milestones as people read them (bot/phases/blocks.py): a milestone without an owner."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bot.context import Context

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


def test_a_milestone_without_owner_says_so_once():
    from bot.phases.blocks import milestone_alert, milestone_created

    loose = SimpleNamespace(
        number=2, name="Salle réservée", due_on=date(2026, 12, 3), owner_id=None, status="open", id=1
    )
    monday = Context("fr", ZoneInfo("Europe/Paris"), NOW)
    created = milestone_created(loose, None, monday, "7 1")["text"]
    alert = milestone_alert(loose, None, kind="milestone.alert", ctx=monday)["text"]
    assert "sans responsable" in created and "responsable sans" not in created
    assert alert.endswith("Pas encore de responsable.") and "Responsable" not in alert
