"""/digest, and the digest's buttons: the full list, a nudge."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.actions.blocks import action_list
from bot.actions.values import ActionList
from bot.blocks import help_message, message, section
from bot.context import Context
from bot.digests.blocks import RHYTHMS, SECTION_NAMES, digest_message, personal_message, settings_modal
from bot.digests.grammar import DigestCommand, opens_form, parse_digest_command
from bot.errors import UserError
from bot.i18n import format_hhmm, t, weekday_names
from handlers.identity import InMission, asking, of_form, reach_mission
from handlers.listeners import later, reject, reported, submitted
from handlers.modals import slash_with_form
from handlers.replies import ephemeral, error_text


def register(app: App) -> None:
    slash_with_form(app, "/digest", opens_form, lambda text, _who: parse_digest_command(text), form_of, run_digest)
    later(app.action("digest_full_list"), on_full_list)
    later(app.action("digest_nudge"), on_nudge)
    later(app.action("digest_mute"), on_mute)
    app.view("digest_settings")(ack=check_settings_form, lazy=[reported(save_settings_form)])


def form_of(cmd: DigestCommand, who: InMission) -> dict:
    """The settings form `/digest settings` opens (at once), for whoever may steer the digest."""
    who.services.digests.check(who.mission, who.user_id)
    return settings_modal(who.mission, who.lang)


def run_digest(cmd: DigestCommand, who: InMission, client: WebClient, respond: Respond, trigger_id: str) -> None:
    digests, mission, lang = who.services.digests, who.mission, who.lang
    match cmd:
        case DigestCommand(verb="help"):
            respond(**ephemeral(help_message("digest", lang)))
        case DigestCommand(verb="preview"):
            data, team = digests.preview(mission, viewer=who.user_id)
            if team:
                respond(**ephemeral(digest_message(data, who.ctx)))
            else:
                respond(**ephemeral(personal_message(who.user_id, data, who.ctx)))
        case DigestCommand(verb="send"):
            digests.send_now(mission, actor=who.user_id, request_key=f"command:{trigger_id}")
            respond(**ephemeral(t(lang, "digest.queued")))
        case DigestCommand(verb="settings", rhythm=str() as rhythm, weekday=weekday, at=at):
            mission = digests.configure(mission, actor=who.user_id, rhythm=rhythm, weekday=weekday, at=at)
            respond(**ephemeral(saved_text(mission, lang)))


def saved_text(mission, lang: str) -> str:
    rhythm = t(
        lang,
        RHYTHMS[mission.digest_rhythm],
        time=format_hhmm(mission.digest_time, lang),
        day=weekday_names(lang)[mission.digest_weekday - 1],
    )
    return t(lang, "digest.settings_saved", rhythm=rhythm)


def form_values(view: dict) -> dict:
    values = view["state"]["values"]
    return {
        "rhythm": values["rhythm"]["value"]["selected_option"]["value"],
        "weekday": int(values["day"]["value"]["selected_option"]["value"]),
        "at": values["time"]["value"]["selected_time"],
        "sections": [o["value"] for o in values.get("sections", {}).get("value", {}).get("selected_options") or []],
    }


def check_settings_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    who = submitted(ack, view, client, context)
    if who is None:
        return
    try:
        who.services.digests.check(who.mission, who.user_id)
    except UserError as err:
        reject(ack, "rhythm", err, who.lang)
        return
    ack()


def save_settings_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    mission = who.services.digests.configure(who.mission, actor=who.user_id, **form_values(view))
    client.chat_postEphemeral(channel=mission.channel_id, user=who.user_id, text=saved_text(mission, who.lang))


def on_mute(action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    who = asking(context, client)
    section = action["selected_option"]["value"]
    try:
        who = reach_mission(who, action["block_id"].partition(":")[2])
        who.services.digests.mute(who.mission, actor=who.user_id, section=section)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    respond(**ephemeral(t(who.lang, "digest.muted", section=t(who.lang, SECTION_NAMES[section]))))


def on_full_list(action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    who = asking(context, client)
    try:
        who = reach_mission(who, action["value"])
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    result = who.services.actions.list(who.mission, scope="all", viewer=who.user_id)
    respond(**ephemeral(action_list(result, t(who.lang, "list.all"), who.ctx)))


def on_nudge(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """The director picked someone: DM them their open actions in the mission (through the outbox, once)."""
    who, owner = asking(context, client), action.get("selected_user")
    if not owner:
        return
    try:
        who = reach_mission(who, action["block_id"].partition(":")[2])  # the digest's mission
        mission, director = who.mission, who.user_id

        def nudge_dm(result: ActionList, ctx: Context) -> dict:  # in what the owner reads
            intro = t(ctx.lang, "digest.nudge_dm", director=f"<@{director}>", channel=f"<#{mission.channel_id}>")
            listing = action_list(result, t(ctx.lang, "list.user", user=""), ctx)
            return message(intro, [section(intro), *listing["blocks"][1:]])

        request = f"click:{body.get('trigger_id') or action.get('action_ts')}"
        who.services.digests.nudge(mission, actor=director, owner=owner, request_key=request, render=nudge_dm)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    who.services.courier.deliver(mission.team_id, "mission", mission.id or 0)
    respond(**ephemeral(t(who.lang, "digest.nudged", owner=f"<@{owner}>")))
