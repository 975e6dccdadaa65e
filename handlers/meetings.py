"""/meeting, and the "Add agenda item" button with its form."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actions.blocks import action_modal
from bot.blocks import help_message
from bot.canvas.markdown import minutes_title
from bot.canvas.minutes_docx import minutes_docx
from bot.dates import When
from bot.errors import AlreadyDone, NotFound, UserError
from bot.i18n import N_, t
from bot.meetings.blocks import (
    agenda_message,
    decision_register,
    decisions_modal,
    decisions_recorded,
    meeting_created,
    meeting_edited,
    meeting_list,
    meeting_modal,
)
from bot.meetings.forms import decisions_from_form, meeting_from_form
from bot.meetings.grammar import (
    AddMeeting,
    EditMeeting,
    MeetingCommand,
    MeetingHelp,
    MeetingVerb,
    opens_form,
    parse_meeting_command,
)
from bot.meetings.service import MeetingView
from bot.meetings.sittings import sitting_change, which_sitting
from bot.meetings.values import SittingChange
from bot.outbox import Announce
from bot.recurrence import Occurrence
from bot.slacktext import escape, is_user
from handlers.approvals import name_validator, submit_minutes
from handlers.identity import InMission, asking, in_channel, names_of, of_form, reach_meeting
from handlers.listeners import form_check, later, reported
from handlers.modals import Modal, at_once, slash_with_form
from handlers.replies import announced, ephemeral, ephemeral_to, error_text, upload, warn_day_off
from storage.models import Meeting, id_of


def register(app: App) -> None:
    slash_with_form(
        app,
        "/meeting",
        opens_form,
        lambda text, who: parse_meeting_command(text, who.local_now, who.mission_ctx.week),
        form_of,
        run_meeting,
    )
    later(app.action(re.compile(r"^meeting_sitting_\d$")), on_pick_sitting)
    later(app.action("meeting_sitting_keep"), on_keep_sittings)
    at_once(app.action("meeting_decisions"), on_follow_up_button)
    at_once(app.action("meeting_new_action"), on_follow_up_button)
    app.view("decisions_add")(ack=form_check(), lazy=[reported(on_decisions_form)])
    app.view("meeting_create")(ack=form_check(meeting_form), lazy=[reported(create_from_meeting_form)])


def form_of(cmd: MeetingCommand, who: InMission) -> dict:
    """The form `/meeting` alone opens (at once)."""
    return meeting_modal(who.lang)


def run_meeting(cmd: MeetingCommand, who: InMission, client: WebClient, respond: Respond, trigger_id: str) -> None:
    meetings, lang, mission, clock = who.services.meetings, who.lang, who.mission, who.mission_clock
    match cmd:
        case MeetingHelp():
            respond(**ephemeral(help_message("meeting", lang)))
        case AddMeeting():
            announce_meeting(cmd, who, client, respond, request=f"command:{trigger_id}")
        case EditMeeting():
            request = f"command:{trigger_id}"
            edited: Announce[MeetingView] = Announce(
                request, lambda view: meeting_edited(view, actor=who.user_id, ctx=who.channel_ctx)
            )
            meetings.edit(mission, cmd, actor=who.user_id, announce=edited)
            announced(who, request, respond)
        case MeetingVerb(verb="list" | "next", kind=kind):
            views = meetings.list(mission, kind)
            views = views[:1] if cmd.verb == "next" else views
            respond(**ephemeral(meeting_list(views, clock)))
        case MeetingVerb(verb="cancel", number=int() as number, when=when):
            change_sitting(who, number, when.day if when else None, None, f"command:{trigger_id}", respond)
        case MeetingVerb(verb="move", number=int() as number, when=When() as when, sitting=sitting):
            change_sitting(who, number, sitting, when, f"command:{trigger_id}", respond)
        case MeetingVerb(verb="end" | "delete", number=int() as number):
            meetings.end(mission, number, actor=who.user_id, delete=cmd.verb == "delete")
            done = N_("meeting.deleted") if cmd.verb == "delete" else N_("meeting.ended")
            respond(**ephemeral(t(lang, done, number=number)))
        case MeetingVerb(verb="agenda" | "agenda_add" | "agenda_done", number=int() as number):
            key = f"command:{trigger_id}"  # the same request run again changes nothing more
            try:
                if cmd.verb == "agenda_add":
                    meeting, agenda = meetings.add_item(
                        mission, number, actor=who.user_id, text=cmd.item, request_key=key
                    )
                elif cmd.verb == "agenda_done" and cmd.item_number is not None:
                    meeting, agenda = meetings.item_done(
                        mission, number, actor=who.user_id, item=cmd.item_number, request_key=key
                    )
                else:
                    meeting, agenda = meetings.agenda(mission, number)
            except AlreadyDone:
                meeting, agenda = meetings.agenda(mission, number)
            respond(**ephemeral(agenda_message(meeting, agenda.occurrence, agenda.items, clock)))
        case MeetingVerb(verb="decide", number=int() as number, item=text):
            meeting, request = meetings.by_number(mission, number), f"command:{trigger_id}"
            meetings.record_decisions(
                mission, id_of(meeting), actor=who.user_id, texts=[text], announce=decided(who, request, [text])
            )
            announced(who, request, respond)
        case MeetingVerb(verb="decisions", number=number):
            rows, total = meetings.register(mission, number)
            respond(**ephemeral(decision_register(rows, clock, total)))
        case MeetingVerb(verb="minutes", number=int() as number, when=when, item=item):
            on = when.day if when else None
            if item == "docx":
                upload_minutes(number, on, who, client, respond)
            elif item == "submit":
                submit_minutes(number, on, who, respond, request=f"command:{trigger_id}")
            else:
                publish_minutes(number, on, who, respond)
        case MeetingVerb(verb="validator", number=int() as number, item=validator):
            name_validator(number, validator, who, client, respond)
        case MeetingVerb(verb="ics", item=item):
            token = who.services.missions.calendar_token(
                who.team_id, mission.channel_id, actor=who.user_id, rotate=item == "reset"
            )
            base = who.services.public_url
            key = N_("meeting.ics_url") if base else N_("meeting.ics_no_url")
            if base and item == "reset":
                key = N_("meeting.ics_reset")
            respond(
                **ephemeral(
                    t(lang, key, url=f"{base}/calendar/{token}.ics" if base else "", channel=mission.channel_id)
                )
            )


def publish_minutes(number: int, on: date | None, who: InMission, respond: Respond) -> None:
    """`/meeting minutes N [date]`: the sitting's minutes as a canvas shared in the channel (written
    through the outbox)."""
    minutes = who.services.canvases.publish_minutes(who.mission, number, actor=who.user_id, on=on)
    day = who.ctx.day(minutes.sitting.occurrence.start.astimezone(who.mission_tz).date())
    respond(
        **ephemeral(
            t(
                who.lang,
                "minutes.publishing",
                title=escape(minutes.sitting.meeting.title),
                day=day,
                channel=who.mission.channel_id,
            )
        )
    )


def upload_minutes(number: int, on: date | None, who: InMission, client: WebClient, respond: Respond) -> None:
    """`/meeting minutes N [date] docx`: the same minutes as a Word file, uploaded to the channel now."""
    mission, ctx = who.mission, who.mission_ctx
    minutes = who.services.canvases.minutes(mission, number, actor=who.user_id, on=on)
    meeting, lang = minutes.sitting.meeting, ctx.lang
    approval = minutes.approval
    deciders = [minutes.validator, *((approval.validator, approval.decided_by) if approval else ())]
    people = [
        meeting.organiser_id,
        *meeting.attendees.split(),
        *(o for a in minutes.actions for o in a.owners),
        *(p for p in deciders if p),
    ]
    data = minutes_docx(minutes, ctx=ctx, names=real_names(client, people))
    day = minutes.sitting.occurrence.start.astimezone(ctx.tz).date()
    refused = upload(
        client,
        mission.channel_id,
        file=data,
        title=minutes_title(minutes, ctx),
        filename=f"releve-de-decisions-{meeting.number}-{day.isoformat()}.docx",
        initial_comment=t(lang, "minutes.docx_comment", title=escape(meeting.title), day=ctx.day(day)),
    )
    if refused is not None:
        respond(**ephemeral(t(who.lang, "minutes.docx_failed", error=refused, channel=mission.channel_id)))


def real_names(client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """People's names for a document that cannot mention them; whoever Slack cannot name keeps their id."""
    names = {}
    for user_id in dict.fromkeys(user_ids):
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError:
            continue
        names[user_id] = user.get("real_name") or user.get("name") or user_id
    return names


