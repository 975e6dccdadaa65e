"""Mission plans: a table of bad plans (every problem with its line, nothing imported), the example
plan imported whole, re-imports that change nothing, and edits applied in place."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from bot.missions.plan_file import PlanError, read_plan
from storage.models import Meeting, Milestone, Notification, Phase
from tests.conftest import CHANNEL, DIRECTOR, PARIS

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
EXAMPLE = Path(__file__).parent.parent / "plans" / "srdeii.yaml"

SMALL = """\
phases:
  seminar: {name: Séminaire de lancement, start: 2027-01-15, end: 2027-01-15}
milestones:
  invitations: {name: Invitations envoyées, due: 21 days before seminar, owner: U0MARIE}
  synthesis: {name: Synthèse remise, due: 14 days after seminar}
meetings:
  coordination: {kind: weekly, title: Réunion de coordination, when: every tuesday 09:30, for: 1h}
"""


@pytest.mark.parametrize(("text", "problems"), [
    ("phases: [1, 2]", ["line 1: phases should be a mapping of keys to entries"]),
    ("phases:\n  s: {name: S, start: 2027-01-15, end: 2027-01-10}", ["line 2: phase 's': it ends before it starts"]),
    ("phases:\n  S 1: {name: S, start: 2027-01-15, end: 2027-01-15}",
     ["line 2: phase key 'S 1' should be lower-case letters, digits, - or _"]),
    ("phases:\n  s: {name: S, start: someday, end: 2027-01-15}",
     ["line 2: phase 's': cannot read the date 'someday' (write 2027-01-15 or 15/01/2027)"]),
    ("milestones:\n  m: {name: M, due: 3 days before nowhere}",
     ["line 2: milestone 'm': no phase 'nowhere' in this plan"]),
    ("milestones:\n  m: {nom: M, due: 2027-01-01}",
     ["line 2: milestone 'm': unknown field 'nom' (expected due, name, owner)",
      "line 2: milestone 'm': missing 'name'"]),
    ("milestones:\n  m: {name: M, due: 2027-01-01, owner: marie}",
     ["line 2: milestone 'm': the owner should be a Slack user id such as U0123ABCD"]),
    ("meetings:\n  x: {kind: party, title: X, when: every tuesday 9h}", ["line 2: meeting 'x': bad kind (party)"]),
    ("meetings:\n  x: {kind: weekly, title: X}", ["line 2: meeting 'x': missing 'when'"]),
    ("series:\n  w: {kind: workshop, title: 'A {who}', each: [{dates: [2027-02-02 14:00]}]}",
     ["line 2: series 'w': the title may use {topic}, {n} and {i} only"]),
    ("colour: blue", ["line 1: the plan: unknown field 'colour' (expected meetings, milestones, phases, series)"]),
    ("phases: {s: [oops", ["line 1: not valid YAML (expected ',' or ']', but got '<stream end>')"]),
    ("", ["line 1: the plan is empty"]),
])
def test_bad_plans_say_every_problem_with_its_line(text, problems):
    with pytest.raises(PlanError) as err:
        read_plan(text, now=NOW)
    assert err.value.problems == problems


def counts(box) -> dict[str, int]:
    with Session(box.runtime.engine) as s:
        return {model.__name__: s.exec(select(func.count()).select_from(model)).one()
                for model in (Phase, Milestone, Meeting)}


def mission(box):
    return box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL)


def test_example_plan_imports_whole_and_reimports_as_nothing(box):
    plan = read_plan(EXAMPLE.read_text(), now=NOW)
    done = box.runtime.services.plans.import_plan(mission(box), plan, actor=DIRECTOR)
    assert done == {"phases created": 4, "milestones created": 11, "meetings created": 35}
    assert counts(box) == {"Phase": 4, "Milestone": 11, "Meeting": 35}
    with Session(box.runtime.engine) as s:
        workshops = s.exec(select(Meeting).where(Meeting.kind == "workshop")).all()
        invitations = s.exec(select(Milestone).where(Milestone.plan_key == "invitations")).one()
    assert len(workshops) == 24 and all(m.duration_minutes == 180 for m in workshops)
    assert invitations.due_on == date(2026, 12, 25) and invitations.offset_days == -21
    assert box.runtime.services.plans.import_plan(mission(box), plan, actor=DIRECTOR) == {}
    assert counts(box) == {"Phase": 4, "Milestone": 11, "Meeting": 35}


def test_edited_plan_updates_in_place(box):
    plans = box.runtime.services.plans
    plans.import_plan(mission(box), read_plan(SMALL, now=NOW), actor=DIRECTOR)
    edited = SMALL.replace("start: 2027-01-15, end: 2027-01-15", "start: 2027-01-22, end: 2027-01-22") \
        .replace("every tuesday 09:30", "every tuesday 10:00")
    done = plans.import_plan(mission(box), read_plan(edited, now=NOW), actor=DIRECTOR)
    assert done == {"phases updated": 1, "milestones updated": 2, "meetings updated": 1}
    assert counts(box) == {"Phase": 1, "Milestone": 2, "Meeting": 1}
    with Session(box.runtime.engine) as s:
        dues = {m.plan_key: m.due_on for m in s.exec(select(Milestone))}
        meeting = s.exec(select(Meeting)).one()
        alerts = s.exec(select(Notification).where(Notification.entity == "milestone",
                                                   Notification.state == "pending")).all()
    assert dues == {"invitations": date(2027, 1, 1), "synthesis": date(2027, 2, 5)}
    assert meeting.starts_local.hour == 10 and meeting.sequence == 1
    assert alerts and all("2027-01-01" in a.key or "2027-02-05" in a.key for a in alerts)


def test_cli_reports_problems_and_imports_nothing(box, tmp_path):
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL + "  broken: {kind: weekly, title: B}\n")
    args = [sys.executable, "-m", "concerto.cli", "plan", "import"]
    failed = subprocess.run([*args, str(bad), "--channel", CHANNEL, "--team", "T0CONCERTO", "--as", DIRECTOR],
                            env=env, capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2
    assert f"{bad}: line 8: meeting 'broken': missing 'when'" in failed.stderr
    assert "nothing was imported" in failed.stderr
    assert counts(box) == {"Phase": 0, "Milestone": 0, "Meeting": 0}
    ok = subprocess.run([*args, str(EXAMPLE), "--channel", CHANNEL, "--team", "T0CONCERTO", "--as", DIRECTOR],
                        env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "35 meetings created, 11 milestones created, 4 phases created" in ok.stdout
