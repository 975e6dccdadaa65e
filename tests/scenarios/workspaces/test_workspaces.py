"""Installs in several workspaces, through the real app over signed HTTP and the stand-in: Bolt's OAuth
flow, each workspace's token for its own requests and notifications, one mission per Slack Connect
channel, nothing of one workspace shown to another, and an uninstall that stops what was pending."""

from __future__ import annotations

import re
import time
import urllib.request
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlmodel import Session

from concerto.wiring import clients_by_team
from scheduler.delivery import Deliverer
from storage.installations import bots_table
from storage.models import Action, Mission, Notification
from testing.harness import Sandbox, install
from tests.conftest import AGENCY, ANNA, BRUNO, PARIS, PRIVATE, REGION, REGION_ORG, SHARED
from tests.slackcheck import all_text, only, shown


def action(
    box: Sandbox, text: str, *, user: str, team: str, channel: str = SHARED, enterprise: str | None = None
) -> str:
    mark = box.slack.mark()
    reply = box.driver.command("/action", text, user=user, channel=channel, team=team, enterprise=enterprise)
    assert reply.status == 200
    return all_text(only(box.slack.since(mark), "chat.postMessage", channel=channel).args)


def test_install_flow_stores_the_installation_and_its_token_serves_its_workspace(two):
    consent, back = two.driver.install(AGENCY, "Agence Concerto")
    consent = urlparse(consent)
    query = parse_qs(consent.query)
    assert consent.netloc == "slack.com" and consent.path == "/oauth/v2/authorize" and query["state"]
    assert query["client_id"] == [two.slack.state.workspaces.client_id]
    assert query["scope"][0].split(",")[:2] == ["commands", "chat:write"]
    assert query["redirect_uri"] == ["https://concerto.example.org/slack/oauth_redirect"]
    assert back.startswith("200")
    (token,) = two.slack.state.workspaces.teams[AGENCY].tokens
    with two.runtime.engine.connect() as conn:
        (bot,) = conn.execute(select(bots_table.c.team_id, bots_table.c.bot_token, bots_table.c.bot_id)).all()
    assert bot == (AGENCY, token, f"B0BOT{AGENCY}")  # Bolt asked auth.test whose token it was

    mark = two.slack.mark()
    two.driver.command("/action", "Réserver la salle du conseil pour vendredi", user=ANNA, channel=PRIVATE, team=AGENCY)
    calls = two.slack.since(mark)
    post = only(calls, "chat.postMessage", channel=PRIVATE)
    assert "Réserver la salle du conseil" in all_text(post.args) and post.token == token
    assert {c.token for c in calls if c.method != "respond"} == {token}
    mark = two.slack.mark()
    for _ in range(3):
        two.driver.command("/action", "list", user=ANNA, channel=PRIVATE, team=AGENCY)
    assert two.slack.since(mark, "auth.test") == []  # whose the token is: asked once, not before every ack


def test_the_install_link_is_refused_without_its_state(two):
    code = two.slack.state.workspaces.add(AGENCY, "Agence Concerto")
    status, _, _ = two.driver.get(f"/slack/oauth_redirect?code={code}&state=forged")
    assert status >= 400
    status, headers, _ = two.driver.get("/slack/install")
    state = parse_qs(urlparse(headers["location"]).query)["state"][0]
    assert two.driver.get(f"/slack/oauth_redirect?code={code}&state={state}")[0] >= 400  # not the browser that began
    with two.runtime.engine.connect() as conn:
        assert conn.execute(select(bots_table.c.id)).all() == []


def test_a_workspace_that_did_not_install_the_app_is_not_served(two):
    install(two, AGENCY, "Agence Concerto")
    two.slack.state.workspaces.add(REGION, "Région")  # known to Slack, never installed
    mark = two.slack.mark()
    two.driver.command("/action", "Publier l'avis", user=BRUNO, channel=SHARED, team=REGION)
    assert [c.method for c in two.slack.since(mark)] == ["respond"]  # Bolt's "not installed" answer only
    with Session(two.runtime.engine) as s:
        assert s.exec(select(Mission)).all() == []