def change_sitting(
    who: InMission, number: int, on: date | None, to: When | None, request: str, respond: Respond
) -> None:
    """Cancel (`to` None) or move the sitting on `on`; with no day named, the one sitting it can mean, or
    else a question with a button per sitting: a sitting nobody named is never changed."""
    meetings = who.services.meetings
    if on is None:
        sittings = meetings.sittings(who.mission, number, actor=who.user_id, near=to.day if to else None)
        if len(sittings) != 1:
            if not sittings:
                raise UserError("meeting.no_occurrence", number=number)
            meeting = meetings.by_number(who.mission, number)
            respond(**ephemeral(which_sitting(meeting, sittings, to, request=request, ctx=who.mission_ctx)))
            return
        on = sittings[0].start.astimezone(who.mission_tz).date()
    announce: Announce[SittingChange] = Announce(
        request, lambda change: sitting_change(change, actor=who.user_id, ctx=who.channel_ctx)
    )
    if to is None:
        meetings.cancel(who.mission, number, actor=who.user_id, on=on, announce=announce)
    else:
        meetings.move(who.mission, number, actor=who.user_id, on=on, to=to, announce=announce)
    announced(who, request, respond)
    if to is not None:
        warn_day_off([to.day], who, respond)


def on_pick_sitting(action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """A sitting chosen: the command that asked is carried out now, in the channel it was typed in, once
    however many buttons are clicked."""
    who = in_channel(context, client)
    respond(delete_original=True)
    try:
        number, on, to, request = picked_sitting(action["value"])
        change_sitting(who, number, on, to, request, respond)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))


