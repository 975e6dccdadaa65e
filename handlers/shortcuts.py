"""The message shortcut "Create action item": the action form, prefilled, linked to the message."""
from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actions.blocks import action_modal
from bot.actions.grammar import MAX_ACTION_TEXT
from bot.i18n import t
from bot.slacktext import to_plain
from handlers.kit import identify
from handlers.later import later


def register(app: App) -> None:
    later(app.shortcut("create_action_item"), on_create_action_item)


def on_create_action_item(ack: Ack, shortcut: dict, client: WebClient, context: BoltContext) -> None:
    ack()
    channel = shortcut["channel"]["id"]
    who = identify(context, client, channel)
    try:
        permalink = client.chat_getPermalink(channel=channel, message_ts=shortcut["message_ts"])["permalink"]
    except SlackApiError:
        permalink = None  # the action still gets made; it just won't link back
    text = " ".join(to_plain(shortcut.get("message", {}).get("text", "")).split())
    note = None
    if len(text) > MAX_ACTION_TEXT:  # said out loud, never cut silently
        text = text[:MAX_ACTION_TEXT]
        note = t(who.lang, "modal.prefill_cut", limit=MAX_ACTION_TEXT)
    view = action_modal(who.lang, author=who.user_id, text=text, note=note,
                               metadata={"channel": channel, "permalink": permalink},
                               links=who.services.phases.link_choices(who.mission))
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)
