"""Block Kit pieces every feature uses (bot/blocks.py): long texts split at spaces into sections that never
overflow, nor cut an entity or a link."""

from __future__ import annotations

from bot.blocks import MAX_SECTION, fitted, section, split_text


def test_a_long_text_is_split_at_spaces_and_never_inside_an_entity_or_a_link():
    text = ("R&amp;D <@U0KARIM> " * 400).strip()
    parts = split_text(text, MAX_SECTION)
    assert len(parts) > 1 and all(len(p) <= MAX_SECTION for p in parts)
    assert " ".join(parts) == text
    assert all(p.count("&") == p.count(";") and p.count("<") == p.count(">") for p in parts)


def test_one_unbroken_word_longer_than_a_section_is_still_cut():
    parts = split_text("x" * 7000, MAX_SECTION)
    assert [len(p) for p in parts] == [3000, 3000, 1000]


def test_fitted_keeps_short_blocks_and_gives_the_accessory_to_the_first_piece():
    button = {"type": "button", "text": {"type": "plain_text", "text": "ok"}, "action_id": "a"}
    long = section("mot " * 1500, accessory=button)
    blocks = fitted([section("court"), long, {"type": "divider"}])
    assert blocks[0] == section("court") and blocks[-1] == {"type": "divider"}
    pieces = blocks[1:-1]
    assert len(pieces) == 2 and pieces[0]["accessory"] == button and "accessory" not in pieces[1]
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in pieces)