def picked_sitting(value: str) -> tuple[int, date, When | None, str]:
    """The meeting's number, the sitting's day, where it goes and the request that asked, as `which_sitting`
    put them in a button."""
    try:
        pick = json.loads(value)
        to = When.from_dict(pick["to"]) if pick["to"] else None
        return int(pick["n"]), date.fromisoformat(pick["o"]), to, str(pick["k"])
    except (ValueError, TypeError, KeyError):
        raise NotFound("meeting.gone") from None


def on_keep_sittings(context: BoltContext, client: WebClient, respond: Respond) -> None:
    respond(replace_original=True, text=t(asking(context, client).lang, "meeting.sittings_kept"))


def decided(who: InMission, request: str, texts: list[str]) -> Announce[tuple[Meeting, Occurrence]]:
    """Decisions recorded are announced in the channel, with the sitting they were taken at."""
    return Announce(
        request, lambda sitting: decisions_recorded(*sitting, texts, actor=who.user_id, ctx=who.channel_ctx)
    )


def announce_meeting(cmd: AddMeeting, who: InMission, client: WebClient, reply, *, request: str) -> None:
    """Schedule it, announced in the channel; the people invited are asked of Slack first (users.info), so
    that their reminders come in their own language and zone, not the channel's."""
    names_of(who, client, [a for a in cmd.attendees if is_user(a)])
    announce: Announce[MeetingView] = Announce(
        request, lambda view: meeting_created(view.meeting, view.next, who.channel_ctx, view.holidays)
    )
    who.services.meetings.add(who.mission, organiser=who.user_id, cmd=cmd, announce=announce)
    announced(who, request, reply)
    if cmd.rrule is None and cmd.on is not None:
        warn_day_off([cmd.on.day], who, reply)


def meeting_form(view: dict, who: InMission) -> AddMeeting:
    values = view["state"]["values"]

    def get(block: str, key: str):
        return values.get(block, {}).get("value", {}).get(key)

    return meeting_from_form(
        (get("kind", "selected_option") or {}).get("value"),
        get("title", "value"),
        get("date", "selected_date"),
        get("time", "selected_time"),
        (get("repeat", "selected_option") or {}).get("value"),
        (get("duration", "selected_option") or {}).get("value"),
        get("location", "value"),
        get("attendees", "selected_users") or [],
        tz=who.mission_tz,
        now=who.now,
    )


def create_from_meeting_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    reply = ephemeral_to(client, who, who.mission.channel_id)
    announce_meeting(meeting_form(view, who), who, client, reply, request=f"view:{view['id']}")


def on_follow_up_button(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
    """From the post-meeting prompt: the decisions form, or the action form linked to the occurrence."""
    action = body["actions"][0]
    who = asking(context, client)
    try:
        meeting_id, occurrence = sitting_of(action["value"])
        who, meeting = reach_meeting(who, meeting_id)
    except UserError as err:
        modal.refuse(err, who.lang)
        return
    sitting = {"meeting": meeting.id, "occurrence": occurrence}
    if action["action_id"] == "meeting_decisions":
        view = decisions_modal(meeting, sitting, who.lang)
    else:
        view = action_modal(who.lang, author=who.user_id, metadata=sitting)
    modal.show_form(view, who)


def sitting_of(value: str) -> tuple[object, str]:
    """The meeting and the occurrence a follow-up button names (`occurrence_value`)."""
    try:
        sitting = json.loads(value)
        datetime.fromisoformat(sitting["o"])
        return sitting["m"], sitting["o"]
    except (ValueError, TypeError, KeyError):
        raise NotFound("meeting.gone") from None


def on_decisions_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    who, meeting = reach_meeting(who, who.form.get("meeting"))
    texts = decisions_from_form(view["state"]["values"]["decisions"]["value"].get("value"))
    if not texts:
        return
    request = f"view:{view['id']}"
    who.services.meetings.record_decisions(
        who.mission,
        id_of(meeting),
        actor=who.user_id,
        texts=texts,
        occurrence=datetime.fromisoformat(who.form["occurrence"]),
        announce=decided(who, request, texts),
    )
    announced(who, request, ephemeral_to(client, who, who.mission.channel_id))
