"""Modal submissions: new action, reassignment, channel setup."""
from __future__ import annotations

import json
from datetime import datetime

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.actions.grammar import action_draft
from bot.errors import FieldError, UserError
from bot.i18n import t, tn
from bot.missions.blocks import LANGUAGE_NAMES
from bot.missions.rules import SETUP_FIELDS
from bot.missions.values import MissionSettings
from bot.notices import Prefs
from handlers.commands import create
from handlers.context import Who, error_text, identify, in_mission
from handlers.later import reported
from handlers.publish import notify_owners, refresh


def register(app: App) -> None:
    app.view("action_create")(ack=check_action_form, lazy=[reported(create_from_form)])
    app.view("action_reassign")(on_reassign_form)
    app.view("mission_setup")(on_setup_form)
    app.view("user_prefs")(on_prefs_form)


def field(values: dict, block_id: str) -> dict:
    """The state of a modal input block (each of ours has one element, `value`)."""
    return values.get(block_id, {}).get("value", {})


def reject(ack: Ack, block_id: str, err: UserError, lang: str) -> None:
    ack(response_action="errors", errors={block_id: error_text(err, lang)[:150]})


def ephemeral_to(client: WebClient, who: Who, channel: str):
    """A `reply` for work done after a modal closed: an ephemeral message in the mission channel."""
    def reply(text: str = "", blocks: list | None = None, **_: object) -> None:
        client.chat_postEphemeral(channel=channel, user=who.user_id, text=text, blocks=blocks)
    return reply


def action_form(view: dict, who: Who):
    """The draft a submitted action form describes (raises FieldError naming the input to fix)."""
    values = view["state"]["values"]
    return action_draft(
        field(values, "text").get("value"), field(values, "owners").get("selected_users") or [],
        field(values, "due_date").get("selected_date"), field(values, "due_time").get("selected_time"),
        tz=who.tz, now=who.now,
    )


def check_action_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    """Errors go back onto the form; a good form closes at once and is created after."""
    who = identify(context, client, json.loads(view["private_metadata"])["channel"])
    try:
        action_form(view, who)
    except FieldError as err:
        reject(ack, err.field, err, who.lang)
        return
    ack()


def create_from_form(view: dict, client: WebClient, context: BoltContext) -> None:
    meta = json.loads(view["private_metadata"])
    who = identify(context, client, meta["channel"])
    meeting = (meta["meeting"], datetime.fromisoformat(meta["occurrence"])) if meta.get("meeting") else None
    link = (field(view["state"]["values"], "link").get("selected_option") or {}).get("value")
    create(action_form(view, who), who, client, ephemeral_to(client, who, meta["channel"]),
           permalink=meta.get("permalink"), meeting=meeting, link=link)


def on_reassign_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    meta = json.loads(view["private_metadata"])
    owners = tuple(field(view["state"]["values"], "owners").get("selected_users") or [])
    who = identify(context, client)
    actions = who.services.actions
    try:
        mission_id, number = actions.locate(who.team_id, meta["action"])
        who = in_mission(who, who.services.missions.get(who.team_id, mission_id))
        before = actions.get(who.mission, number)
        after = actions.change(who.mission, number, actor=who.user_id, verb="assign", tz=who.tz, owners=owners)
    except UserError as err:
        reject(ack, "owners", err, who.lang)
        return
    ack()
    refresh(client, who, after)
    notify_owners(client, who, after, [o for o in after.owners if o not in before.owners + (who.user_id,)])


def on_setup_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    meta = json.loads(view["private_metadata"])
    values = view["state"]["values"]
    who = identify(context, client, meta["channel"])
    settings = MissionSettings(
        director_id=field(values, "director").get("selected_user"),
        timezone=(field(values, "timezone").get("value") or "").strip(),
        language=(field(values, "language").get("selected_option") or {}).get("value", ""),
        work_start=field(values, "work_start").get("selected_time") or "",
        work_end=field(values, "work_end").get("selected_time") or "",
        work_days="".join(o["value"] for o in field(values, "work_days").get("selected_options") or []),
        holiday_country=next((o["value"] for o in field(values, "holidays").get("selected_options") or []), None),
    )
    try:
        mission = who.services.missions.configure(who.team_id, meta["channel"], actor=who.user_id, settings=settings)
    except UserError as err:
        reject(ack, SETUP_FIELDS.get(err.key, "director"), err, who.lang)
        return
    ack()
    lang = mission.language
    director = f"<@{mission.director_id}>" if mission.director_id else t(lang, "setup.none")
    text = t(lang, "setup.saved", director=director, timezone=mission.timezone, language=t(lang, LANGUAGE_NAMES[lang]),
             start=mission.work_start, end=mission.work_end)
    ephemeral_to(client, who, meta["channel"])(text=text)


def on_prefs_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    ack()
    who = identify(context, client)
    chosen = {o["value"] for o in field(view["state"]["values"], "reminders").get("selected_options") or []}
    count = who.services.preferences.save(who.team_id, who.user_id,
                                          Prefs("before" in chosen, "due" in chosen, "overdue" in chosen,
                                                "summary" in chosen))
    client.chat_postMessage(channel=who.user_id, text=tn(who.lang, "prefs.saved", count, count=count))
