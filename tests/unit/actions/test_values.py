"""An action list that grows large says how many it leaves out, exactly up to a point (bot/actions/values.py)."""

from __future__ import annotations

from bot.actions.values import COUNT_UP_TO, hidden_count


def test_hidden_counts_are_exact_up_to_the_limit():
    assert hidden_count(45, 40) == "5"
    assert hidden_count(COUNT_UP_TO, 40) == str(COUNT_UP_TO - 40)
    assert hidden_count(COUNT_UP_TO + 1, 40) == f"{COUNT_UP_TO - 40}+"
