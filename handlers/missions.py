"""/concerto: the channel's setup form, one's own reminder settings, the log export, the help."""
from __future__ import annotations

import json

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import help_message
from bot.errors import UserError
from bot.i18n import format_hhmm, t, tn
from bot.missions.blocks import LANGUAGE_NAMES, setup_modal
from bot.missions.grammar import MissionCommand, parse_mission_command
from bot.missions.rules import SETUP_FIELDS
from bot.missions.values import MissionSettings
from bot.notices import Prefs
from bot.people.blocks import prefs_modal
from handlers.kit import Who, ephemeral, ephemeral_to, field, identify, later, names_of, profile_of, reject, slash


def register(app: App) -> None:
    later(app.command("/concerto"), slash(lambda text, _who: parse_mission_command(text), run_concerto))
    app.view("mission_setup")(on_setup_form)
    app.view("user_prefs")(on_prefs_form)


def run_concerto(cmd: MissionCommand, who: Who, client: WebClient, respond: Respond, trigger_id: str) -> None:
    match cmd.verb:
        case "setup":
            who.services.missions.check_setup(who.mission, who.user_id,
                                              admin=profile_of(who, client, who.user_id).is_admin)
            client.views_open(trigger_id=trigger_id, view=setup_modal(who.mission, who.lang))
        case "settings":
            prefs = who.services.preferences.get(who.team_id, who.user_id)
            client.views_open(trigger_id=trigger_id, view=prefs_modal(prefs, who.lang))
        case "export":
            export_log(who, client, respond)
        case "help":
            respond(**ephemeral(help_message("concerto", who.lang)))


def export_log(who: Who, client: WebClient, respond: Respond) -> None:
    """The action and decision log as a CSV file in the channel (the director's call, once named)."""
    mission = who.mission
    data = who.services.exports.actions_csv(mission, actor=who.user_id, names=lambda ids: names_of(who, client, ids))
    try:
        client.files_upload_v2(channel=mission.channel_id, file=data, filename="journal-des-actions.csv",
                               title=t(mission.language, "export.title"),
                               initial_comment=t(mission.language, "export.comment"))
    except SlackApiError as err:
        respond(**ephemeral(t(who.lang, "export.failed", error=err.response.get("error"),
                              channel=mission.channel_id)))


def setup_form(view: dict) -> MissionSettings:
    values = view["state"]["values"]
    return MissionSettings(
        director_id=field(values, "director").get("selected_user"),
        timezone=(field(values, "timezone").get("value") or "").strip(),
        language=(field(values, "language").get("selected_option") or {}).get("value", ""),
        work_start=field(values, "work_start").get("selected_time") or "",
        work_end=field(values, "work_end").get("selected_time") or "",
        work_days="".join(o["value"] for o in field(values, "work_days").get("selected_options") or []),
        holiday_country=next((o["value"] for o in field(values, "holidays").get("selected_options") or []), None),
    )


def on_setup_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    meta = json.loads(view["private_metadata"])
    who = identify(context, client, meta["channel"])
    settings = setup_form(view)
    named = profile_of(who, client, settings.director_id) if settings.director_id else None
    try:
        mission = who.services.missions.configure(who.team_id, meta["channel"], actor=who.user_id, settings=settings,
                                                  admin=profile_of(who, client, who.user_id).is_admin, director=named)
    except UserError as err:
        director = who.mission.director_id
        reject(ack, SETUP_FIELDS.get(err.key, "director"), err, who.lang,
               names_of(who, client, [director]) if director else None)
        return
    ack()
    lang = mission.language
    director = f"<@{mission.director_id}>" if mission.director_id else t(lang, "setup.none")
    text = t(lang, "setup.saved", director=director, timezone=mission.timezone, language=t(lang, LANGUAGE_NAMES[lang]),
             start=format_hhmm(mission.work_start, lang), end=format_hhmm(mission.work_end, lang))
    ephemeral_to(client, who, meta["channel"])(text=text)


def on_prefs_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    ack()
    who = identify(context, client)
    chosen = {o["value"] for o in field(view["state"]["values"], "reminders").get("selected_options") or []}
    count = who.services.preferences.save(who.team_id, who.user_id,
                                          Prefs("before" in chosen, "due" in chosen, "overdue" in chosen,
                                                "summary" in chosen))
    client.chat_postMessage(channel=who.user_id, text=tn(who.lang, "prefs.saved", count, count=count))
