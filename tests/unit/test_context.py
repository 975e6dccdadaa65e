"""How soon something is, as people say it, in the reader's zone and language."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.context import Context
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)  # a Monday


@pytest.mark.parametrize(
    ("lang", "later", "said"),
    [
        ("fr", timedelta(minutes=30), "dans 30 minutes"),
        ("fr", timedelta(minutes=1), "dans 1 minute"),
        ("fr", timedelta(hours=1), "dans une heure"),
        ("en", timedelta(hours=1), "in an hour"),
        ("fr", timedelta(hours=4, minutes=30), "aujourd'hui à 14h"),
        ("fr", timedelta(days=1), "demain à 9h30"),
        ("en", timedelta(days=1), "tomorrow at 09:30"),
        ("fr", timedelta(days=2), None),
        ("fr", timedelta(minutes=-5), None),
    ],
)
def test_soon(lang, later, said):
    assert Context(lang, PARIS, NOW).soon(NOW + later) == said
