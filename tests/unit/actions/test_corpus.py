"""The `/action` grammar over real action items (tests/unit/actions/action_corpus.tsv): a command word is a
sub-command only where its arguments follow, so items that start with `Ajouter`, `Modifier`, `Supprimer`,
`Help desk`… are kept whole; due dates come off the end; a day the text ends with, without `pour`, is asked,
unless it names the subject (`la réunion du 12 janvier`)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.actions.due import Trailing
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


def rows() -> list[tuple[str, str, When | None, tuple[str, ...]]]:
    found = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            typed, text, day, owners = line.split("\t")
            found.append((typed, text, day, tuple(o for o in owners.split(",") if o)))
    return found


def test_the_corpus_is_large_and_bilingual():
    typed = [row[0] for row in rows()]
    assert len(typed) >= 200
    assert sum(t.split()[0] in ("Ajouter", "Modifier", "Supprimer", "Liste", "Assigner", "Aide") for t in typed) >= 8
    assert sum(t.split()[0] in ("Add", "Edit", "Delete", "List", "Assign", "Help", "Done", "Due") for t in typed) >= 8
    assert sum(row[2].startswith("?") for row in rows()) >= 15, "days asked about, French and English"


@pytest.mark.parametrize(("typed", "text", "day", "owners"), rows())
def test_an_action_item_reads_as_its_author_meant(typed, text, day, owners):
    read = parse_action_command(as_slack_sends(typed), NOW)
    assert isinstance(read, Add)
    if day.startswith("?"):  # asked: the answer "yes" gives `text` due that day; `read.text` keeps the day
        assert (read.owners, read.due, read.trailing) == (owners, None, Trailing(text, due(day[1:])))
        assert read.text.startswith(text) and len(read.text) > len(text)
    else:
        assert read == Add(text, owners, due(day))
