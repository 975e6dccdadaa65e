"""Buttons: Done, Snooze a day, Reopen, Reassign on action messages; the past-date confirmation."""
from __future__ import annotations

import json

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.actions.blocks import action_message, due_text, reassign_modal
from bot.actions.grammar import Change
from bot.actions.values import Draft
from bot.dates import When
from bot.errors import UserError
from bot.i18n import t
from handlers.commands import change, create
from handlers.home import publish_home
from handlers.kit import Who, ephemeral, error_text, identify, in_mission
from handlers.later import later
from handlers.publish import refresh

BUTTON_VERBS = {"action_done": "done", "action_snooze": "snooze", "action_reopen": "reopen"}


def register(app: App) -> None:
    for action_id in BUTTON_VERBS:
        later(app.action(action_id), on_change)
    later(app.action("action_reassign"), on_reassign)
    later(app.action("action_confirm_past"), on_confirm_past)
    later(app.action("action_cancel_past"), on_cancel_past)


def acting_on(who: Who, value: str) -> tuple[Who, int]:
    """The mission and number of the action a button carries the id of."""
    mission_id, number = who.services.actions.locate(who.team_id, int(value))
    return in_mission(who, who.services.missions.get(who.team_id, mission_id)), number


def on_change(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    ack()
    who = identify(context, client)
    verb = BUTTON_VERBS[action["action_id"]]
    try:
        who, number = acting_on(who, action["value"])
        after = who.services.actions.change(who.mission, number, actor=who.user_id, verb=verb, tz=who.tz)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    on_home = body.get("container", {}).get("type") == "view"
    refresh(client, who, after, drawn_now=who.user_id if on_home else None)
    if on_home:  # they are looking at it: redraw it now, not with the others' in a moment
        publish_home(client, context)
        return
    if body.get("container", {}).get("message_ts") != after.message_ts:  # clicked in a DM: update it too
        respond(replace_original=True, **action_message(after, who.mission.language, who.mission_tz, who.now))
    if verb == "snooze":
        respond(**ephemeral(t(who.lang, "changed.snooze", number=number,
                              due=due_text(after, who.lang, who.tz, who.now))))


def on_reassign(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    ack()
    who = identify(context, client)
    try:
        who, number = acting_on(who, action["value"])
        current = who.services.actions.get(who.mission, number)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    client.views_open(trigger_id=body["trigger_id"],
                      view=reassign_modal(current, who.lang, {"action": current.id}))


def on_confirm_past(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext,
                    respond: Respond) -> None:
    ack()
    who = identify(context, client, body["channel"]["id"])
    respond(delete_original=True)
    request = json.loads(action["value"])
    try:
        if "n" in request:  # a new due date for an existing action
            change(Change("due", request["n"], due=When.from_dict(request)), who, client, respond, confirmed_past=True)
        else:
            create(Draft.from_dict(request), who, client, respond, confirmed_past=True)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))


def on_cancel_past(ack: Ack, context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    respond(replace_original=True, text=t(identify(context, client).lang, "past.cancelled"))

