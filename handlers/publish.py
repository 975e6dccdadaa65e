"""Showing actions in Slack: the channel message (kept up to date) and owners' DMs."""
from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actions.blocks import action_message, assigned_dm, deleted_message
from bot.actions.values import ActionView
from bot.i18n import t
from handlers.kit import Who

log = logging.getLogger(__name__)
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived"}


def announce(client: WebClient, who: Who, action: ActionView) -> bool:
    """Post a new action to its channel and DM its other owners; False if the channel refused us."""
    mission = who.mission
    msg = action_message(action, mission.language, who.mission_tz, who.now)
    posted = True
    try:
        res = client.chat_postMessage(channel=mission.channel_id, **msg)
        who.services.actions.remember_message(who.team_id, action.id, res["channel"], res["ts"])
    except SlackApiError as err:
        if err.response.get("error") not in CANNOT_POST:
            raise
        posted = False
    notify_owners(client, who, action, [o for o in action.owners if o != who.user_id])
    redraw_homes(client, who, action.owners)
    return posted


def redraw_homes(client: WebClient, who: Who, people) -> None:
    """Their App Homes list their actions: keep them current, once per person however many changes
    a burst brings (each redraw reads all the Home shows)."""
    from handlers.home import publish_home_for  # home imports this module's neighbours

    for person in dict.fromkeys(people):
        who.services.once.submit(("home", who.team_id, person), publish_home_for, client, who.services,
                                 who.team_id, person)


def notify_owners(client: WebClient, who: Who, action: ActionView, owners: list[str]) -> None:
    for owner in owners:
        dm = assigned_dm(action, author=who.user_id, channel=who.mission.channel_id,
                                lang=who.mission.language, tz=who.mission_tz, now=who.now)
        try:
            client.chat_postMessage(channel=owner, **dm)
        except SlackApiError as err:  # one unreachable owner must not undo the others
            log.warning("could not DM %s about action %s: %s", owner, action.id, err.response.get("error"))


def refresh(client: WebClient, who: Who, action: ActionView, *, deleted_by: str | None = None,
            drawn_now: str | None = None) -> None:
    """Bring the action's channel message up to date, if we know where it is, and its owners' Homes
    (but `drawn_now`'s, which the caller redraws at once)."""
    redraw_homes(client, who, [o for o in action.owners if o != drawn_now])
    if not (action.message_channel and action.message_ts):
        return
    if deleted_by:
        msg = deleted_message(action, deleted_by, who.mission.language)
    else:
        msg = action_message(action, who.mission.language, who.mission_tz, who.now)
    try:
        client.chat_update(channel=action.message_channel, ts=action.message_ts, **msg)
    except SlackApiError as err:  # the message was deleted by hand, or the channel archived
        log.info("could not update message of action %s: %s", action.id, err.response.get("error"))


def post_to_channel(client: WebClient, who: Who, msg: dict, respond) -> None:
    """Post in the mission's channel; if Slack refuses, say how to fix it instead."""
    try:
        client.chat_postMessage(channel=who.mission.channel_id, **msg)
    except SlackApiError as err:
        if err.response.get("error") not in CANNOT_POST:
            raise
        respond(response_type="ephemeral", replace_original=False, text=t(who.lang, "error.not_in_channel"))
