"""The stand-in holds Slack's documented rules (sandbox/rules.py), and the driver checks every answer."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.driver import Reply, check_answer
from sandbox.rules import manifest_scopes
from sandbox.standin import SlackStandIn

VIEW = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Form"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}],
}


@pytest.fixture
def slack():
    with SlackStandIn() as standin:
        standin.add_user("U0MARIE", "marie", "Marie Dubois")
        standin.add_channel("C0IN", "joined", member=True)
        standin.add_channel("C0OUT", "public")
        standin.add_channel("C0SECRET", "private", private=True)
        yield standin


def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])


def error(call) -> dict:
    with pytest.raises(SlackApiError) as err:
        call()
    return err.value.response.data


def test_a_trigger_id_opens_one_view_within_3_seconds(slack):
    web = client(slack)
    web.views_open(trigger_id=slack.trigger_id("t.1"), view=VIEW)
    assert error(lambda: web.views_open(trigger_id="t.1", view=VIEW))["error"] == "exchanged_trigger_id"
    slack.trigger_id("t.2")
    slack.state.ledger.triggers["t.2"] -= 3.1  # issued 3.1 s ago, on the same monotonic clock
    assert error(lambda: web.views_open(trigger_id="t.2", view=VIEW))["error"] == "expired_trigger_id"
    assert error(lambda: web.views_open(trigger_id="made-up", view=VIEW))["error"] == "invalid_trigger_id"


def respond(url: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=json.dumps({"text": "ok"}).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as res:
            return res.status, res.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_a_response_url_takes_5_uses_within_30_minutes(slack):
    url = slack.response_url("cmd.1")
    assert [respond(url)[0] for _ in range(5)] == [200] * 5
    assert respond(url) == (404, "used_url")
    late = slack.response_url("cmd.2")
    slack.state.ledger.urls["cmd.2"] -= 30 * 60 + 1
    assert respond(late) == (404, "expired_url")
    assert len([c for c in slack.calls("respond") if c.result["ok"]]) == 5


def test_scopes_come_from_the_manifest_and_each_method_needs_its_own(slack):
    assert slack.scopes == manifest_scopes() and "chat:write" in slack.scopes
    with SlackStandIn(scopes={"chat:write"}) as narrow:
        refused = error(lambda: client(narrow).users_info(user="U0MARIE"))
        assert refused == {"ok": False, "error": "missing_scope", "needed": "users:read", "provided": "chat:write"}
        assert narrow.state.violations == ["users.info: missing_scope users:read"]
        assert error(lambda: client(narrow).conversations_join(channel="C0OUT"))["error"] == "missing_scope"


def test_membership_as_slack_enforces_it(slack):
    web = client(slack)
    web.chat_postMessage(channel="C0OUT", text="chat:write.public posts without joining")
    for call in (
        lambda: web.chat_postEphemeral(channel="C0OUT", user="U0MARIE", text="x"),
        lambda: web.conversations_history(channel="C0OUT"),
    ):
        assert error(call)["error"] == "not_in_channel"
    assert error(lambda: web.chat_postMessage(channel="C0SECRET", text="x"))["error"] == "channel_not_found"
    web.chat_postEphemeral(channel="C0IN", user="U0MARIE", text="a member may")
    web.conversations_history(channel="C0IN")
    assert slack.state.violations == []


def test_an_archived_channel_takes_nothing_more(slack):
    web = client(slack)
    posted = web.chat_postMessage(channel="C0IN", text="before")
    for channel in ("C0IN", "C0OUT"):
        slack.state.channels[channel].archived = True
    for call in (
        lambda: web.chat_postMessage(channel="C0IN", text="x"),
        lambda: web.chat_postMessage(channel="C0OUT", text="chat:write.public does not open it either"),
        lambda: web.chat_update(channel="C0IN", ts=posted["ts"], text="x"),
        lambda: web.chat_postEphemeral(channel="C0IN", user="U0MARIE", text="x"),
    ):
        assert error(call)["error"] == "is_archived"


def test_conversations_join_makes_the_bot_a_member_of_a_public_channel():
    with SlackStandIn(scopes=manifest_scopes() | {"channels:join"}) as slack:
        slack.add_channel("C0OUT", "public")
        slack.add_channel("C0SECRET", "private", private=True)
        web = client(slack)
        assert web.conversations_join(channel="C0OUT")["channel"]["is_member"]
        web.conversations_history(channel="C0OUT")
        assert error(lambda: web.conversations_join(channel="C0SECRET"))["error"] == "channel_not_found"


def test_an_upload_into_a_channel_needs_membership(slack):
    web = client(slack)
    with pytest.raises(SlackApiError) as err:
        web.files_upload_v2(channel="C0OUT", content="a;b\n", filename="x.csv")
    assert err.value.response["error"] == "not_in_channel"
    web.files_upload_v2(channel="C0IN", content="a;b\n", filename="x.csv")
    assert [f["channel"] for f in slack.state.shared] == ["C0IN"]


def test_latency_delays_every_answer():
    with SlackStandIn(latency=0.2) as slack:
        started = time.monotonic()
        client(slack).auth_test()
        assert time.monotonic() - started >= 0.2


def test_canvas_shapes_are_checked():
    with SlackStandIn(scopes=manifest_scopes() | {"canvases:write", "canvases:read"}) as slack:
        slack.add_channel("C0IN", "joined", member=True)
        web = client(slack)
        md = {"type": "markdown", "markdown": "# Plan\nPhase 1"}
        canvas = web.api_call("conversations.canvases.create", json={"channel_id": "C0IN", "document_content": md})
        again = error(lambda: web.api_call("conversations.canvases.create", json={"channel_id": "C0IN"}))
        assert again["error"] == "channel_canvas_already_exists"
        found = web.api_call(
            "canvases.sections.lookup",
            json={"canvas_id": canvas["canvas_id"], "criteria": {"section_types": ["h1"], "contains_text": "Plan"}},
        )
        (section,) = found["sections"]
        web.api_call(
            "canvases.edit",
            json={
                "canvas_id": canvas["canvas_id"],
                "changes": [{"operation": "replace", "section_id": section["id"], "document_content": md}],
            },
        )
        assert slack.state.violations == []
        bad = error(
            lambda: web.api_call(
                "canvases.edit",
                json={
                    "canvas_id": canvas["canvas_id"],
                    "changes": [{"operation": "insert_after", "document_content": {"markdown": "no type"}}],
                },
            )
        )
        assert bad["error"] == "invalid_arguments"
        assert slack.state.violations == ["canvases.edit: insert_after needs a section_id"]
        plain = error(lambda: web.api_call("canvases.create", json={"document_content": "text"}))
        assert plain["error"] == "invalid_arguments"


def test_oauth_v2_access_checks_the_client_and_the_code(slack):
    web = WebClient(base_url=slack.api_url, retry_handlers=[])
    code = slack.oauth_code("T0OTHER")
    installs = slack.state.workspaces
    answer = web.oauth_v2_access(client_id=installs.client_id, client_secret=installs.client_secret, code=code)
    assert answer["team"]["id"] == "T0OTHER" and answer["access_token"].startswith("xoxb-")
    assert set(answer["scope"].split(",")) == manifest_scopes()
    reused = error(
        lambda: web.oauth_v2_access(
            client_id=slack.state.workspaces.client_id, client_secret=slack.state.workspaces.client_secret, code=code
        )
    )
    assert reused["error"] == "invalid_code"
    wrong = error(
        lambda: web.oauth_v2_access(
            client_id=slack.state.workspaces.client_id, client_secret="nope", code=slack.oauth_code("T0OTHER")
        )
    )
    assert wrong["error"] == "bad_client_secret"


def test_the_driver_fails_on_a_5xx_or_a_body_slack_ignores():
    form = "application/x-www-form-urlencoded"
    with pytest.raises(AssertionError, match="HTTP 500"):
        check_answer("command=%2Faction", form, Reply(500, "boom"))
    with pytest.raises(AssertionError, match="body Slack ignores"):
        check_answer("payload=" + json.dumps({"type": "block_actions"}), form, Reply(200, "ok"))
    with pytest.raises(AssertionError, match="body Slack ignores"):
        check_answer(json.dumps({"type": "event_callback"}), "application/json", Reply(200, "done"))
    check_answer("command=%2Faction&text=x", form, Reply(200, '{"text": "a reply"}'))
    check_answer("payload=" + json.dumps({"type": "view_submission"}), form, Reply(200, '{"response_action": "x"}'))
    check_answer("payload=" + json.dumps({"type": "block_actions"}), form, Reply(401, "Unauthorized"))


def test_payloads_carry_enterprise_and_slack_connect_fields(box):
    from tests.conftest import MARIE

    box.slack.add_channel("C0SHARED", "shared-with-the-region", member=True, ext_shared=True)
    box.driver.enterprise = {"id": "E0REGION", "name": "Région"}
    body = box.driver.command_body("/action", "Préparer le séminaire", user=MARIE, channel="C0SHARED")
    assert "enterprise_id=E0REGION" in body and "is_ext_shared_channel=true" in body
    assert box.driver.post(body, "application/x-www-form-urlencoded").status == 200
    form = box.slack.calls("chat.postMessage")[-1]
    seen: list[dict] = []
    box.driver.interactive = lambda payload: seen.append(payload)  # what would be sent, not sent
    box.driver.click("action_done", "1", user=MARIE, channel="C0SHARED", message_ts=form.result["ts"])
    box.driver.submit({"callback_id": "user_prefs"}, {}, user=MARIE)
    click, submission = seen
    assert click["enterprise"] == {"id": "E0REGION", "name": "Région"} and click["is_ext_shared_channel"] is True
    assert submission["view"]["app_installed_team_id"] == "T0CONCERTO" and submission["is_enterprise_install"] is False


def test_a_view_is_updated_by_its_id_and_current_hash(slack):
    web = client(slack)
    opened = web.views_open(trigger_id=slack.trigger_id("t.1"), view=VIEW)["view"]
    assert error(lambda: web.views_update(view_id="V404", view=VIEW))["error"] == "not_found"
    updated = web.views_update(view_id=opened["id"], hash=opened["hash"], view=VIEW)["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    stale = error(lambda: web.views_update(view_id=opened["id"], hash=opened["hash"], view=VIEW))
    assert stale["error"] == "hash_conflict"  # another update came first


def test_a_view_opened_with_an_external_id_is_updated_by_it(slack):
    web = client(slack)
    named = {**VIEW, "external_id": "concerto:t.1"}
    assert error(lambda: web.views_update(external_id="concerto:t.1", view=VIEW))["error"] == "not_found"
    opened = web.views_open(trigger_id=slack.trigger_id("t.1"), view=named)["view"]
    assert web.views_update(external_id="concerto:t.1", view=VIEW)["view"]["id"] == opened["id"]
    again = error(lambda: web.views_open(trigger_id=slack.trigger_id("t.2"), view=named))
    assert again["error"] == "duplicate_external_id"


def test_a_workflow_step_ends_once_with_the_outputs_its_manifest_declares(slack):
    client = WebClient(token="xoxb-sandbox", base_url=slack.api_url)
    event = slack.start_step("create_action", {"channel": "C0IN", "text": "x"}, team="T0CONCERTO")
    execution = event["function_execution_id"]
    assert event["bot_access_token"].startswith("xwfp-")
    with pytest.raises(SlackApiError) as refused:
        client.functions_completeSuccess(function_execution_id=execution, outputs={"action_number": "1"})
    assert refused.value.response["error"] == "parameter_validation_failed"
    with pytest.raises(SlackApiError) as refused:
        client.functions_completeSuccess(function_execution_id=execution, outputs={"number": 1})
    assert refused.value.response["error"] == "parameter_validation_failed"
    slack.state.violations.clear()  # refused as Slack would: what the app must never send
    client.functions_completeSuccess(function_execution_id=execution, outputs={"action_number": 1})
    assert slack.execution(execution).state == "completed"
    with pytest.raises(SlackApiError) as refused:
        client.functions_completeError(function_execution_id=execution, error="late")
    assert refused.value.response["error"] == "execution_not_in_running_state"
    with pytest.raises(SlackApiError) as refused:
        client.functions_completeError(function_execution_id="Fx0NEVER", error="x")
    assert refused.value.response["error"] == "function_execution_not_found"


def test_bookmarks_need_their_scopes_a_visible_channel_and_an_http_link(slack):
    web = client(slack)
    add = {"title": "Plan", "type": "link", "link": "https://example.org/plan"}
    made = web.bookmarks_add(channel_id="C0IN", **add)["bookmark"]
    assert made["id"].startswith("Bk") and made["link"] == add["link"]
    assert [b["id"] for b in web.bookmarks_list(channel_id="C0IN")["bookmarks"]] == [made["id"]]
    web.bookmarks_edit(bookmark_id=made["id"], channel_id="C0IN", title="Le plan")
    assert slack.bookmarks("C0IN")[0]["title"] == "Le plan"
    assert error(lambda: web.bookmarks_add(channel_id="C0OUT", **add))["error"] == "not_in_channel"
    assert error(lambda: web.bookmarks_add(channel_id="C0SECRET", **add))["error"] == "channel_not_found"
    assert error(lambda: web.bookmarks_add(channel_id="C0IN", **{**add, "link": "ftp://x"}))["error"] == "invalid_link"
    assert error(lambda: web.bookmarks_edit(bookmark_id="Bk0", channel_id="C0IN"))["error"] == "invalid_bookmark_id"
    for n in range(99):
        web.bookmarks_add(channel_id="C0IN", **{**add, "title": f"n{n}"})
    assert error(lambda: web.bookmarks_add(channel_id="C0IN", **add))["error"] == "too_many_bookmarks"
    web.bookmarks_remove(bookmark_id=made["id"], channel_id="C0IN")
    assert len(slack.bookmarks("C0IN")) == 99
    slack.state.channels["C0IN"].archived = True
    assert error(lambda: web.bookmarks_list(channel_id="C0IN"))["error"] == "is_archived"
    assert slack.state.violations == []


def test_a_bookmark_without_its_scope_is_refused():
    with SlackStandIn(scopes=manifest_scopes() - {"bookmarks:write"}) as slack:
        slack.add_channel("C0IN", "joined", member=True)
        refused = error(
            lambda: client(slack).bookmarks_add(channel_id="C0IN", title="x", type="link", link="https://x")
        )
        assert (refused["error"], refused["needed"]) == ("missing_scope", "bookmarks:write")
        assert slack.bookmarks("C0IN") == []
        assert slack.state.violations == ["bookmarks.add: missing_scope bookmarks:write"]


SAID = "<!date^1796113800^{date_short_pretty} {time}|mar. 1 déc., 9h30>"


@pytest.mark.parametrize(
    ("blocks", "shown_raw"),
    [
        ([{"type": "section", "text": {"type": "mrkdwn", "text": f"Réunion {SAID}"}}], False),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "<!date^1796113800^{date_long_pretty}>"}}], True),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "<!date^demain^{time}|9h30>"}}], True),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "<!date^1796113800^{when}|9h30>"}}], True),
        ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "<!date^1796113800|9h30>"}]}], True),
        ([{"type": "header", "text": {"type": "plain_text", "text": SAID}}], True),
    ],
)
def test_a_date_token_slack_cannot_read_is_posted_and_shown_raw(slack, blocks, shown_raw):
    """Slack takes the message (no invalid_blocks) but shows such a token as typed: a violation all the same."""
    assert client(slack).chat_postMessage(channel="C0IN", text="Réunion", blocks=blocks)["ok"]
    assert bool(slack.state.violations) == shown_raw, slack.state.violations
    assert all("shown raw" in v or "no format" in v for v in slack.state.violations)


def test_a_date_token_in_a_notification_text_must_be_whole_too(slack):
    client(slack).chat_postMessage(channel="C0IN", text="<!date^1796113800^{time}|>")
    assert slack.state.violations and "chat.postMessage" in slack.state.violations[0]
