"""The `/action` grammar over real action items (tests/unit/actions/action_corpus.tsv): a command word is a
sub-command only where its arguments follow, so items that start with `Ajouter`, `Modifier`, `Supprimer`,
`Help desk`… are kept whole, and due dates come off the end."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.actions.grammar import Add, parse_action_command
from bot.dates import When

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
CORPUS = Path(__file__).with_name("action_corpus.tsv")


def as_slack_sends(typed: str) -> str:
    return re.sub(r"(?<!\w)@([a-z]\w*)", lambda m: f"<@U0{m.group(1).upper()}|{m.group(1)}>", typed)


def due(text: str) -> When | None:
    if not text:
        return None
    day, _, at = text.partition("T")
    return When(date.fromisoformat(day), time.fromisoformat(at) if at else None)


def rows() -> list[tuple[str, Add]]:
    found = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            typed, text, day, owners = line.split("\t")
            found.append((typed, Add(text, tuple(o for o in owners.split(",") if o), due(day))))
    return found


def test_the_corpus_is_large_and_bilingual():
    typed = [t for t, _ in rows()]
    assert len(typed) >= 100
    assert sum(t.split()[0] in ("Ajouter", "Modifier", "Supprimer", "Liste", "Assigner", "Aide") for t in typed) >= 8
    assert sum(t.split()[0] in ("Add", "Edit", "Delete", "List", "Assign", "Help", "Done", "Due") for t in typed) >= 8


@pytest.mark.parametrize(("typed", "expected"), rows())
def test_an_action_item_reads_as_its_author_meant(typed, expected):
    assert parse_action_command(as_slack_sends(typed), NOW) == expected