def test_a_shared_channel_keeps_one_mission_one_numbering_one_director(two):
    agency_token = install(two, AGENCY, "Agence Concerto")
    region_token = install(two, REGION, "Région", enterprise=REGION_ORG)
    first = action(two, "Préparer le dossier de concertation <@U0BRUNO|bruno>", user=ANNA, team=AGENCY)
    second = action(two, "Valider le calendrier des ateliers", user=BRUNO, team=REGION, enterprise=REGION_ORG)
    assert "#1" in first and "#2" in second
    with Session(two.runtime.engine) as s:
        (mission,) = s.exec(select(Mission)).scalars().all()
        numbers = sorted(a.number for a in s.exec(select(Action)).scalars())
    assert (mission.channel_id, mission.team_id, numbers) == (SHARED, AGENCY, [1, 2])

    mark = two.slack.mark()  # the agency's action, closed by its owner on the Region's side
    two.driver.command("/action", "done 1", user=BRUNO, channel=SHARED, team=REGION, enterprise=REGION_ORG)
    calls = [c for c in two.slack.since(mark) if c.method != "respond"]
    assert {c.token for c in calls if c.method != "chat.update"} == {region_token}  # the asker's side answers
    (update,) = [c for c in calls if c.method == "chat.update"]  # the message is the agency bot's: only it may
    assert (update.token, update.result["ok"]) == (agency_token, True)
    with Session(two.runtime.engine) as s:
        assert [a.status for a in s.exec(select(Action).order_by(Action.number)).scalars()] == ["done", "open"]

    from bot.missions.values import MissionSettings

    two.runtime.services.missions.configure(
        AGENCY, SHARED, actor=ANNA, settings=MissionSettings(ANNA, "Europe/Paris", "fr", "09:00", "18:00", "12345")
    )
    mark = two.slack.mark()
    two.driver.command("/concerto", "export", user=BRUNO, channel=SHARED, team=REGION, enterprise=REGION_ORG)
    assert "Seul le directeur" in all_text(only(two.slack.since(mark), "respond").args)  # the same director
    assert agency_token != region_token


def test_a_workspace_sees_only_the_missions_of_its_channels(two):
    install(two, AGENCY, "Agence Concerto")
    install(two, REGION, "Région")
    action(two, "Chiffrer les honoraires <@U0BRUNO|bruno> pour vendredi", user=ANNA, team=AGENCY, channel=PRIVATE)
    action(two, "Relire la synthèse <@U0BRUNO|bruno> pour vendredi", user=ANNA, team=AGENCY)

    mark = two.slack.mark()
    two.driver.command("/action", "list all", user=BRUNO, channel=SHARED, team=REGION)
    listed = all_text(only(two.slack.since(mark), "respond").args)
    assert "Relire la synthèse" in listed and "honoraires" not in listed

    mark = two.slack.mark()
    two.driver.event({"type": "app_home_opened", "user": BRUNO, "tab": "home", "channel": "D0BRUNO"}, team=REGION)
    home = all_text(only(two.slack.since(mark), "views.publish").args["view"])
    assert "Relire la synthèse" in home and "honoraires" not in home  # his in the shared channel, only

    mark = two.slack.mark()
    two.driver.command("/meeting", "ics", user=ANNA, channel=PRIVATE, team=AGENCY)
    feed = re.search(r"/calendar/[\w-]+\.ics", all_text(only(two.slack.since(mark), "respond").args)).group(0)
    two.driver.command(
        "/meeting", 'add cotech "COTECH interne" le 17/12 à 14h', user=ANNA, channel=PRIVATE, team=AGENCY
    )
    two.driver.command(
        "/meeting", 'add weekly "Point Région" every tuesday 09:30', user=BRUNO, channel=SHARED, team=REGION
    )
    with urllib.request.urlopen(two.url + feed, timeout=5) as res:
        calendar = res.read().decode()
    assert "COTECH interne" in calendar and "Point Région" not in calendar

    mark = two.slack.mark()
    two.driver.command("/concerto", "export", user=BRUNO, channel=SHARED, team=REGION)
    (shared,) = two.slack.state.shared
    assert shared["channel"] == SHARED
    assert b"Relire la synth" in shared["bytes"] and b"honoraires" not in shared["bytes"]


