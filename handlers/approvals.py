"""Minutes the client approves: `/meeting validator N @person`, `/meeting minutes N [date] submit`, and the
validator's two buttons in their DM ([Approve], [Ask for a change] with its form). Who clicks is who Slack
says clicked (`body.user.id`, Bolt's `context.user_id`), never an id a button carries."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.approvals.blocks import APPROVE, CHANGES, FORM, answered, changes_modal, sitting_title
from bot.errors import NotFound, UserError
from bot.i18n import t
from bot.slacktext import escape, mention
from handlers.identity import InMission, Who, asking, check_people, in_mission, of_form
from handlers.listeners import form_check, later, reported
from handlers.modals import Modal, at_once
from handlers.replies import ephemeral, error_text

log = logging.getLogger(__name__)


def register(app: App) -> None:
    later(app.action(APPROVE), on_approve)
    at_once(app.action(CHANGES), on_changes_button)
    app.view(FORM)(ack=form_check(), lazy=[reported(on_changes_form)])


def name_validator(number: int, validator: str, who: InMission, client: WebClient, respond: Respond) -> None:
    """`/meeting validator N @person` (or `none`): a real person, of either organisation sharing the channel."""
    if validator:
        check_people(who, client, [validator])
    meeting = who.services.approvals.name_validator(who.mission, number, actor=who.user_id, validator=validator or None)
    title = escape(meeting.title)
    if validator:
        text = t(who.lang, "approval.validator_named", who=mention(validator), number=number, title=title)
    else:
        text = t(who.lang, "approval.validator_none", number=number, title=title)
    respond(**ephemeral(text))


def submit_minutes(number: int, on: date | None, who: InMission, respond: Respond, *, request: str) -> None:
    """`/meeting minutes N [date] submit`: the validator's DM goes at once (through the outbox)."""
    sub = who.services.approvals.submit(who.mission, number, actor=who.user_id, on=on, request=request)
    who.services.courier.deliver(who.mission.team_id, "mission", who.mission.id or 0)
    text = t(
        who.lang,
        "approval.submitted",
        title=escape(sitting_title(sub, who.mission_ctx)),
        version=sub.approval.version,
        who=mention(sub.approval.validator or ""),
    )
    respond(**ephemeral(text))


def clicked(value: str) -> tuple[int, int]:
    """The minutes and the version a button names (`button_value`)."""
    try:
        got = json.loads(value)
        approval, version = int(got["a"]), int(got["v"])
    except (ValueError, TypeError, KeyError):
        raise NotFound("approval.gone") from None
    if not (0 < approval < 2**31 and 0 < version < 2**31):
        raise NotFound("approval.gone")
    return approval, version


def reach_approval(who: Who, approval_id: int) -> InMission:
    return in_mission(who, who.services.approvals.reach(who.reach, approval_id))


def on_approve(action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """[Approve], in the validator's DM: recorded, their DM says so, whoever submitted is told."""
    who = asking(context, client)
    try:
        approval_id, version = clicked(action["value"])
        inside = reach_approval(who, approval_id)
        sub = who.services.approvals.decide(
            inside.mission, approval_id, actor=who.user_id, version=version, approve=True
        )
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    respond(replace_original=True, **answered(sub, inside.ctx))
    who.services.courier.deliver(inside.mission.team_id, "mission", inside.mission.id or 0)


def on_changes_button(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
    """[Ask for a change]: the form for a comment, recorded with the minutes, the version and the DM it
    answers (to update it once sent)."""
    who = asking(context, client)
    try:
        approval_id, version = clicked(body["actions"][0]["value"])
        inside = reach_approval(who, approval_id)
    except UserError as err:
        modal.refuse(err, who.lang)
        return
    container = body.get("container") or {}
    where = {"channel": container.get("channel_id"), "ts": container.get("message_ts")}
    modal.show_form(changes_modal(inside.lang, {"approval": approval_id, "version": version, **where}), inside)


def on_changes_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    comment = (view["state"]["values"].get("comment", {}).get("value", {}) or {}).get("value") or ""
    try:
        sub = who.services.approvals.decide(
            who.mission,
            int(who.form["approval"]),
            actor=who.user_id,
            version=int(who.form["version"]),
            approve=False,
            comment=comment,
        )
    except UserError as err:
        _say(client, who, error_text(err, who.lang))
        return
    who.services.courier.deliver(who.mission.team_id, "mission", who.mission.id or 0)
    channel, ts = who.form.get("channel"), who.form.get("ts")
    if channel and ts:
        try:  # their own DM, answered: its buttons go
            client.chat_update(channel=channel, ts=ts, **answered(sub, who.ctx))
            return
        except SlackApiError as err:
            log.info("could not update %s's approval DM: %s", who.user_id, err.response.get("error"))
    _say(client, who, answered(sub, who.ctx)["text"])


def _say(client: WebClient, who: Who, text: str) -> None:
    """A word to the validator after their form closed (no response_url there): by DM."""
    try:
        client.chat_postMessage(channel=who.user_id, text=text)
    except SlackApiError as err:
        log.warning("could not tell %s by DM: %s", who.user_id, err.response.get("error"))
