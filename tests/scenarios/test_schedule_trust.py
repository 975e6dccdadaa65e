"""Issue 12, through the real app: the re-plan never withdraws what is due, replies say what
happened, days off are kept by summaries and digests, and the next sitting is shown however far."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.missions.values import MissionSettings
from scheduler.clock import plan_ahead
from scheduler.delivery import Deliverer
from storage.models import Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS, TOM
from tests.scenarios.test_interactivity import SETUP_VALUES
from tests.slackcheck import all_text, only, shown

TEAM = "T0CONCERTO"


def deliverer(box) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker="t", sleep=lambda s: None)


def command(box, name: str, text: str, user: str = MARIE):
    mark = box.slack.mark()
    box.driver.command(name, text, user=user, channel=CHANNEL)
    return box.slack.since(mark)


def answer(calls) -> str:
    return all_text(only(calls, "respond").args)


def rows(box, entity: str, state: str = "pending") -> list[Notification]:
    with Session(box.runtime.engine) as s:
        found = s.exec(select(Notification).where(Notification.entity == entity, Notification.state == state)).all()
    return sorted(found, key=lambda r: r.planned_at)


def direct(box) -> None:
    box.runtime.services.missions.configure(TEAM, CHANNEL, actor=DIRECTOR, settings=MissionSettings(
        DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"))


def texts(box, target: str) -> list[str]:
    """What was posted to a channel or a person's DM, blocks included."""
    return [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == target]


def test_a_clock_started_during_a_meeting_still_sends_its_follow_up(box):
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    box.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS))  # during the meeting: the clock (re)starts
    plan_ahead(box.runtime.services)
    box.clock.set(datetime(2026, 12, 1, 10, 40, tzinfo=PARIS))  # a little after it ended: the hourly re-plan
    plan_ahead(box.runtime.services)
    assert deliverer(box).tick().sent == 1
    assert any("est terminée" in text for text in texts(box, MARIE))


def test_a_follow_up_sent_22_hours_late_says_so(box):
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    box.clock.set(datetime(2026, 12, 2, 8, 30, tzinfo=PARIS))
    plan_ahead(box.runtime.services)
    assert deliverer(box).tick().sent == 1
    (prompt,) = texts(box, MARIE)
    assert "est terminée" in prompt and "Envoyé en retard\u00a0: prévu pour mar. 1 déc., 10h30" in prompt


def test_a_digest_queued_by_send_survives_the_re_plan_and_a_settings_change(box):
    direct(box)
    assert "part vers le directeur" in answer(command(box, "/digest", "send", user=DIRECTOR))
    plan_ahead(box.runtime.services)
    command(box, "/digest", "settings daily 18h", user=DIRECTOR)
    assert deliverer(box).tick().sent == 1
    assert len(box.slack.posts("D0CLAIRE")) == 1


def test_a_due_reminder_moved_to_friday_says_when_it_is_due(box):
    command(box, "/action", "Envoyer la synthèse pour dimanche 06/12")
    box.clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=PARIS))  # Friday, when work starts
    deliverer(box).tick()
    (reminder,) = [text for text in texts(box, MARIE) if "Envoyer la synthèse" in text]
    assert "À faire pour dim. 6 déc." in reminder and "aujourd'hui" not in reminder


