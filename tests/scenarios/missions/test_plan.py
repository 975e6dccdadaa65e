"""Mission plans imported: the example plan whole, re-imports that change nothing, edits applied in
place, and what the file no longer has listed, and removed only when asked (`--prune`)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, func, select

from bot.missions.plan_file import read_plan
from storage.models import Meeting, Milestone, Notification, Phase
from tests.conftest import CHANNEL, DIRECTOR, PARIS
from tests.scenarios.steps import TEAM, command, deliverer, rows
from tests.slackcheck import all_text, answer

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)
EXAMPLE = Path(__file__).parents[3] / "plans" / "srdeii.yaml"

SMALL = """\
phases:
  seminar: {name: Séminaire de lancement, start: 2027-01-15, end: 2027-01-15}
milestones:
  invitations: {name: Invitations envoyées, due: 21 days before seminar, owner: U0MARIE}
  synthesis: {name: Synthèse remise, due: 14 days after seminar}
meetings:
  coordination: {kind: weekly, title: Réunion de coordination, when: every tuesday 09:30, for: 1h}
"""


def counts(box) -> dict[str, int]:
    with Session(box.runtime.engine) as s:
        return {
            model.__name__: s.exec(select(func.count()).select_from(model)).one()
            for model in (Phase, Milestone, Meeting)
        }


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
    edited = SMALL.replace("start: 2027-01-15, end: 2027-01-15", "start: 2027-01-22, end: 2027-01-22").replace(
        "every tuesday 09:30", "every tuesday 10:00"
    )
    done = plans.import_plan(mission(box), read_plan(edited, now=NOW), actor=DIRECTOR)
    assert done == {"phases updated": 1, "milestones updated": 2, "meetings updated": 1}
    assert counts(box) == {"Phase": 1, "Milestone": 2, "Meeting": 1}
    with Session(box.runtime.engine) as s:
        dues = {m.plan_key: m.due_on for m in s.exec(select(Milestone))}
        meeting = s.exec(select(Meeting)).one()
        alerts = s.exec(
            select(Notification).where(Notification.entity == "milestone", Notification.state == "pending")
        ).all()
    assert dues == {"invitations": date(2027, 1, 1), "synthesis": date(2027, 2, 5)}
    assert meeting.starts_local.hour == 10 and meeting.sequence == 1
    assert alerts and all("2027-01-01" in a.key or "2027-02-05" in a.key for a in alerts)


def test_plan_re_import_lists_what_the_file_no_longer_has_and_removes_it_only_with_prune(box, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN)
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    base = [
        sys.executable,
        "-m",
        "concerto.cli",
        "plan",
        "import",
        str(plan),
        "--channel",
        CHANNEL,
        "--team",
        TEAM,
        "--as",
        DIRECTOR,
    ]

    def run(*extra: str) -> str:
        done = subprocess.run([*base, *extra], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run()
    plan.write_text(PLAN.replace('  cotech: {kind: cotech, title: COTECH, when: "on 17/12 14:00"}\n', ""))
    kept = run()
    assert "no longer in" in kept and "kept (--prune removes them)" in kept and "meeting 'cotech' (COTECH)" in kept
    assert "COTECH" in answer(command(box, "/meeting", "list")) and rows(box, "meeting")
    pruned = run("--prune")
    assert "1 meetings removed" in pruned and "removed: meeting 'cotech' (COTECH)" in pruned
    assert "COTECH" not in answer(command(box, "/meeting", "list"))
    assert rows(box, "meeting") and all(r.key.startswith("meeting:1:") for r in rows(box, "meeting"))
    assert "no longer in" not in run("--prune")


PLAN = """\
meetings:
  coordination: {kind: weekly, title: Réunion de coordination, when: every tuesday 09:30, for: 1h}
  cotech: {kind: cotech, title: COTECH, when: "on 17/12 14:00"}
"""


def test_a_phase_end_moved_moves_the_milestones_set_after_it_and_the_notice_lists_them(box):
    plan = """\
phases:
  workshops: {name: Ateliers, start: 2027-02-01, end: 2027-04-30}
milestones:
  panels: {name: Participants invités, due: 14 days before workshops}
  synthesis: {name: Synthèse des ateliers, due: 14 days after workshops}
"""
    box.runtime.services.plans.import_plan(mission(box), read_plan(plan, now=NOW), actor=DIRECTOR)
    calls = command(box, "/phase", "edit 1 fin 14/05/2027", user=DIRECTOR)
    notice = answer_or_post(calls)
    with Session(box.runtime.engine) as s:
        dues = {m.name: m.due_on for m in s.exec(select(Milestone))}
    assert dues == {"Participants invités": date(2027, 1, 18), "Synthèse des ateliers": date(2027, 5, 28)}
    assert "Synthèse des ateliers" in notice and "14 mai" in notice and "28 mai" in notice
    assert "Participants invités" not in notice  # set from the start, which did not move
    command(box, "/phase", "move 1 08/02/2027", user=DIRECTOR)  # the whole phase a week later: both follow
    with Session(box.runtime.engine) as s:
        dues = {m.name: m.due_on for m in s.exec(select(Milestone))}
    assert dues == {"Participants invités": date(2027, 1, 25), "Synthèse des ateliers": date(2027, 6, 4)}


def answer_or_post(calls) -> str:
    """The channel's notice of a plan change."""
    (post,) = [c for c in calls if c.method == "chat.postMessage" and c.args["channel"] == CHANNEL]
    return all_text(post.args)


def test_a_plan_s_series_that_meet_on_holidays_are_said_in_the_channel(box):
    plan = """\
meetings:
  cotech: {kind: cotech, title: COTECH, when: tous les mois le premier jeudi 14h}
  weekly: {kind: weekly, title: Point, when: every tuesday 9h30}
"""
    box.runtime.services.plans.import_plan(mission(box), read_plan(plan, now=NOW), actor=DIRECTOR)
    deliverer(box).tick()
    (told,) = [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert "jour férié" in told and "jeu. 6 mai 2027 (Ascension) a lieu le ven. 7 mai 2027" in told
    assert "#2 Point" not in told  # no Tuesday of the year to come is a holiday
    box.runtime.services.plans.import_plan(mission(box), read_plan(plan, now=NOW), actor=DIRECTOR)
    deliverer(box).tick()
    assert len([c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL]) == 1  # once
