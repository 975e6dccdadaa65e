"""/phase, and the "Mark done" button on milestone messages."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks import context, help_message, message
from bot.errors import FieldError, UserError
from bot.i18n import format_day, t, tn
from bot.outbox import Announce
from bot.phases.blocks import (
    MILESTONE_CHANGED,
    milestone_created,
    milestone_edited,
    milestone_title,
    phase_changed,
    phase_created,
    phase_modal,
    timeline,
)
from bot.phases.grammar import (
    AddMilestone,
    AddPhase,
    EditMilestone,
    MilestoneVerb,
    PhaseCommand,
    PhaseHelp,
    PhaseVerb,
    opens_form,
    parse_phase_command,
    phase_from_form,
)
from bot.phases.picture import draw
from handlers.identity import InMission, asking, check_people, of_form, reach_milestone
from handlers.listeners import later, reject, reported, submitted
from handlers.modals import slash_with_form
from handlers.replies import announced, ephemeral, ephemeral_to, error_text, upload, warn_day_off
from storage.models import Milestone


def register(app: App) -> None:
    slash_with_form(
        app, "/phase", opens_form, lambda text, who: parse_phase_command(text, who.local_now), form_of, run_phase
    )
    later(app.action("milestone_done"), on_done_button)
    app.view("phase_create")(ack=check_phase_form, lazy=[reported(create_from_phase_form)])


def form_of(cmd: PhaseCommand, who: InMission) -> dict:
    """The form `/phase` alone opens (at once)."""
    return phase_modal(who.lang)


def run_phase(cmd: PhaseCommand, who: InMission, client: WebClient, respond: Respond, trigger_id: str) -> None:
    phases, lang, mission, channel = who.services.phases, who.lang, who.mission, who.channel_ctx
    request = f"command:{trigger_id}"
    match cmd:
        case PhaseHelp():
            respond(**ephemeral(help_message("phase", lang)))
        case AddPhase():
            phases.add(mission, actor=who.user_id, cmd=cmd, announce=Announce(request, phase_announced(who)))
            announced(who, request, respond)
            warn_day_off([cmd.starts_on, cmd.ends_on], who, respond)
        case AddMilestone():
            phases.add_milestone(
                mission,
                actor=who.user_id,
                cmd=cmd,
                announce=Announce(request, lambda made: milestone_created(*made, channel, mission.alert_days)),
            )
            announced(who, request, respond)
            warn_day_off([cmd.due_on], who, respond)
        case EditMilestone(owner=owner):
            if owner:
                check_people(who, client, [owner])
            edited: Announce[Milestone] = Announce(
                request, lambda m: milestone_edited(m, actor=who.user_id, ctx=channel)
            )
            phases.edit_milestone(mission, cmd, actor=who.user_id, announce=edited)
            announced(who, request, respond)
            warn_day_off([cmd.due_on] if cmd.due_on else [], who, respond)
        case MilestoneVerb(verb=verb, number=number):
            phases.milestone(mission, number, actor=who.user_id, verb=verb, announce=milestone_said(who, request, verb))
            announced(who, request, respond)
        case PhaseVerb(verb="list"):
            respond(**ephemeral(timeline(phases.plan(mission), who.mission_clock)))
        case PhaseVerb(verb="timeline"):
            post_picture(client, who, respond)
        case PhaseVerb(verb="alerts", name=str() as days):
            count = phases.set_alert_days(mission, actor=who.user_id, days=days)
            respond(**ephemeral(tn(lang, "phase.alerts_set", count, days=days.replace(" ", ", "), count=count)))
        case PhaseVerb(verb="delete", number=int() as number):
            phases.change(mission, number, actor=who.user_id, delete=True)
            respond(**ephemeral(t(lang, "phase.deleted", number=number)))
        case PhaseVerb(verb="move" | "edit", number=int() as number, name=name, starts_on=start, ends_on=end):
            changed = phases.change(
                mission,
                number,
                actor=who.user_id,
                name=name,
                starts_on=start,
                ends_on=end,
                keep_length=cmd.verb == "move",
                announce=Announce(request, lambda change: phase_changed(change, channel)),
            )
            announced(who, request, respond)
            warn_day_off(
                [changed.phase.starts_on, changed.phase.ends_on, *(m.due_on for m, _ in changed.moved)], who, respond
            )


def phase_announced(who: InMission):
    return lambda phase: phase_created(phase, who.channel_ctx)


def milestone_said(who: InMission, request: str, verb: str) -> Announce[Milestone]:
    """A milestone done, reopened or deleted, as the channel reads it."""
    lang = who.mission_ctx.lang
    return Announce(request, lambda m: message(t(lang, MILESTONE_CHANGED[verb], milestone=milestone_title(m))))


def phase_form(view: dict) -> AddPhase:
    values = view["state"]["values"]
    return phase_from_form(
        values["name"]["value"].get("value"),
        values["start"]["value"].get("selected_date"),
        values["end"]["value"].get("selected_date"),
    )


def check_phase_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    who = submitted(ack, view, client, context)
    if who is None:
        return
    try:
        phase_form(view)
        who.services.phases.check_planner(who.mission, who.user_id)
    except FieldError as err:
        reject(ack, err.field, err, who.lang)
        return
    except UserError as err:
        reject(ack, "name", err, who.lang)
        return
    ack()


def create_from_phase_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    request = f"view:{view['id']}"
    who.services.phases.add(
        who.mission, actor=who.user_id, cmd=phase_form(view), announce=Announce(request, phase_announced(who))
    )
    announced(who, request, ephemeral_to(client, who, who.mission.channel_id))


def post_picture(client: WebClient, who: InMission, respond: Respond) -> None:
    """The plan as a picture in the channel; as text, to the asker, if Slack will not take the file."""
    plan, lang, today = who.services.phases.plan(who.mission), who.mission.language, who.mission_ctx.today
    png = draw(plan, today, lang)
    refused = upload(
        client,
        who.mission.channel_id,
        file=png,
        filename="plan-de-mission.png",
        title=t(lang, "phase.timeline"),
        initial_comment=t(lang, "phase.picture", today=format_day(today, lang, today)),
    )
    if refused is not None:
        note = t(who.lang, "phase.no_upload", error=refused)
        fallback = timeline(plan, who.mission_clock)
        respond(**ephemeral({**fallback, "blocks": [context(note), *fallback["blocks"]][:50]}))


def on_done_button(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    who = asking(context, client)
    request = f"click:{body['trigger_id']}"
    try:
        who, milestone = reach_milestone(who, action["value"])
        mission = who.mission
        in_dm = body.get("channel", {}).get("id") != mission.channel_id  # from a DM: tell the channel too
        milestone = who.services.phases.milestone(
            mission,
            milestone.number,
            actor=who.user_id,
            verb="done",
            announce=milestone_said(who, request, "done") if in_dm else None,
        )
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    respond(
        replace_original=True, text=t(mission.language, "phase.milestone_done", milestone=milestone_title(milestone))
    )
    if in_dm:
        announced(who, request, respond)
