"""Mission plans as values: a table of bad plans, every problem with its line."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.missions.plan_file import PlanError, read_plan
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("phases: [1, 2]", ["line 1: phases should be a mapping of keys to entries"]),
        (
            "phases:\n  s: {name: S, start: 2027-01-15, end: 2027-01-10}",
            ["line 2: phase 's': it ends before it starts"],
        ),
        (
            "phases:\n  S 1: {name: S, start: 2027-01-15, end: 2027-01-15}",
            ["line 2: phase key 'S 1' should be lower-case letters, digits, - or _"],
        ),
        (
            "phases:\n  s: {name: S, start: someday, end: 2027-01-15}",
            ["line 2: phase 's': cannot read the date 'someday' (write 2027-01-15 or 15/01/2027)"],
        ),
        (
            "milestones:\n  m: {name: M, due: 3 days before nowhere}",
            ["line 2: milestone 'm': no phase 'nowhere' in this plan"],
        ),
        (
            "milestones:\n  m: {nom: M, due: 2027-01-01}",
            [
                "line 2: milestone 'm': unknown field 'nom' (expected due, name, owner)",
                "line 2: milestone 'm': missing 'name'",
            ],
        ),
        (
            "milestones:\n  m: {name: M, due: 2027-01-01, owner: marie}",
            ["line 2: milestone 'm': the owner should be a Slack user id such as U0123ABCD"],
        ),
        ("meetings:\n  x: {kind: party, title: X, when: every tuesday 9h}", ["line 2: meeting 'x': bad kind (party)"]),
        ("meetings:\n  x: {kind: weekly, title: X}", ["line 2: meeting 'x': missing 'when'"]),
        (
            "series:\n  w: {kind: workshop, title: 'A {who}', each: [{dates: [2027-02-02 14:00]}]}",
            ["line 2: series 'w': the title may use {topic}, {n} and {i} only"],
        ),
        (
            "colour: blue",
            ["line 1: the plan: unknown field 'colour' (expected holidays, meetings, milestones, phases, series)"],
        ),
        ("phases: {s: [oops", ["line 1: not valid YAML (expected ',' or ']', but got '<stream end>')"]),
        ("", ["line 1: the plan is empty"]),
    ],
)
def test_bad_plans_say_every_problem_with_its_line(text, problems):
    with pytest.raises(PlanError) as err:
        read_plan(text, now=NOW)
    assert err.value.problems == problems
