"""`/concerto` through signed HTTP: the setup form saves the mission and then only its director may change
it, its errors land on their field, the channel's language follows it, a public channel it is set up in
is joined, a new zone or new working hours re-plan what is pending at once; `/concerto` alone is the
help."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from storage.models import Mission, Notification
from testing.harness import setup_values
from tests.conftest import CHANNEL, DIRECTOR, KARIM, PARIS, PUBLIC, TOM
from tests.scenarios.steps import SETUP_VALUES, command, create, open_form, rows
from tests.slackcheck import all_text, only, shown


def test_setup_saves_the_mission_and_then_only_the_director_may_change_it(box):
    view = open_form(box, "/concerto", "setup", user=DIRECTOR)
    assert view["callback_id"] == "mission_setup"
    mark = box.slack.mark()
    assert box.driver.submit(view, SETUP_VALUES, user=DIRECTOR).body == ""
    saved = only(box.slack.since(mark), "chat.postEphemeral").args
    assert saved["user"] == DIRECTOR and "08:30–17:30" in saved["text"]
    with Session(box.runtime.engine) as s:
        mission = s.exec(select(Mission)).one()
    assert (mission.director_id, mission.language, mission.work_days) == (DIRECTOR, "en", "1234")
    assert mission.holiday_country is None  # the box was unticked: holidays are working days

    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=KARIM, channel=CHANNEL)
    refusal = shown(box.slack.since(mark))  # in the modal, where the person is looking
    assert "callback_id" not in refusal and "submit" not in refusal and "U0CLAIRE" in all_text(refusal)
    reply = box.driver.submit(view, {**SETUP_VALUES, "director": {"selected_user": KARIM}}, user=KARIM)
    assert reply.json()["response_action"] == "update"  # the director's form, sent by someone else: refused
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).one().director_id == DIRECTOR


def test_setup_validation_errors(box):
    view = open_form(box, "/concerto", "setup", user=DIRECTOR)
    bad = [
        ({"work_end": {"type": "timepicker", "selected_time": "08:00"}}, "work_end"),
        ({"work_days": {"type": "checkboxes", "selected_options": []}}, "work_days"),
    ]
    for change, field in bad:
        reply = box.driver.submit(view, {**SETUP_VALUES, **change}, user=DIRECTOR)
        assert list(reply.json()["errors"]) == [field]
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).one().director_id is None


def test_channel_language_follows_setup(box):
    box.driver.submit(open_form(box, "/concerto", "setup", user=DIRECTOR), SETUP_VALUES, user=DIRECTOR)
    text = all_text(create(box, "Préparer le séminaire").args)
    assert "*Owner*" in text and '"Done"' in text and "Responsable" not in text


def test_concerto_help(box):
    mark = box.slack.mark()
    box.driver.command("/concerto", "", user=TOM, channel=CHANNEL)
    text = all_text(only(box.slack.since(mark), "respond").args)
    assert "/concerto setup" in text and "/digest help" in text


def test_changing_working_hours_replans_reminders(box):
    create(box, "Préparer le séminaire pour vendredi")
    box.driver.submit(open_form(box, "/concerto", "setup", user=DIRECTOR), SETUP_VALUES, user=DIRECTOR)
    with Session(box.runtime.engine) as s:
        due = next(n for n in s.exec(select(Notification)) if n.state == "pending" and n.kind == "action.due")
    # the new week is Monday to Thursday from 08:30: a Friday due is reminded on Thursday at 08:30
    assert due.planned_at.isoformat() == "2026-12-03T07:30:00+00:00"


SETUP = {
    **SETUP_VALUES,
    "timezone": {"type": "static_select", "selected_option": {"value": "America/Martinique"}},
}  # work at 08:30


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


def test_setup_in_a_public_channel_joins_it_and_confirms_there(box):
    box.slack.add_channel(PUBLIC, "public-mission")
    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=DIRECTOR, channel=PUBLIC)
    view = shown(box.slack.since(mark))
    box.driver.submit(view, setup_values(DIRECTOR), user=DIRECTOR)
    assert box.slack.state.channels[PUBLIC].member
    confirmed = only(box.slack.calls(), "chat.postEphemeral", channel=PUBLIC)
    assert confirmed.result["ok"]


def test_a_newly_named_director_is_told_what_the_role_brings_once(box):
    def welcomes(user: str) -> list[str]:
        return [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == user]

    values = {**SETUP_VALUES, "language": {"type": "static_select", "selected_option": {"value": "fr"}}}
    named = {**values, "director": {"type": "users_select", "selected_user": KARIM}}
    box.driver.submit(open_form(box, "/concerto", "setup", user=DIRECTOR), named, user=DIRECTOR)
    (welcome,) = welcomes(KARIM)
    assert "directeur ou directrice de projet de <#C0MISSION>" in welcome and "/digest" in welcome
    box.driver.submit(open_form(box, "/concerto", "setup", user=KARIM), named, user=KARIM)
    assert len(welcomes(KARIM)) == 1  # saved again, the same director: nothing more
    handed = {**values, "director": {"type": "users_select", "selected_user": TOM}}
    box.driver.submit(open_form(box, "/concerto", "setup", user=KARIM), handed, user=KARIM)
    (to_tom,) = welcomes(TOM)
    assert "project director of <#C0MISSION>" in to_tom  # in Tom's own language
    assert welcomes(DIRECTOR) == []  # who names themselves knows it


def test_a_mission_in_alsace_moselle_keeps_good_friday(box):
    ticked = {"type": "checkboxes", "selected_options": [{"value": "FR"}, {"value": "6AE"}]}
    values = {**SETUP_VALUES, "language": {"type": "static_select", "selected_option": {"value": "fr"}}}
    box.driver.submit(
        open_form(box, "/concerto", "setup", user=DIRECTOR), {**values, "holidays": ticked}, user=DIRECTOR
    )
    with Session(box.runtime.engine) as s:
        mission = s.exec(select(Mission)).one()
    assert (mission.holiday_country, mission.holiday_subdivision) == ("FR", "6AE")
    reopened = open_form(box, "/concerto", "setup", user=DIRECTOR)
    kept = [b for b in reopened["blocks"] if b.get("block_id") == "holidays"][0]["element"]["initial_options"]
    assert [o["value"] for o in kept] == ["FR", "6AE"]
    reply = command(box, "/phase", 'milestone add aucune "Dossier déposé" 26/03/2027', user=DIRECTOR)
    assert "Vendredi saint" in all_text(only(reply, "respond").args)


def test_the_time_zone_is_picked_among_cities_not_typed(box):
    view = open_form(box, "/concerto", "setup", user=DIRECTOR)
    (zone,) = [b["element"] for b in view["blocks"] if b.get("block_id") == "timezone"]
    assert zone["type"] == "static_select" and zone["initial_option"]["text"]["text"] == "(UTC+01:00) Paris"
    assert "IANA" not in json.dumps(view)
