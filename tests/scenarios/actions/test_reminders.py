"""An action's reminders as their owners read them, delivered by a clock: a due date moved off a weekend
says when it is due."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import MARIE, PARIS
from tests.scenarios.steps import command, deliverer, texts


def test_a_due_reminder_moved_to_friday_says_when_it_is_due(box):
    command(box, "/action", "Envoyer la synthèse pour dimanche 06/12")
    box.clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=PARIS))  # Friday, when work starts
    deliverer(box).tick()
    (reminder,) = [text for text in texts(box, MARIE) if "Envoyer la synthèse" in text]
    assert "À faire pour dim. 6 déc." in reminder and "aujourd'hui" not in reminder