def test_uninstall_stops_that_workspace_s_notifications_and_keeps_its_data(two):
    agency_token = install(two, AGENCY, "Agence Concerto")
    region_token = install(two, REGION, "Région")
    action(two, "Chiffrer les honoraires <@U0ANNA|anna> pour vendredi", user=ANNA, team=AGENCY, channel=PRIVATE)
    two.slack.add_channel("C0REGION", "region-interne")
    two.slack.state.workspaces.share("C0REGION", REGION)
    action(two, "Publier l'avis <@U0BRUNO|bruno> pour vendredi", user=BRUNO, team=REGION, channel="C0REGION")

    assert two.driver.event({"type": "app_uninstalled"}, team=AGENCY).status == 200
    two.slack.state.workspaces.revoke(AGENCY)
    with Session(two.runtime.engine) as s:
        rows = s.exec(select(Notification)).scalars().all()
        kept = sorted(a.text for a in s.exec(select(Action)).scalars())
    assert {(n.team_id, n.state) for n in rows if n.kind.startswith("action.post")} == {
        (AGENCY, "sent"),
        (REGION, "sent"),
    }
    assert {(n.team_id, n.state) for n in rows if n.state != "sent"} == {(AGENCY, "dropped"), (REGION, "pending")}
    assert [text.split(" <@")[0] for text in kept] == ["Chiffrer les honoraires", "Publier l'avis"]
    with two.runtime.engine.connect() as conn:
        assert conn.execute(select(bots_table.c.team_id)).scalars().all() == [REGION]

    two.clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=PARIS))
    mark = two.slack.mark()
    report = clock(two).tick()
    posts = [c for c in two.slack.since(mark) if c.method == "chat.postMessage"]
    assert report.sent == len(posts) >= 1 and {(c.args["channel"], c.token) for c in posts} == {(BRUNO, region_token)}
    assert agency_token not in {c.token for c in two.slack.since(mark)}


def friday_reminders(box: Sandbox) -> tuple[int, dict[str, str]]:
    """The clock's tick on Friday morning: how many it sent, and the token each DM went out with."""
    box.clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=PARIS))
    mark = box.slack.mark()
    sent = clock(box).tick().sent
    return sent, {c.args["channel"]: c.token for c in box.slack.since(mark) if c.method == "chat.postMessage"}


def clock(box: Sandbox) -> Deliverer:
    """The clock as `concerto clock` builds it with OAuth installs: each workspace's client."""
    return Deliverer(
        box.runtime.engine,
        clients_by_team(box.runtime.settings, box.runtime.engine, retries=False),
        box.clock,
        worker="t",
        sleep=lambda _s: None,
    )


def test_people_of_the_other_organisation_are_reminded_through_their_own_workspace(two):
    agency_token = install(two, AGENCY, "Agence Concerto")
    two.driver.command("/action", "list", user=BRUNO, channel=SHARED, team=REGION)  # not installed yet
    region_token = install(two, REGION, "Région")
    two.driver.command("/action", "list", user=BRUNO, channel=SHARED, team=REGION)  # users.info: his own org
    action(two, "Relire la synthèse <@U0BRUNO|bruno> <@U0ANNA|anna> pour vendredi", user=ANNA, team=AGENCY)
    assert friday_reminders(two) == (2, {BRUNO: region_token, ANNA: agency_token})


def test_without_their_organisation_s_install_the_owning_workspace_reminds_them(two):
    agency_token = install(two, AGENCY, "Agence Concerto")
    action(two, "Relire la synthèse <@U0BRUNO|bruno> pour vendredi", user=ANNA, team=AGENCY)
    assert friday_reminders(two) == (1, {BRUNO: agency_token})


def test_someone_whose_organisation_did_not_install_acts_through_the_installing_workspace(two):
    """Slack sends their clicks under the installing workspace's team id, and their modal submissions
    with `view.app_installed_team_id`: both reach the shared channel's mission with its token."""
    agency_token = install(two, AGENCY, "Agence Concerto")
    mark = two.slack.mark()
    two.driver.command(
        "/action",
        "Transmettre les contributions <@U0BRUNO|bruno> pour vendredi",
        user=ANNA,
        channel=SHARED,
        team=AGENCY,
    )
    post = only(two.slack.since(mark), "chat.postMessage", channel=SHARED)
    mark = two.slack.mark()
    two.driver.click_button(post.args, "action_reassign", user=BRUNO, channel=SHARED, ts=post.result["ts"], team=AGENCY)
    view = shown(two.slack.since(mark))
    mark = two.slack.mark()
    reply = two.driver.submit(
        view,
        {"owners": {"type": "multi_users_select", "selected_users": [BRUNO, ANNA]}},
        user=BRUNO,
        team=REGION,
        installed_in=AGENCY,
    )
    assert reply.status == 200 and reply.body == ""
    update = only(two.slack.since(mark), "chat.update", channel=SHARED)
    assert "<@U0ANNA>" in all_text(update.args) and update.token == agency_token

    mark = two.slack.mark()
    two.driver.click_button(post.args, "action_done", user=BRUNO, channel=SHARED, ts=post.result["ts"], team=AGENCY)
    assert {c.token for c in two.slack.since(mark) if c.method != "respond"} == {agency_token}
    with Session(two.runtime.engine) as s:
        (done,) = s.exec(select(Action)).scalars().all()
        (mission,) = s.exec(select(Mission)).scalars().all()
    assert (done.status, done.done_by, done.mission_id, mission.team_id) == ("done", BRUNO, mission.id, AGENCY)


