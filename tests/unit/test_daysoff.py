"""Dates on a day off are said with the nearest working day: weekends, French public holidays, and a plan's
phases, milestones and one-off meetings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.context import Context
from bot.daysoff import off_note, plan_days_off, why_off
from bot.missions.plan_file import PlanError, read_plan
from bot.worktime import WorkWeek
from tests.conftest import PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
FR = Context("fr", PARIS, NOW, WorkWeek())


@pytest.mark.parametrize(
    ("day", "why", "nearest"),
    [
        (date(2026, 12, 25), "Noël", date(2026, 12, 24)),  # a Friday holiday: the Thursday before
        (date(2027, 3, 29), "Lundi de Pâques", date(2027, 3, 30)),  # Tuesday is closer than Friday
        (date(2026, 12, 5), "samedi", date(2026, 12, 4)),
        (date(2026, 12, 6), "dimanche", date(2026, 12, 7)),
        (date(2027, 7, 14), "Fête nationale", date(2027, 7, 13)),  # a Wednesday: the two sides tie, the earlier
        (date(2026, 12, 7), None, date(2026, 12, 7)),
    ],
)
def test_why_a_day_is_off_and_the_nearest_working_day(day, why, nearest):
    assert why_off(day, FR) == why
    assert FR.week.nearest_working_day(day) == nearest


def test_the_note_names_the_first_day_off_only():
    assert off_note([date(2026, 12, 7)], FR) is None
    note = off_note([date(2026, 12, 7), date(2026, 12, 25), date(2026, 12, 26)], FR)
    assert note is not None and "ven. 25 déc." in note and "Noël" in note and "jeu. 24 déc." in note


def test_a_plan_lists_what_falls_on_a_day_off():
    plan = read_plan(
        """\
phases:
  seminar: {name: Séminaire, start: 2027-01-15, end: 2027-01-16}
milestones:
  print: {name: Programme imprimé, due: 2026-12-25}
  ok: {name: Salle réservée, due: 2026-12-08}
meetings:
  debate: {kind: debate, title: Débat, when: le 14/07/2027 à 18h}
""",
        now=NOW,
    )
    lines = plan_days_off(plan, FR)
    assert len(lines) == 3
    assert lines[0].startswith("phase 'seminar' end on sam. 16 janv. 2027 (samedi)")
    assert "milestone 'print'" in lines[1] and "Noël" in lines[1] and "jeu. 24 déc." in lines[1]
    assert "meeting 'debate'" in lines[2] and "Fête nationale" in lines[2]


def test_alsace_moselle_keeps_good_friday_and_26_december_and_a_plan_may_say_so():
    alsace = Context("fr", PARIS, NOW, WorkWeek(country="FR/6AE"))
    assert why_off(date(2027, 3, 26), alsace) == "Vendredi saint" and why_off(date(2027, 3, 26), FR) is None
    assert why_off(date(2026, 12, 26), alsace) is not None
    plan = read_plan("holidays: alsace-moselle\nmilestones:\n  x: {name: X, due: 2027-03-26}\n", now=NOW)
    assert plan.holidays == ("FR", "6AE") and "Vendredi saint" in plan_days_off(plan, alsace)[0]
    with pytest.raises(PlanError) as err:
        read_plan("holidays: bretagne\n", now=NOW)
    assert err.value.problems == ["line 1: holidays: 'bretagne' is not one of france, alsace-moselle, none"]
