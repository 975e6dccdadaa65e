"""Send requests to the app exactly as Slack does: signed, form-encoded, with real payload shapes.

Every answer is checked as Slack would take it: a 5xx, or a body where Slack expects none, is an
AssertionError (Slack would show the person an error, or ignore what the app said)."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlparse

from slack_sdk.signature import SignatureVerifier

from sandbox.standin import BOT_USER, TEAM, SlackStandIn


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


class SlackDriver:
    def __init__(self, app_url: str, signing_secret: str, slack: SlackStandIn, *, settle=None) -> None:
        """`settle()`, when given, waits until the app has finished the work it does after acking."""
        self.url = app_url.rstrip("/") + "/slack/events"
        self.signer = SignatureVerifier(signing_secret)
        self.slack = slack
        self.settle = settle or (lambda: None)
        self._ids = itertools.count(1)
        self.enterprise: dict | None = None  # {"id": "E…", "name": …} on an Enterprise Grid org

    def _shared(self, channel: str) -> bool:
        return self.slack.ext_shared(channel)

    # --- raw ------------------------------------------------------------------------------
    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        extra_headers: dict | None = None,
    ) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        if signature is None:
            signature = self.signer.generate_signature(timestamp=ts, body=body)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
            **(extra_headers or {}),
        }
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as res:
                reply = Reply(res.status, res.read().decode())
        except urllib.error.HTTPError as err:
            reply = Reply(err.code, err.read().decode())
        self.settle()
        check_answer(body, content_type, reply)
        return reply

    def get(self, path: str, *, cookie: str | None = None) -> tuple[int, dict, str]:
        """A browser's GET of one of the app's pages (the install link, Slack's redirect back), redirects
        not followed: (status, headers with lower-case names, body)."""
        request = urllib.request.Request(
            self.url.removesuffix("/slack/events") + path, headers={"Cookie": cookie} if cookie else {}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as res:
                return res.status, {k.lower(): v for k, v in res.headers.items()}, res.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read().decode()

    def install(
        self,
        team: str,
        name: str,
        *,
        enterprise: str | None = None,
        org_teams: list[str] | None = None,
        rotation: float | None = None,
    ) -> tuple[str, str]:
        """An admin of `team` opens the install link, consents on Slack's page (the stand-in's code) and
        is sent back: (the consent page's URL, the status line of the redirect back). With `org_teams`,
        an admin of the Grid organisation `enterprise` installs the app org-wide for those workspaces."""
        workspaces = self.slack.state.workspaces
        if org_teams:
            if enterprise is None:
                raise ValueError("an org-wide install is a Grid organisation's: name it (`enterprise`)")
            code = workspaces.add_org(enterprise, name, org_teams)
        else:
            code = workspaces.add(team, name, enterprise_id=enterprise, rotation=rotation)
        status, headers, _ = self.get("/slack/install")
        if status != 302:
            raise LookupError(f"/slack/install answered {status}, not a redirect")
        state = parse_qs(urlparse(headers["location"]).query)["state"][0]
        cookie = headers["set-cookie"].split(";")[0]
        back, _, body = self.get(f"/slack/oauth_redirect?code={code}&state={state}", cookie=cookie)
        return headers["location"], f"{back} {body[:200]}"

    def _next(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    # --- what people do -------------------------------------------------------------------
    def command_body(
        self,
        command: str,
        text: str,
        *,
        user: str,
        channel: str,
        channel_name: str = "mission",
        team: str = TEAM,
        enterprise: str | None = None,
    ) -> str:
        """`team` (and `enterprise`): the workspace of whoever typed (in a Slack Connect channel, each
        organisation that installed the app sends its own)."""
        return urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": team,
                "team_domain": team.lower(),
                **({"enterprise_id": enterprise} if enterprise else {}),
                "channel_id": channel,
                "channel_name": channel_name,
                "user_id": user,
                "user_name": self.slack.user_name(user),
                "command": command,
                "text": text,
                "api_app_id": "A0CONCERTO",
                "is_enterprise_install": str(self._org_wide(enterprise)).lower(),
                "response_url": self.slack.response_url(self._next("cmd")),
                "trigger_id": self._trigger(),
                "is_ext_shared_channel": str(self._shared(channel)).lower(),
                **(
                    {"enterprise_id": self.enterprise["id"], "enterprise_name": self.enterprise["name"]}
                    if self.enterprise
                    else {}
                ),
            }
        )

    def _trigger(self) -> str:
        return self.slack.trigger_id(self._next("trigger."))

    def _org_wide(self, enterprise_id: str | None) -> bool:
        """What payloads say as `is_enterprise_install`: the organisation installed the app org-wide. (A
        benchmark's stand-in in another process is one workspace, with no organisation to ask about.)"""
        return bool(enterprise_id) and self.slack.state.workspaces.org_wide(enterprise_id)

    def _common(self, team: str = TEAM) -> dict:
        """Fields Slack puts in every interactivity payload."""
        org_wide = self._org_wide((self.enterprise or {}).get("id"))
        return {
            "api_app_id": "A0CONCERTO",
            "team": {"id": team, "domain": "concerto-demo"},
            "enterprise": self.enterprise,
            "is_enterprise_install": org_wide,
            "trigger_id": self._trigger(),
        }

    def command(
        self, command: str, text: str = "", *, user: str, channel: str, team: str = TEAM, enterprise: str | None = None
    ) -> Reply:
        return self.post(
            self.command_body(command, text, user=user, channel=channel, team=team, enterprise=enterprise),
            "application/x-www-form-urlencoded",
        )

    def event(
        self,
        event: dict,
        *,
        team: str = TEAM,
        enterprise: str | None = None,
        event_id: str | None = None,
        retry: bool = False,
    ) -> Reply:
        """An Events API delivery to the workspace `team`; `retry`: Slack sending `event_id` again (with a
        retry header), as it does when the first answer was late."""
        body = json.dumps(
            {
                "type": "event_callback",
                "event_id": event_id or self._next("Ev"),
                "event_time": int(time.time()),
                "team_id": team,
                "enterprise_id": enterprise,
                "api_app_id": "A0CONCERTO",
                "event": event,
                "authorizations": [
                    {
                        "team_id": team,
                        "enterprise_id": enterprise,
                        "is_bot": True,
                        "is_enterprise_install": self._org_wide(enterprise),
                    }
                ],
            }
        )
        if retry:  # as Slack marks a retry; a test may stand in for `post` with a plain (body, type) one
            return self.post(body, "application/json", extra_headers=RETRY)
        return self.post(body, "application/json")

    def step(self, callback_id: str, inputs: dict, *, team: str = TEAM) -> tuple[Reply, str]:
        """A workflow reaches one of the app's steps: Slack's `function_executed` event, and the execution's id."""
        event = self.slack.start_step(callback_id, inputs, team=team)
        return self.event(event, team=team), event["function_execution_id"]

    # --- a channel's life: the stand-in's channel changes, and Slack tells the app -----------------
    def archive(self, channel: str, *, by: str, team: str = TEAM, archived: bool = True) -> Reply:
        """Someone archives the channel (unarchives it, with `archived=False`): read-only while archived."""
        self.slack.state.channels[channel].archived = archived
        verb = "archive" if archived else "unarchive"
        return self.event({"type": f"{self._kind(channel)}_{verb}", "channel": channel, "user": by}, team=team)

    def deactivate(self, user: str, *, team: str = TEAM) -> Reply:
        """An admin deactivates someone's account: Slack tells the app with the whole user object."""
        self.slack.state.users[user].deleted = True
        return self.event({"type": "user_change", "user": self.slack.user_object(user)}, team=team)

    def rename(self, channel: str, name: str, *, team: str = TEAM) -> Reply:
        """Someone renames the channel: the event carries the channel as it is now called."""
        self.slack.state.channels[channel].name = name
        renamed = {"id": channel, "name": name, "created": 1_700_000_000}
        return self.event({"type": f"{self._kind(channel)}_rename", "channel": renamed}, team=team)

    def remove_bot(self, channel: str, *, by: str, team: str = TEAM) -> Reply:
        """Someone removes the bot from the channel: Slack tells the bot it left (`channel_left`), and
        that a member left (`member_left_channel`, the bot's own user id): two events for one removal."""
        self.slack.state.channels[channel].member = False
        self.event({"type": f"{self._kind(channel)}_left", "channel": channel, "actor_id": by}, team=team)
        return self.event(self._membership("member_left_channel", channel, team), team=team)

    def invite_bot(self, channel: str, *, by: str, team: str = TEAM) -> Reply:
        """Someone invites the bot (back) into the channel (`/invite @Concerto`)."""
        self.slack.invite(channel)
        return self.event({**self._membership("member_joined_channel", channel, team), "inviter": by}, team=team)

    def _kind(self, channel: str) -> str:
        """Slack's prefix for the channel's events: `channel_…` for a public one, `group_…` for a private one."""
        return "group" if self.slack.state.channels[channel].private else "channel"

    def _membership(self, kind: str, channel: str, team: str) -> dict:
        private = self.slack.state.channels[channel].private
        channel_type = "G" if private else "C"
        return {"type": kind, "user": BOT_USER, "channel": channel, "channel_type": channel_type, "team": team}

    def interactive(self, payload: dict) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        channel: str,
        message_ts: str,
        block_id: str = "b",
        ephemeral: bool = False,
        team: str = TEAM,
    ) -> Reply:
        """`team`: the workspace Slack names (in a Slack Connect channel, the one that installed the app)."""
        pressed = {"type": "button", "value": value}
        return self._act(
            action_id,
            pressed,
            user=user,
            channel=channel,
            message_ts=message_ts,
            block_id=block_id,
            ephemeral=ephemeral,
            team=team,
        )

    def choose_user(self, message: dict, action_id: str, chosen: str, *, user: str, channel: str, ts: str) -> Reply:
        """Pick `chosen` in the users_select `action_id` of a message the bot posted."""
        for block in message.get("blocks", []):
            for el in [*block.get("elements", []), *([block["accessory"]] if "accessory" in block else [])]:
                if el.get("action_id") == action_id and el.get("type") == "users_select":
                    picked = {"type": "users_select", "selected_user": chosen}
                    return self._act(
                        action_id,
                        picked,
                        user=user,
                        channel=channel,
                        message_ts=ts,
                        block_id=block.get("block_id", "b"),
                    )
        raise LookupError(f"no users_select {action_id} in that message")

    def _act(
        self,
        action_id: str,
        element: dict,
        *,
        user: str,
        channel: str,
        message_ts: str,
        block_id: str,
        ephemeral: bool = False,
        team: str = TEAM,
    ) -> Reply:
        return self.interactive(
            {
                **self._common(team),
                "type": "block_actions",
                "user": {"id": user, "team_id": team},
                "is_ext_shared_channel": self._shared(channel),
                "container": {
                    "type": "message",
                    "message_ts": message_ts,
                    "channel_id": channel,
                    "is_ephemeral": ephemeral,
                },
                "channel": {"id": channel},
                "message": {"ts": message_ts, "text": ""},
                "response_url": self.slack.response_url(self._next("act")),
                "actions": [{"action_id": action_id, "block_id": block_id, **element, "action_ts": str(time.time())}],
            }
        )

    def click_button(
        self, message: dict, action_id: str, *, user: str, channel: str, ts: str, team: str = TEAM
    ) -> Reply:
        """Click the button `action_id` found in a message the bot posted."""
        for block in message.get("blocks", []):
            for el in block.get("elements", []):
                if el.get("action_id") == action_id:
                    return self.click(
                        action_id,
                        el["value"],
                        user=user,
                        channel=channel,
                        message_ts=ts,
                        block_id=block.get("block_id", "b"),
                        team=team,
                    )
        raise LookupError(f"no button {action_id} in that message")

    def submit(
        self,
        view: dict,
        values: dict,
        *,
        user: str,
        view_id: str | None = None,
        team: str = TEAM,
        installed_in: str | None = None,
    ) -> Reply:
        """Submit a modal the bot opened (`view`, as it showed it: its external_id and private_metadata come
        back as Slack sends them); `values` maps block_id to the element state. `view_id`: the same modal
        submitted again (after an error, say) keeps its id. `installed_in`: the
        `view.app_installed_team_id` Slack sets when the modal was opened from a Slack Connect channel
        by someone of another workspace (by default, the workspace that submits)."""
        _check_submission(view, values)
        state = {block_id: {"value": element} for block_id, element in values.items()}
        installed = {"app_installed_team_id": installed_in or team}
        external_id = view.get("external_id", "")
        opened = self.slack.state.ledger.external.get(external_id) if external_id else None
        return self.interactive(
            {
                **self._common(team),
                "type": "view_submission",
                "user": {"id": user, "team_id": team},
                "view": {
                    "id": view_id or opened or self._next("V"),
                    "team_id": team,
                    **installed,
                    "type": "modal",
                    "callback_id": view["callback_id"],
                    "external_id": external_id,
                    "private_metadata": view.get("private_metadata", ""),
                    "hash": self._next("h"),
                    "state": {"values": state},
                    "blocks": view.get("blocks", []),
                },
            }
        )

    def message_shortcut(
        self,
        callback_id: str,
        *,
        user: str,
        channel: str,
        message_text: str,
        message_ts: str,
        author: str,
        team: str = TEAM,
    ) -> Reply:
        return self.interactive(
            {
                **self._common(team),
                "type": "message_action",
                "callback_id": callback_id,
                "user": {"id": user, "team_id": team},
                "is_ext_shared_channel": self._shared(channel),
                "channel": {"id": channel, "name": "mission"},
                "message_ts": message_ts,
                "message": {"type": "message", "user": author, "text": message_text, "ts": message_ts},
                "response_url": self.slack.response_url(self._next("sc")),
            }
        )


def body_expected(body: str, content_type: str) -> bool:
    """Whether Slack reads the body of the app's answer to this request: a slash command's (a message),
    a view submission's (a response_action), an options request's, a URL verification's."""
    if "json" in content_type:
        try:
            return json.loads(body).get("type") == "url_verification"
        except (ValueError, AttributeError):
            return False
    form = parse_qs(body)
    if "command" in form:
        return True
    try:
        kind = json.loads(form.get("payload", ["{}"])[0]).get("type")
    except (ValueError, AttributeError):
        return False
    return kind in ("view_submission", "block_suggestion")


def check_answer(body: str, content_type: str, reply: Reply) -> None:
    """Fail as Slack would: a 5xx is an error shown to the person; a body Slack does not read is lost."""
    if reply.status >= 500:
        raise AssertionError(f"the app answered HTTP {reply.status} to {body[:120]!r}: {reply.body[:200]}")
    if reply.status == 200 and reply.body.strip() and not body_expected(body, content_type):
        raise AssertionError(f"the app answered a body Slack ignores ({reply.body[:120]!r}) to {body[:120]!r}")


def _check_submission(view: dict, values: dict) -> None:
    """What Slack would never send: a value for an input the view lacks, of another element's type, or a
    choice among options the view did not offer (a person can only pick what the form shows)."""
    inputs = {b.get("block_id"): b["element"] for b in view.get("blocks", []) if b.get("type") == "input"}
    for block_id, state in values.items():
        element = inputs.get(block_id)
        assert element is not None, f"the form has no input {block_id!r}"
        assert state.get("type", element["type"]) == element["type"], f"{block_id!r} is a {element['type']}"
        offered = [*element.get("options", ()), *(o for g in element.get("option_groups", ()) for o in g["options"])]
        chosen = [state["selected_option"]] if state.get("selected_option") else state.get("selected_options") or []
        if offered:
            values_offered = {o["value"] for o in offered}
            assert all(c["value"] in values_offered for c in chosen), f"{block_id!r} offers no such option"
