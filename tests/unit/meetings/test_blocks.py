"""Meetings as people read them (bot/meetings/blocks.py): durations."""

from __future__ import annotations

import pytest

from bot.meetings.blocks import duration_text


@pytest.mark.parametrize(
    ("minutes", "fr", "en"),
    [
        (30, "30\u00a0min", "30 min"),
        (90, "90\u00a0min", "90 min"),
        (120, "2\u00a0h", "2 h"),
        (150, "2\u00a0h\u00a030", "2 h 30"),
    ],
)
def test_durations_read_in_hours_past_90_minutes(minutes, fr, en):
    assert (duration_text(minutes, "fr"), duration_text(minutes, "en")) == (fr, en)