def test_an_org_wide_install_serves_the_workspaces_of_its_organisation(two):
    """An Enterprise Grid admin installs the app for the whole organisation: one token and no workspace of
    its own (Slack's `team: null`). Requests from its workspaces, and their reminders, go through it."""
    org_token = install(two, REGION_ORG, "Région", REGION_ORG, org_teams=[REGION])
    with two.runtime.engine.connect() as conn:
        (bot,) = conn.execute(
            select(bots_table.c.team_id, bots_table.c.enterprise_id, bots_table.c.is_enterprise_install)
        ).all()
    assert bot == (None, REGION_ORG, True)

    mark = two.slack.mark()
    two.driver.command(
        "/action",
        "Relire la synthèse <@U0BRUNO|bruno> pour vendredi",
        user=BRUNO,
        channel=SHARED,
        team=REGION,
        enterprise=REGION_ORG,
    )
    post = only(two.slack.since(mark), "chat.postMessage", channel=SHARED)
    assert "Relire la synthèse" in all_text(post.args) and post.token == org_token
    with Session(two.runtime.engine) as s:
        (mission,) = s.exec(select(Mission)).scalars().all()
    assert (mission.team_id, mission.enterprise_id) == (REGION, REGION_ORG)

    assert friday_reminders(two) == (1, {BRUNO: org_token})  # the mission's workspace is served org-wide


def test_people_of_an_organisation_installed_org_wide_are_reminded_through_it(two):
    """A Slack Connect channel between the agency (one workspace) and the Region's Grid organisation
    (installed org-wide): the Region's people get their reminders from their own organisation's bot,
    found through their Grid organisation (users.info's enterprise_user)."""
    agency_token = install(two, AGENCY, "Agence Concerto")
    org_token = install(two, REGION_ORG, "Région", REGION_ORG, org_teams=[REGION])
    action(two, "Relire la synthèse <@U0BRUNO|bruno> <@U0ANNA|anna> pour vendredi", user=ANNA, team=AGENCY)
    assert friday_reminders(two) == (2, {BRUNO: org_token, ANNA: agency_token})


def test_a_workspace_with_token_rotation_is_served_with_fresh_tokens(two):
    """Token rotation on (the workspace's tokens die; each refresh token is good once): the requests' work and
    the clock alike trade the token for a new one before it dies, at SLACK_API_URL, and save it; a token that
    died is refused, as Slack refuses it."""
    two.driver.install(AGENCY, "Agence Concerto", rotation=1.0)  # Slack's live 12 hours; rotated 2 hours before
    workspace = two.slack.state.workspaces.teams[AGENCY]
    (first,) = workspace.tokens
    with two.runtime.engine.connect() as conn:
        (row,) = conn.execute(select(bots_table.c.bot_refresh_token, bots_table.c.bot_token_expires_at)).all()
    assert row[0].startswith("xoxe-") and row[1] is not None
    post = action(two, "Relire la synthèse <@U0ANNA|anna> pour vendredi", user=ANNA, team=AGENCY)
    assert "Relire la synthèse" in post
    posted = [c for c in two.slack.calls() if c.method == "chat.postMessage"][-1]
    assert posted.token != first and posted.token in workspace.tokens, "a fresh token, Bolt's rotation"
    assert two.slack.since(0, "oauth.v2.access")[-1].args["grant_type"] == "refresh_token"
    time.sleep(1.1)  # every token issued so far has died
    refused = WebClient(token=first, base_url=two.slack.api_url, retry_handlers=[])
    with pytest.raises(SlackApiError) as err:
        refused.auth_test()
    assert err.value.response["error"] == "token_expired"
    sent, tokens = friday_reminders(two)
    assert sent == 1 and tokens[ANNA] not in (first, posted.token), "the clock rotated it too"
    with two.runtime.engine.connect() as conn:
        (saved,) = conn.execute(select(bots_table.c.bot_token)).scalars().all()
    assert saved == tokens[ANNA], "and saved it, for the others"