def test_the_monday_summary_waits_for_the_day_after_easter_monday(box):
    command(box, "/action", "Réserver la salle <@U0KARIM|karim> pour 02/04/2027")
    box.clock.set(datetime(2027, 3, 24, 10, 0, tzinfo=PARIS))
    mark = box.slack.mark()
    box.driver.command("/concerto", "settings", user=KARIM, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    box.driver.submit(view, {"reminders": {"type": "checkboxes", "selected_options": [
        {"value": "due"}, {"value": "summary"}]}}, user=KARIM)
    box.clock.set(datetime(2027, 3, 29, 9, 0, tzinfo=PARIS))  # Easter Monday
    plan_ahead(box.runtime.services)
    deliverer(box).tick()
    assert not [t for t in texts(box, KARIM) if "Votre semaine" in t]
    box.clock.set(datetime(2027, 3, 30, 9, 0, tzinfo=PARIS))
    deliverer(box).tick()
    assert len([t for t in texts(box, KARIM) if "Votre semaine" in t]) == 1


def test_a_weekly_digest_due_on_christmas_day_comes_the_working_day_before(box):
    direct(box)
    box.clock.set(datetime(2026, 12, 19, 10, 0, tzinfo=PARIS))  # Friday 25 December is a public holiday
    plan_ahead(box.runtime.services)
    assert [r.planned_at for r in rows(box, "digest")][-1] == datetime(2026, 12, 24, 17, 0, tzinfo=PARIS)


def test_end_on_a_one_off_meeting_refuses_and_names_the_right_commands(box):
    command(box, "/meeting", 'add cotech "COTECH n°2" le 17/12 à 14h')
    before = [(r.key, r.state) for r in rows(box, "meeting")]
    reply = answer(command(box, "/meeting", "end 1"))
    assert "n'a lieu qu'une fois" in reply and "/meeting cancel 1" in reply and "/meeting delete 1" in reply
    assert "s'arrête" not in reply and [(r.key, r.state) for r in rows(box, "meeting")] == before


def test_a_meeting_more_than_60_days_away_shows_its_next_sitting(box):
    calls = command(box, "/meeting", 'add elected "Comité des élus" le 15/04/2027 à 10h')
    post = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "plus de séance à venir" not in post and "15 avr." in post
    assert "15 avr." in answer(command(box, "/meeting", "list"))



SETUP = {**SETUP_VALUES, "timezone": {"type": "plain_text_input", "value": "America/Martinique"}}  # work at 08:30


def test_a_new_channel_zone_and_hours_re_plan_milestones_and_meetings_at_once(box):
    command(box, "/phase", 'milestone add none "Rapport d\'étape" 15/12')
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=DIRECTOR, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    assert box.driver.submit(view, SETUP, user=DIRECTOR).body == ""
    martinique = ZoneInfo("America/Martinique")
    alerts = [r.planned_at.astimezone(martinique) for r in rows(box, "milestone") if r.target == CHANNEL]
    assert alerts and {(a.hour, a.minute) for a in alerts} == {(8, 30)}  # when work starts, in the new zone
    hour_before = [r.planned_at.astimezone(PARIS) for r in rows(box, "meeting") if ":-1h:" in r.key]
    assert hour_before[0] == datetime(2026, 12, 1, 8, 30, tzinfo=PARIS)  # work now starts at 08:30


def test_a_person_s_new_zone_seen_by_a_profile_refresh_re_plans_their_reminders(box):
    command(box, "/action", "list mine", user=TOM)  # his profile is cached: New York
    command(box, "/action", "Relire la note <@U0TOM|tom> pour 04/12", user=MARIE)
    before = {r.key: r.planned_at for r in rows(box, "action") if r.target == TOM}
    box.slack.state.users[TOM].tz = "Europe/Paris"  # Tom moved from New York to Bordeaux
    box.clock.advance(timedelta(days=1, minutes=1))  # the cached profile is stale: refreshed on his next request
    command(box, "/action", "list mine", user=TOM)
    after = {r.key: r.planned_at for r in rows(box, "action") if r.target == TOM}
    assert after.keys() == before.keys()
    due = next(k for k in after if ":due:" in k)
    assert after[due] == datetime(2026, 12, 4, 9, 0, tzinfo=PARIS) != before[due]


def test_plan_re_import_lists_what_the_file_no_longer_has_and_removes_it_only_with_prune(box, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN)
    env = {**os.environ, "DATABASE_URL": box.runtime.engine.url.render_as_string(hide_password=False)}
    base = [sys.executable, "-m", "concerto.cli", "plan", "import", str(plan), "--channel", CHANNEL,
            "--team", TEAM, "--as", DIRECTOR]

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
