"""The `/phase` grammar."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.errors import GrammarError
from bot.phases.grammar import AddMilestone, AddPhase, EditMilestone, MilestoneVerb, PhaseVerb, parse_phase_command
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            'add "Ateliers thématiques" 01/02/2027 30/04/2027',
            AddPhase("Ateliers thématiques", date(2027, 2, 1), date(2027, 4, 30)),
        ),
        (
            'add "Séminaire de lancement" 15/01/2027 au 15/01/2027',
            AddPhase("Séminaire de lancement", date(2027, 1, 15), date(2027, 1, 15)),
        ),
        (
            'milestone add 1 "Invitations envoyées" 15/01/2027 <@U0MARIE|marie>',
            AddMilestone(1, "Invitations envoyées", date(2027, 1, 15), "U0MARIE"),
        ),
        ('jalon add aucune "Forum ouvert" 2027-05-02', AddMilestone(None, "Forum ouvert", date(2027, 5, 2))),
        ("milestone done M3", MilestoneVerb("done", 3)),
        ("milestone assign M3 <@U0KARIM|karim>", EditMilestone(3, owner="U0KARIM")),
        ("jalon confier 3 à <@U0KARIM|karim>", EditMilestone(3, owner="U0KARIM")),
        ('milestone edit 3 name "Invitations parties"', EditMilestone(3, name="Invitations parties")),
        ("jalon modifier M3 date 22/01/2027", EditMilestone(3, due_on=date(2027, 1, 22))),
        ("jalon fait J3", MilestoneVerb("done", 3)),
        ("move 2 08/02/2027", PhaseVerb("move", 2, starts_on=date(2027, 2, 8))),
        ('edit 2 nom "Ateliers"', PhaseVerb("edit", 2, name="Ateliers")),
        ("edit 2 fin 15/05/2027", PhaseVerb("edit", 2, ends_on=date(2027, 5, 15))),
        ("delete 2", PhaseVerb("delete", 2)),
    ],
)
def test_grammar(raw, expected):
    assert parse_phase_command(raw, NOW) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("add Ateliers 01/02/2027 30/04/2027", "phase.need_name"),
        ('add "Ateliers" 30/04/2027 01/02/2027', "phase.end_before_start"),
        ('add "Ateliers" 01/02/2027', "phase.need_dates"),
        ('milestone add 1 "X" 32/01/2027', "error.bad_date"),
        ('milestone add 1 "X" 15/01/2027 <@U1|a> <@U2|b>', "phase.one_owner"),
        ("milestone frob 1", "phase.usage_milestone"),
        ("milestone assign 3", "phase.usage_milestone"),
        ("milestone assign 3 <@U1|a> <@U2|b>", "phase.one_owner"),
        ("milestone edit 3 colour red", "phase.usage_milestone"),
        ("edit 1 couleur rouge", "phase.usage_edit"),
        ("launch", "phase.usage"),
    ],
)
def test_grammar_errors(raw, key):
    with pytest.raises(GrammarError) as err:
        parse_phase_command(raw, NOW)
    assert err.value.key == key
