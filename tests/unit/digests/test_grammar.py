"""The `/digest` grammar."""

from __future__ import annotations

import pytest

from bot.digests.grammar import DigestCommand, parse_digest_command
from bot.errors import GrammarError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", DigestCommand("preview")),
        ("send", DigestCommand("send")),
        ("settings weekly friday 17:00", DigestCommand("settings", "weekly", 5, "17:00")),
        ("settings hebdo lundi 9h", DigestCommand("settings", "weekly", 1, "09:00")),
        ("settings daily 18h", DigestCommand("settings", "daily", None, "18:00")),
        ("settings off", DigestCommand("settings", "off")),
    ],
)
def test_grammar(raw, expected):
    assert parse_digest_command(raw) == expected


@pytest.mark.parametrize("raw", ["settings weekly someday", "settings monthly", "frob"])
def test_grammar_errors(raw):
    with pytest.raises(GrammarError):
        parse_digest_command(raw)
