"""The `/action` grammar: mentions, due clauses, subcommands; and a message's text made ready for the
form the shortcut opens."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.actions.grammar import (
    MAX_ACTION_TEXT,
    Add,
    Change,
    GrammarError,
    HandOver,
    Help,
    ListActions,
    OpenModal,
    parse_action_command,
    prefill_text,
)
from bot.dates import When

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
FRIDAY = When(date(2026, 12, 4))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", OpenModal()),
        ("   ", OpenModal()),
        ("add", OpenModal()),
        ("help", Help()),
        ("aide", Help()),
        ("Book the venue", Add("Book the venue")),
        ("Book the venue by friday", Add("Book the venue", (), FRIDAY)),
        ("Réserver la salle <@U1|marie> pour vendredi", Add("Réserver la salle", ("U1",), FRIDAY)),
        ("<@U1|marie> Réserver la salle avant vendredi", Add("Réserver la salle", ("U1",), FRIDAY)),
        (
            "Call <@U2|bob> about venue by 04/12 14h30 <@U3|ann>",
            Add("Call @bob about venue", ("U2", "U3"), When(date(2026, 12, 4), time(14, 30))),
        ),
        ("Send invitations pour le séminaire pour vendredi", Add("Send invitations pour le séminaire", (), FRIDAY)),
        ("Send invitations by email", Add("Send invitations by email")),
        ("Prévoir un plan B pour la salle", Add("Prévoir un plan B pour la salle")),
        ("Deck due 2026-12-04", Add("Deck", (), FRIDAY)),
        ("add done slides", Add("add done slides")),  # `add` with text is the action's first word
        ("done twelve slides", Add("done twelve slides")),  # a sub-command only where its arguments follow
        ("list", ListActions("mine")),
        ("list all", ListActions("all")),
        ("liste toutes", ListActions("all")),
        ("list en retard", ListActions("overdue")),
        ("list overdue", ListActions("overdue")),
        ("list <@U9|zoe>", ListActions("user", "U9")),
        ("done 12", Change("done", 12)),
        ("fait #12", Change("done", 12)),
        ("reopen 3", Change("reopen", 3)),
        ("delete 3", Change("delete", 3)),
        ("assign 3 <@U9|zoe>", Change("assign", 3, owners=("U9",))),
        ("assign 3 to <@U9|zoe> <@U8|al>", Change("assign", 3, owners=("U9", "U8"))),
        ("reassign <@U9|zoe> <@U8|al>", HandOver("U9", "U8")),
        ("terminé 4", Change("done", 4)),
        ("Terminée #4", Change("done", 4)),
        ("fini 2", Change("done", 2)),
        ("clos 2", Change("done", 2)),
        ("réassigner <@U9|zoe> à <@U8|al>", HandOver("U9", "U8")),
        ("reassign <@U9|zoe> → <@U8|al>", HandOver("U9", "U8")),
        ("due 4 demain 9h", Change("due", 4, due=When(date(2026, 12, 1), time(9)))),
        ("edit 4 New &lt;b&gt; text <!channel>", Change("edit", 4, text="New <b> text @channel")),
    ],
)
def test_commands(raw, expected):
    assert parse_action_command(raw, NOW) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Deck due someday", "error.bad_date"),
        ("Réserver la salle pour mrdi", "error.unread_date"),
        ("Relancer la CCI pour le 29/02/2027", "error.no_such_date"),
        ("Relancer la CCI avant le 31/04", "error.no_such_date"),
        ("due 3 29/02/2027", "error.no_such_date"),
        ("Relancer la CCI pour le 32/13", "error.bad_date"),
        ("Réunion avant vendredi 25h", "error.bad_date"),
        ("done", "usage.done"),
        ("done twelve", "usage.done"),
        ("done 1 2", "usage.done"),
        ("assign 3", "usage.assign"),
        ("Relancer la CCI pour mardi 25/01", "error.weekday_contradiction"),
        ("assign <@U9|zoe> <@U9|zoe>", "usage.assign"),
        ("assign 3 bob", "usage.assign"),
        ("due 3", "usage.due"),
        ("due 3 whenever", "error.bad_date"),
        ("edit 3", "usage.edit"),
        ("list everything", "error.list_usage"),
        ("<@U1|marie>", "error.empty_text"),
        ("x" * 1501, "error.text_too_long"),
    ],
)
def test_errors(raw, key):
    with pytest.raises(GrammarError) as err:
        parse_action_command(raw, NOW)
    assert err.value.key == key


def test_a_misread_date_word_is_named_back_with_what_it_probably_meant():
    with pytest.raises(GrammarError) as err:
        parse_action_command("Réserver la salle pour mrdi", NOW)
    assert err.value.params == {"fragment": "mrdi", "suggestion": "mardi"}


@pytest.mark.parametrize(
    "raw", ["Préparer la note pour Marie", "Prévoir un plan B pour la salle", "Demander le devis pour 150 personnes"]
)
def test_words_after_pour_that_are_no_date_stay_text(raw):
    assert parse_action_command(raw, NOW) == Add(raw)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", ("", False)),
        ("Book  the\nvenue ", ("Book the venue", False)),
        ("Ask &amp; <@U1|bob>  now", ("Ask & @bob now", False)),
        ("x" * MAX_ACTION_TEXT, ("x" * MAX_ACTION_TEXT, False)),
        ("x" * (MAX_ACTION_TEXT + 1), ("x" * MAX_ACTION_TEXT, True)),
    ],
)
def test_prefill_text(message, expected):
    assert prefill_text(message) == expected
