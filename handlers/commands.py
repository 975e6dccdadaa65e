"""Slash commands: /action, /concerto, and the ones still to come."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actions.blocks import CHANGED, LIST_TITLES, action_list, action_modal, due_text, owners_text, past_due_prompt
from bot.actions.grammar import Add, Change, Help, ListActions, OpenModal, parse_action_command
from bot.actions.values import Draft, PastDue
from bot.blocks import help_message
from bot.i18n import t
from bot.missions.blocks import setup_modal
from bot.people.blocks import prefs_modal
from handlers.context import Who, ephemeral, identify, slash
from handlers.later import later
from handlers.publish import announce, notify_owners, redraw_homes, refresh


def register(app: App) -> None:
    later(app.command("/action"), slash(lambda text, who: parse_action_command(text, who.local_now), run_action))
    later(app.command("/concerto"), concerto_command)


def run_action(cmd, who: Who, client: WebClient, respond: Respond, trigger_id: str) -> None:
    actions, lang = who.services.actions, who.lang
    match cmd:
        case Help():
            respond(**ephemeral(help_message("action", lang)))
        case OpenModal():
            view = action_modal(lang, author=who.user_id, metadata={"channel": who.mission.channel_id},
                                       links=who.services.phases.link_choices(who.mission))
            client.views_open(trigger_id=trigger_id, view=view)
        case Add(text=text, owners=owners, due=due):
            create(Draft(text, owners, due), who, client, respond)
        case ListActions(scope=scope, user=user):
            result = actions.list(who.mission, scope=scope, viewer=who.user_id, user=user)
            title = t(lang, LIST_TITLES[scope], user=f"@{user}")
            respond(**ephemeral(action_list(result, title, lang, who.tz, who.now)))
        case Change():
            change(cmd, who, client, respond)


def change(cmd: Change, who: Who, client: WebClient, respond: Respond, *, confirmed_past: bool = False) -> None:
    """Apply a change to an action, keep its channel message current, tell new owners."""
    actions, lang = who.services.actions, who.lang
    before = actions.get(who.mission, cmd.number)
    try:
        after = actions.change(who.mission, cmd.number, actor=who.user_id, verb=cmd.verb, tz=who.tz,
                               owners=cmd.owners, due=cmd.due, text=cmd.text, confirmed_past=confirmed_past)
    except PastDue as past:
        respond(**ephemeral(past_due_prompt(past, lang, who.tz, who.now)))
        return
    refresh(client, who, after, deleted_by=who.user_id if cmd.verb == "delete" else None)
    if cmd.verb == "assign":
        notify_owners(client, who, after, [o for o in after.owners if o not in before.owners + (who.user_id,)])
        redraw_homes(client, who, [o for o in before.owners if o not in after.owners])
    due = due_text(after, lang, who.tz, who.now)
    respond(**ephemeral(t(lang, CHANGED[cmd.verb], number=cmd.number, due=due,
                          owners=owners_text(after.owners))))


def create(draft: Draft, who: Who, client: WebClient, reply: Callable[..., object], *,
           confirmed_past: bool = False, permalink: str | None = None,
           meeting: tuple[int, datetime] | None = None, link: str | None = None) -> None:
    """Create an action, or ask first when its due date has passed; then show it.

    `reply` sends an ephemeral answer: `respond` for commands and buttons, a postEphemeral for modals.
    """
    try:
        action = who.services.actions.create(who.mission, author=who.user_id, draft=draft, tz=who.tz,
                                             confirmed_past=confirmed_past, permalink=permalink, meeting=meeting,
                                             link=link)
    except PastDue as past:
        reply(**ephemeral(past_due_prompt(past, who.lang, who.tz, who.now)))
        return
    if not announce(client, who, action):
        reply(**ephemeral(t(who.lang, "created", number=action.number) + " " + t(who.lang, "error.not_in_channel")))


def concerto_command(ack: Ack, command: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    ack()
    who = identify(context, client, command["channel_id"])
    word = command["text"].strip().lower()
    if word in ("setup", "config", "réglages", "reglages"):
        director = who.mission.director_id
        if director and director != who.user_id:
            respond(**ephemeral(t(who.lang, "error.setup_refused", director=director)))
            return
        client.views_open(trigger_id=command["trigger_id"], view=setup_modal(who.mission, who.lang))
        return
    if word in ("settings", "préférences", "preferences", "rappels", "reminders"):
        prefs = who.services.preferences.get(who.team_id, who.user_id)
        client.views_open(trigger_id=command["trigger_id"], view=prefs_modal(prefs, who.lang))
        return
    if word in ("export", "exporter"):
        export_log(who, client, respond)
        return
    respond(**ephemeral(help_message("concerto", who.lang)))


def export_log(who: Who, client: WebClient, respond: Respond) -> None:
    """The action and decision log as a CSV file in the channel (the director's call, once named)."""
    mission = who.mission
    if mission.director_id and who.user_id != mission.director_id:
        respond(**ephemeral(t(who.lang, "export.refused", director=mission.director_id)))
        return
    data = who.services.exports.actions_csv(mission)
    try:
        client.files_upload_v2(channel=mission.channel_id, file=data, filename="journal-des-actions.csv",
                               title=t(mission.language, "export.title"),
                               initial_comment=t(mission.language, "export.comment"))
    except SlackApiError as err:
        respond(**ephemeral(t(who.lang, "export.failed", error=err.response.get("error"),
                              channel=mission.channel_id)))
