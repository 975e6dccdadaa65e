"""/phase, and the "Mark done" button on milestone messages."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot import render, render_phases
from bot.errors import UserError
from bot.i18n import format_day, t
from bot.phase_grammar import AddMilestone, AddPhase, MilestoneVerb, PhaseHelp, PhaseVerb, parse_phase_command
from handlers.context import Who, ephemeral, error_text, identify, in_mission
from handlers.later import later
from handlers.publish import post_to_channel


def register(app: App) -> None:
    later(app.command("/phase"), phase_command)
    later(app.action("milestone_done"), on_done_button)


def phase_command(command: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    who = identify(context, client, command["channel_id"])
    try:
        run_phase(parse_phase_command(command["text"], who.local_now), who, client, respond)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))


def run_phase(cmd, who: Who, client: WebClient, respond: Respond) -> None:
    phases, lang, mission = who.services.phases, who.lang, who.mission
    today = who.now.astimezone(ZoneInfo(mission.timezone)).date()
    channel_lang = mission.language
    match cmd:
        case PhaseHelp():
            respond(**ephemeral(render.help_message("phase", lang)))
        case AddPhase():
            phase = phases.add(mission, actor=who.user_id, cmd=cmd)
            post_to_channel(client, who, render_phases.phase_created(phase, channel_lang, today), respond)
        case AddMilestone():
            milestone, phase = phases.add_milestone(mission, actor=who.user_id, cmd=cmd)
            msg = render_phases.milestone_created(milestone, phase, channel_lang, today)
            post_to_channel(client, who, msg, respond)
        case MilestoneVerb(verb=verb, number=number):
            milestone = phases.milestone(mission, number, actor=who.user_id, verb=verb)
            text = t(channel_lang, f"phase.milestone_{verb}", milestone=render_phases.milestone_title(milestone))
            post_to_channel(client, who, render.message(text), respond)
        case PhaseVerb(verb="list" | "timeline"):
            respond(**ephemeral(render_phases.timeline(phases.plan(mission), lang, today)))
        case PhaseVerb(verb="delete", number=number):
            phases.change(mission, number, actor=who.user_id, delete=True)
            respond(**ephemeral(t(lang, "phase.deleted", number=number)))
        case PhaseVerb(number=number, name=name, starts_on=start, ends_on=end):
            phase = phases.change(mission, number, actor=who.user_id, name=name, starts_on=start, ends_on=end,
                                  keep_length=cmd.verb == "move")
            text = t(channel_lang, "phase.changed", phase=render_phases.phase_title(phase),
                     start=format_day(phase.starts_on, channel_lang, today),
                     end=format_day(phase.ends_on, channel_lang, today))
            post_to_channel(client, who, render.message(text), respond)


def on_done_button(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    who = identify(context, client)
    try:
        mission, milestone = who.services.phases.milestone_by_id(who.team_id, int(action["value"]))
        who = in_mission(who, mission)
        milestone = who.services.phases.milestone(mission, milestone.number, actor=who.user_id, verb="done")
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    text = t(mission.language, "phase.milestone_done", milestone=render_phases.milestone_title(milestone))
    respond(replace_original=True, text=text)
    if body.get("channel", {}).get("id") != mission.channel_id:  # clicked in a DM: tell the channel too
        post_to_channel(client, who, render.message(text), respond)
