"""/concerto: the channel's setup form, one's own reminder settings, the log export, the help."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import help_message
from bot.errors import UserError
from bot.i18n import N_, format_hhmm, t, tn
from bot.missions.blocks import LANGUAGE_NAMES, naming_channel, setup_modal
from bot.missions.bookmarks import ENTITY as BOOKMARKS
from bot.missions.grammar import MissionCommand, opens_form, parse_mission_command
from bot.missions.rules import SETUP_FIELDS
from bot.missions.values import MissionSettings
from bot.notices import Prefs
from bot.people.blocks import away_set, prefs_modal
from handlers.identity import InMission, asking, names_of, of_form, profile_of
from handlers.listeners import ack_now, field, reject, reported, submitted
from handlers.modals import slash_with_form
from handlers.replies import ephemeral, join, tell, upload
from storage.models import id_of

log = logging.getLogger(__name__)


def register(app: App) -> None:
    slash_with_form(
        app,
        "/concerto",
        opens_form,
        lambda text, who: parse_mission_command(text, who.local_now),
        form_of,
        run_concerto,
    )
    app.view("mission_setup")(ack=save_setup_form, lazy=[reported(confirm_setup)])
    app.view("user_prefs")(ack=ack_now, lazy=[reported(save_prefs)])


def form_of(cmd: MissionCommand, who: InMission) -> dict:
    """The form `/concerto setup` or `settings` opens (at once)."""
    if cmd.verb == "settings":
        return prefs_modal(who.services.preferences.get(who.team_id, who.user_id), who.lang)
    who.services.missions.check_setup(who.mission, who.user_id, admin=who.admin, guest=who.guest)
    return setup_modal(who.mission, who.lang, who.now)


def run_concerto(cmd: MissionCommand, who: InMission, client: WebClient, respond: Respond, trigger_id: str) -> None:
    match cmd.verb:
        case "export":
            export_log(who, client, respond)
        case "away" | "back":
            due = who.services.preferences.set_away(who.team_id, who.user_id, cmd.away)
            respond(**ephemeral(away_set(cmd.away, due, who.ctx)))
            who.services.courier.deliver(who.team_id, "mission", id_of(who.mission))  # its director's word
        case "help":
            respond(**ephemeral(help_message("concerto", who.lang)))


def export_log(who: InMission, client: WebClient, respond: Respond) -> None:
    """The action and decision log as a CSV file in the channel (the director's call, once named)."""
    mission = who.mission
    data = who.services.exports.actions_csv(mission, actor=who.user_id, names=lambda ids: names_of(who, client, ids))
    refused = upload(
        client,
        mission.channel_id,
        file=data,
        filename="journal-des-actions.csv",
        title=naming_channel(mission.language, N_("export.title"), N_("export.title_of"), mission.channel_name),
        initial_comment=t(mission.language, "export.comment"),
    )
    if refused is not None:
        respond(**ephemeral(t(who.lang, "export.failed", error=refused, channel=mission.channel_id)))


def setup_form(view: dict) -> MissionSettings:
    values = view["state"]["values"]
    ticked = {o["value"] for o in field(values, "holidays").get("selected_options") or []}
    return MissionSettings(
        director_id=field(values, "director").get("selected_user"),
        timezone=(field(values, "timezone").get("selected_option") or {}).get("value", ""),
        language=(field(values, "language").get("selected_option") or {}).get("value", ""),
        work_start=field(values, "work_start").get("selected_time") or "",
        work_end=field(values, "work_end").get("selected_time") or "",
        work_days="".join(o["value"] for o in field(values, "work_days").get("selected_options") or []),
        holiday_country="FR" if "FR" in ticked else None,
        holiday_subdivision="6AE" if "6AE" in ticked else None,
    )


def save_setup_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    """Save the settings and answer Slack; the confirmation comes after."""
    who = submitted(ack, view, client, context)
    if who is None:
        return
    settings = setup_form(view)
    named = profile_of(who, client, settings.director_id) if settings.director_id else None
    try:
        who.services.missions.configure(
            who.team_id,
            who.mission.channel_id,
            actor=who.user_id,
            settings=settings,
            admin=who.admin,
            guest=who.guest,
            director=named,
        )
    except UserError as err:
        director = who.mission.director_id
        reject(
            ack,
            SETUP_FIELDS.get(err.key, "director"),
            err,
            who.lang,
            names_of(who, client, [director]) if director else None,
        )
        return
    ack()


def confirm_setup(view: dict, client: WebClient, context: BoltContext) -> None:
    """Join the channel if it is public (ephemerals, the export, bookmarks and the check after a crash need the
    bot in it), then confirm the settings to whoever saved them, and say so if Slack refused the bookmarks."""
    who = of_form(context, client, view)
    channel = who.mission.channel_id
    join(client, channel)
    who.services.courier.deliver(who.mission.team_id, "mission", id_of(who.mission))  # a new director's welcome
    who.services.courier.deliver(who.mission.team_id, BOOKMARKS, id_of(who.mission))
    mission, lang = who.mission, who.mission.language
    director = f"<@{mission.director_id}>" if mission.director_id else t(lang, "setup.none")
    text = t(
        lang,
        "setup.saved",
        director=director,
        timezone=mission.timezone,
        language=t(lang, LANGUAGE_NAMES[lang]),
        start=format_hhmm(mission.work_start, lang),
        end=format_hhmm(mission.work_end, lang),
    )
    tell(client, who.user_id, who.lang, channel, text)
    if (refused := who.services.missions.bookmarks_refused(who.mission)) is not None:
        tell(client, who.user_id, who.lang, channel, t(who.lang, refused, channel=channel))


def save_prefs(view: dict, client: WebClient, context: BoltContext) -> None:
    """One's reminder settings, saved after Slack got its answer, then confirmed by DM."""
    who = asking(context, client)
    chosen = {o["value"] for o in field(view["state"]["values"], "reminders").get("selected_options") or []}
    count = who.services.preferences.save(
        who.team_id, who.user_id, Prefs("before" in chosen, "due" in chosen, "overdue" in chosen, "summary" in chosen)
    )
    try:
        client.chat_postMessage(channel=who.user_id, text=tn(who.lang, "prefs.saved", count, count=count))
    except SlackApiError as err:  # saved all the same; a refused DM has nowhere else to go
        log.warning("could not confirm the settings of %s: %s", who.user_id, err.response.get("error"))
