"""Trust boundaries, probed as an attacker would: two OAuth workspaces (an agency and its client, the Region)
sharing a Slack Connect channel, and requests that carry ids of what they should not reach (a button's
value, a form's private_metadata, another organisation's admin rights). Each is refused and changes nothing:
no row, no post, no form showing what it should not."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from storage.models import Action, Mission, MissionTeam, Notification
from testing.harness import Sandbox, install, setup_values
from tests.conftest import AGENCY, ANNA, BRUNO, PRIVATE, REGION, SHARED
from tests.slackcheck import all_text, only, shown

REGION_ADMIN, REGION_OWN = "U0REGADMIN", "C0REGION"  # the Region's workspace admin; a channel of the Region alone
SECRET = "Budget interne confidentiel"  # the agency's, in its private channel


@pytest.fixture
def agency_and_region(two: Sandbox) -> Sandbox:
    """Both organisations installed; Anna directs the shared channel's mission; the agency has an action in
    its private channel; the Region has an admin and a channel of its own."""
    two.slack.add_user(REGION_ADMIN, "admin.region", "Rémi Admin", is_admin=True)
    two.slack.add_channel(REGION_OWN, "region-interne")
    two.slack.state.workspaces.share(REGION_OWN, REGION)
    two.slack.state.workspaces.members[REGION_ADMIN] = REGION
    install(two, AGENCY, "Agence Concerto")
    install(two, REGION, "Région")
    view = form(two, "/concerto", "setup", user=ANNA, channel=SHARED, team=AGENCY)
    assert two.driver.submit(view, setup_values(ANNA), user=ANNA, team=AGENCY).body == ""
    two.driver.command("/action", f"{SECRET} pour vendredi", user=ANNA, channel=PRIVATE, team=AGENCY)
    return two


def form(box: Sandbox, command: str, text: str = "", *, user: str, channel: str, team: str) -> dict:
    mark = box.slack.mark()
    box.driver.command(command, text, user=user, channel=channel, team=team)
    return shown(box.slack.since(mark))


def action_in(box: Sandbox, channel: str, text: str) -> Action:
    with Session(box.runtime.engine) as s:
        return s.exec(select(Action).join(Mission).where(Mission.channel_id == channel, Action.text == text)).one()


def counts(box: Sandbox) -> tuple[int, ...]:
    """Rows a forged request could add: actions, missions, workspaces recorded as sharing a mission."""
    with Session(box.runtime.engine) as s:
        return tuple(s.exec(select(func.count()).select_from(table)).one() for table in (Action, Mission, MissionTeam))


def director_of(box: Sandbox, channel: str) -> str | None:
    with Session(box.runtime.engine) as s:
        return s.exec(select(Mission).where(Mission.channel_id == channel)).one().director_id


def test_another_organisations_admin_cannot_take_over_the_shared_channels_mission(agency_and_region):
    box = agency_and_region
    refusal = form(box, "/concerto", "setup", user=REGION_ADMIN, channel=SHARED, team=REGION)
    assert "callback_id" not in refusal and "submit" not in refusal  # told why in the modal, no form to send

    own = form(box, "/concerto", "setup", user=REGION_ADMIN, channel=REGION_OWN, team=REGION)  # theirs to set up
    forged = {**own, "private_metadata": json.dumps({"channel": SHARED})}
    reply = box.driver.submit(forged, setup_values(REGION_ADMIN), user=REGION_ADMIN, team=REGION)
    assert reply.status == 200
    assert director_of(box, SHARED) == ANNA
    assert director_of(box, REGION_OWN) == REGION_ADMIN  # the form did what it was opened for, there only

    made_up = {
        "callback_id": "mission_setup",
        "blocks": own["blocks"],  # the form's inputs, under a view id the bot never opened
        "external_id": "concerto:made-up",
        "private_metadata": json.dumps({"channel": SHARED}),
    }
    reply = box.driver.submit(made_up, setup_values(REGION_ADMIN), user=REGION_ADMIN, team=REGION)
    assert reply.json()["response_action"] == "update"  # a form the bot never opened: refused in its place
    assert director_of(box, SHARED) == ANNA


def test_a_guest_of_the_shared_channel_cannot_set_its_mission_up_before_a_director_is_named(two):
    install(two, AGENCY, "Agence Concerto")
    install(two, REGION, "Région")
    two.driver.command("/action", "Ouvrir la concertation", user=ANNA, channel=SHARED, team=AGENCY)  # the agency's
    refusal = form(two, "/concerto", "setup", user=BRUNO, channel=SHARED, team=REGION)
    assert "callback_id" not in refusal and "organisation" in all_text(refusal)
    assert director_of(two, SHARED) is None


def test_a_button_reaches_only_what_its_channel_or_its_person_may(agency_and_region):
    box = agency_and_region
    secret = action_in(box, PRIVATE, SECRET)
    mark = box.slack.mark()
    box.driver.command(
        "/action",
        "Transmettre les contributions <@U0BRUNO|bruno> pour vendredi",
        user=ANNA,
        channel=SHARED,
        team=AGENCY,
    )
    shared_ts = only(box.slack.since(mark), "chat.postMessage", channel=SHARED).result["ts"]
    before = counts(box)

    mark = box.slack.mark()  # the Region's Bruno, in the shared channel, with the agency's private action's id
    box.driver.click("action_reassign", str(secret.id), user=BRUNO, channel=SHARED, message_ts=shared_ts, team=REGION)
    refusal = shown(box.slack.since(mark))
    assert SECRET not in all_text(refusal) and "callback_id" not in refusal

    for user, team, channel in [
        (ANNA, AGENCY, SHARED),  # its own creator, but from another channel
        (BRUNO, REGION, "D0BRUNO"),
    ]:  # from a DM, by someone it does not concern
        mark = box.slack.mark()
        box.driver.click("action_done", str(secret.id), user=user, channel=channel, message_ts=shared_ts, team=team)
        calls = box.slack.since(mark)
        assert [c.method for c in calls] == ["respond"] and "n'existe plus" in calls[0].args["text"]

    mark = box.slack.mark()  # the digest's "full list", naming the agency's private channel, from Bruno's DM
    box.driver.click("digest_full_list", PRIVATE, user=BRUNO, channel="D0BRUNO", message_ts="1.0", team=REGION)
    calls = box.slack.since(mark)
    assert [c.method for c in calls] == ["respond"] and SECRET not in all_text(calls[0].args)

    for no_id in ("1 OR 1=1", "99999999999999999999", "-1"):  # ids that are no ids
        mark = box.slack.mark()
        box.driver.click("action_done", no_id, user=BRUNO, channel=SHARED, message_ts=shared_ts, team=REGION)
        assert [c.method for c in box.slack.since(mark)] == ["respond"]

    assert action_in(box, PRIVATE, SECRET).status == "open" and counts(box) == before


def test_a_form_acts_in_the_channel_it_was_opened_from_whatever_its_metadata_says(agency_and_region):
    box = agency_and_region
    view = form(box, "/action", user=BRUNO, channel=REGION_OWN, team=REGION)
    forged = {**view, "private_metadata": json.dumps({"channel": PRIVATE})}
    mark = box.slack.mark()
    box.driver.submit(
        forged,
        {
            "text": {"type": "plain_text_input", "value": "Relire la synthèse"},
            "owners": {"type": "multi_users_select", "selected_users": [BRUNO]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=BRUNO,
        team=REGION,
    )
    calls = box.slack.since(mark)
    assert only(calls, "chat.postMessage", channel=REGION_OWN)
    assert not [c for c in calls if c.args.get("channel") == PRIVATE]
    assert action_in(box, REGION_OWN, "Relire la synthèse").team_id == REGION
    with Session(box.runtime.engine) as s:
        private = s.exec(select(Mission).where(Mission.channel_id == PRIVATE)).one()
        assert s.exec(select(MissionTeam).where(MissionTeam.mission_id == private.id)).all() == []
        assert len(s.exec(select(Action).where(Action.mission_id == private.id)).all()) == 1


def test_a_shortcuts_form_acts_in_the_channel_of_its_message(agency_and_region):
    box = agency_and_region
    mark = box.slack.mark()
    box.driver.message_shortcut(
        "create_action_item",
        user=BRUNO,
        channel=SHARED,
        message_text="Relancer la CCI",
        message_ts="1700000100.000100",
        author=ANNA,
        team=REGION,
    )
    view = shown(box.slack.since(mark))
    forged = {**view, "private_metadata": json.dumps({"channel": PRIVATE, "permalink": "https://evil.example"})}
    before = counts(box)
    box.driver.submit(
        forged,
        {
            "text": {"type": "plain_text_input", "value": "Relancer la CCI"},
            "owners": {"type": "multi_users_select", "selected_users": [BRUNO]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=BRUNO,
        team=REGION,
    )
    made = action_in(box, SHARED, "Relancer la CCI")
    assert "evil" not in (made.permalink or "") and made.permalink.endswith("p1700000100000100")
    assert counts(box) == (before[0] + 1, *before[1:])


def test_a_form_someone_else_opened_is_refused(agency_and_region):
    box = agency_and_region
    annas = form(box, "/action", user=ANNA, channel=SHARED, team=AGENCY)
    before = counts(box)
    reply = box.driver.submit(
        annas,
        {
            "text": {"type": "plain_text_input", "value": "Au nom d'Anna"},
            "owners": {"type": "multi_users_select", "selected_users": [ANNA]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=BRUNO,
        team=REGION,
    )
    assert reply.json()["response_action"] == "update" and counts(box) == before


def test_one_organisation_leaving_stops_only_what_is_its_own(agency_and_region):
    """An event names its workspace: the Region uninstalling the app leaves the agency's mission, in the
    channel they shared, and its reminders (Bruno's included, sent with the agency's token) as they were."""
    box = agency_and_region
    box.driver.command(
        "/action", "Préparer le COTECH <@U0BRUNO|bruno> pour vendredi", user=ANNA, channel=SHARED, team=AGENCY
    )
    before = pending_in(box, SHARED)
    assert before
    box.driver.event({"type": "app_uninstalled"}, team=REGION)
    assert pending_in(box, SHARED) == before


def pending_in(box: Sandbox, channel: str) -> list[str]:
    with Session(box.runtime.engine) as s:
        mission = s.exec(select(Mission).where(Mission.channel_id == channel)).one()
        return sorted(
            s.exec(
                select(Notification.key).where(Notification.mission_id == mission.id, Notification.state == "pending")
            ).all()
        )
