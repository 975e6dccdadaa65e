"""/action, the buttons on action messages (Done, Snooze a day, Reopen, Reassign), the action form and
the reassign form, the message shortcut "Create action item", and the due-date questions (a past date, a
day the text ends with, a day off)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.actions.blocks import (
    CHANGED,
    LIST_TITLES,
    action_list,
    action_message,
    action_modal,
    day_off_prompt,
    due_text,
    owners_text,
    past_due_prompt,
    reassign_modal,
    trailing_due_prompt,
)
from bot.actions.due import Trailing
from bot.actions.grammar import (
    MAX_ACTION_TEXT,
    Add,
    Change,
    Command,
    HandOver,
    Help,
    ListActions,
    action_draft,
    opens_form,
    parse_action_command,
    prefill_text,
)
from bot.actions.values import ActionView, AlreadyCreated, Draft, PastDue
from bot.blocks import help_message
from bot.dates import When
from bot.daysoff import why_off
from bot.errors import UserError
from bot.i18n import t
from bot.outbox import Announce
from bot.people.blocks import handed_over
from bot.slacktext import mentioned
from handlers.home import draw_home, redraw_homes
from handlers.identity import InMission, asking, check_people, in_channel, names_of, of_form, reach_action
from handlers.listeners import field, form_check, later, reject, reported, submitted
from handlers.modals import Modal, at_once, slash_with_form
from handlers.replies import CANNOT_POST, announced, ephemeral, ephemeral_to, error_text, permalink

log = logging.getLogger(__name__)
BUTTON_VERBS = {"action_done": "done", "action_snooze": "snooze", "action_reopen": "reopen"}


def register(app: App) -> None:
    slash_with_form(
        app,
        "/action",
        opens_form,
        lambda text, who: parse_action_command(text, who.local_now, who.mission_ctx.week),
        form_of,
        run_action,
    )
    for action_id in BUTTON_VERBS:
        later(app.action(action_id), on_change)
    at_once(app.action("action_reassign"), on_reassign)
    later(app.action("action_confirm_past"), on_confirm_past)
    for answer in ("action_trailing_due", "action_trailing_plain"):
        later(app.action(answer), on_trailing_answer)
    later(app.action("action_due_working_day"), on_due_working_day)
    later(app.action("action_cancel_past"), on_cancel_past)
    at_once(app.shortcut("create_action_item"), on_create_action_item)
    app.view("action_create")(ack=form_check(action_form), lazy=[reported(create_from_form)])
    app.view("action_reassign")(ack=save_reassign_form, lazy=[reported(after_reassign_form)])


def form_of(cmd: Command, who: InMission) -> dict:
    """The form `/action` alone opens (at once)."""
    return action_modal(who.lang, author=who.user_id, links=who.services.phases.link_choices(who.mission))


def run_action(cmd: Command, who: InMission, client: WebClient, respond: Respond, trigger_id: str) -> None:
    actions, lang = who.services.actions, who.lang
    match cmd:
        case Help():
            respond(**ephemeral(help_message("action", lang)))
        case Add(text=text, owners=owners, trailing=Trailing() as asked):
            dated = Draft(asked.text, owners, asked.due)
            respond(**ephemeral(trailing_due_prompt(Draft(text, owners), dated, who.ctx, f"command:{trigger_id}")))
        case Add(text=text, owners=owners, due=due):
            create(Draft(text, owners, due), who, client, respond, key=f"command:{trigger_id}")
        case ListActions(scope=scope, user=user):
            result = actions.list(who.mission, scope=scope, viewer=who.user_id, user=user)
            title = t(lang, LIST_TITLES[scope], user="@" + names_of(who, client, [user])[user] if user else "")
            respond(**ephemeral(action_list(result, title, who.ctx)))
        case Change():
            change(cmd, who, client, respond, key=f"command:{trigger_id}")
        case HandOver(gone=gone, to=to):
            hand_over(who, client, respond, gone=gone, to=to, request=f"command:{trigger_id}")


def hand_over(who: InMission, client: WebClient, respond: Respond, *, gone: str, to: str, request: str) -> None:
    """Every open action of `gone` in the mission, to `to` (an active person), announced in the channel once."""
    check_people(who, client, [to])
    announce: Announce[Sequence[ActionView]] = Announce(
        request, lambda views: handed_over(who.mission.channel_id, gone, to, views, who.user_id, who.mission.language)
    )
    views = who.services.actions.hand_over(who.mission, gone=gone, to=to, actor=who.user_id, announce=announce)
    announced(who, request, respond)
    for view in views:
        delivered(client, who, view)


def change(
    cmd: Change, who: InMission, client: WebClient, respond: Respond, *, key: str, confirmed_past: bool = False
) -> None:
    """Apply a change to an action (its channel message updated and new owners told, through the outbox).
    `key` names the Slack request: run again, it changes nothing more."""
    actions, lang = who.services.actions, who.lang
    before = actions.get(who.mission, cmd.number)
    if cmd.verb == "assign":
        check_people(who, client, cmd.owners)
    try:
        after = actions.change(
            who.mission,
            cmd.number,
            actor=who.user_id,
            verb=cmd.verb,
            tz=who.tz,
            owners=cmd.owners,
            due=cmd.due,
            text=cmd.text,
            confirmed_past=confirmed_past,
            request_key=key,
        )
    except PastDue as past:
        respond(**ephemeral(past_due_prompt(past, who.ctx)))
        return
    delivered(client, who, after, before.owners)
    due = due_text(after, who.ctx)
    respond(**ephemeral(t(lang, CHANGED[cmd.verb], number=cmd.number, due=due, owners=owners_text(after.owners))))


def create(
    draft: Draft,
    who: InMission,
    client: WebClient,
    reply: Callable[..., object],
    *,
    key: str | None,
    confirmed_past: bool = False,
    permalink: str | None = None,
    meeting: tuple[int, datetime] | None = None,
    link: str | None = None,
) -> None:
    """Create an action, or ask first when its due date has passed; then show it. `key` names the Slack
    request: the same request again (a retry, a double click, a resubmission) creates nothing more.

    `reply` sends an ephemeral answer: `respond` for commands and buttons, `replies.tell` for modals. Once the
    action is saved, whatever Slack refuses is told as such, never as "nothing was changed".
    """
    lang = who.lang
    try:
        check_people(who, client, draft.owners)
    except UserError as err:
        reply(**ephemeral(error_text(err, who.lang)))
        return
    try:
        action = who.services.actions.create(
            who.mission,
            author=who.user_id,
            draft=draft,
            tz=who.tz,
            confirmed_past=confirmed_past,
            permalink=permalink,
            meeting=meeting,
            link=link,
            request_key=key,
        )
    except PastDue as past:
        reply(**ephemeral(past_due_prompt(past, who.ctx, key=key)))
        return
    except AlreadyCreated as made:  # a double click, or this request run again after a crash
        delivered(client, who, made.action)  # what the first run planned and could not deliver
        reply(**ephemeral(t(lang, "created.already", number=made.action.number)))
        return
    delivered(client, who, action)
    offer_working_day(action, who, reply)
    state, error = who.services.actions.post_state(who.mission, action.id)
    if state in ("failed", "dropped"):
        log.info("action %s not posted: %s", action.id, error)  # Slack's word is for the log, not for people
        why = t(lang, "error.not_in_channel") if error in CANNOT_POST else t(lang, "created.not_posted")
        reply(**ephemeral(t(lang, "created", number=action.number) + " " + why))
    elif state != "sent":
        reply(**ephemeral(t(lang, "created", number=action.number) + " " + t(lang, "created.post_later")))


def offer_working_day(action: ActionView, who: InMission, reply: Callable[..., object]) -> None:
    """A due date on a weekend or a holiday is said, with the working day before it one click away."""
    ctx = who.mission_ctx
    if action.due_date is not None and (why := why_off(action.due_date, ctx)) is not None:
        before = ctx.week.working_day_before(action.due_date)
        reply(**ephemeral(day_off_prompt(action, why, before, who.ctx)))


def on_due_working_day(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """The due date brought forward to the working day the note offered, in the channel it was offered in."""
    who = in_channel(context, client)
    try:
        asked = json.loads(action["value"])
        number, due = int(asked["n"]), When.from_dict(asked)
    except (ValueError, TypeError, KeyError):
        respond(**ephemeral(t(who.lang, "error.gone")))
        return
    respond(delete_original=True)
    try:
        change(Change("due", number, due=due), who, client, respond, key=f"click:{body['trigger_id']}")
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))


def on_change(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    ack()
    who = asking(context, client)
    verb = BUTTON_VERBS[action["action_id"]]
    on_home = body.get("container", {}).get("type") == "view"  # no response_url there: the Home says it
    try:
        who, number = reach_action(who, action["value"])
        after = who.services.actions.change(
            who.mission, number, actor=who.user_id, verb=verb, tz=who.tz, request_key=f"click:{body['trigger_id']}"
        )
    except UserError as err:
        if on_home:
            draw_home(client, who.services, who.workspace, who.user_id, notice=error_text(err, who.lang))
        else:
            respond(**ephemeral(error_text(err, who.lang)))
        return
    delivered(client, who, after, drawn_now=who.user_id if on_home else None)
    if on_home:  # they are looking at it: redraw it now, not with the others' in a moment
        draw_home(
            client,
            who.services,
            who.workspace,
            who.user_id,
            notice=t(who.lang, CHANGED[verb], number=number, due=due_text(after, who.ctx)),
        )
        return
    if body.get("container", {}).get("message_ts") != after.message_ts:  # clicked in a DM: update it too
        respond(replace_original=True, **action_message(after, who.mission_ctx))
    if verb == "snooze":
        respond(**ephemeral(t(who.lang, "changed.snooze", number=number, due=due_text(after, who.ctx))))


def on_reassign(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
    """The reassign form (the owners it starts from are recorded with it)."""
    who = asking(context, client)
    try:
        who, number = reach_action(who, body["actions"][0]["value"])
        current = who.services.actions.get(who.mission, number)
    except UserError as err:
        modal.refuse(err, who.lang)
        return
    modal.show_form(reassign_modal(current, who.lang, {"action": current.id, "owners": list(current.owners)}), who)


def on_confirm_past(
    ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond
) -> None:
    ack()
    who = in_channel(context, client)  # the channel the command that asked was typed in
    respond(delete_original=True)
    request = json.loads(action["value"])
    try:
        if "n" in request:  # a new due date for an existing action
            due = Change("due", request["n"], due=When.from_dict(request))
            change(due, who, client, respond, key=f"click:{body['trigger_id']}", confirmed_past=True)
        else:
            create(Draft.from_dict(request), who, client, respond, key=request.get("k"), confirmed_past=True)
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))


def on_trailing_answer(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """The action, with the day its text ended with as its due date or without: both answers carry the
    command's request key, so whichever comes second finds the action made."""
    who = in_channel(context, client)  # the channel the command that asked was typed in
    try:
        request = json.loads(action["value"])
        draft = Draft.from_dict(request)
    except (ValueError, TypeError, KeyError):
        respond(**ephemeral(t(who.lang, "error.gone")))
        return
    respond(delete_original=True)
    try:
        create(draft, who, client, respond, key=request.get("k"))
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))


def on_cancel_past(ack: Ack, context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    respond(replace_original=True, text=t(asking(context, client).lang, "past.cancelled"))


def on_create_action_item(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
    """The action form, prefilled with the message, linked back to it."""
    shortcut = body
    who = in_channel(context, client)  # the channel Slack says the message is in
    channel = who.mission.channel_id
    link = permalink(client, channel, shortcut["message_ts"])
    raw = shortcut.get("message", {}).get("text", "")
    text, cut = prefill_text(raw, names_of(who, client, mentioned(raw)))
    note = t(who.lang, "modal.prefill_cut", limit=MAX_ACTION_TEXT) if cut else None
    view = action_modal(
        who.lang,
        author=who.user_id,
        text=text,
        note=note,
        metadata={"permalink": link},
        links=who.services.phases.link_choices(who.mission),
    )
    modal.show_form(view, who)


def action_form(view: dict, who: InMission) -> Draft:
    """The draft a submitted action form describes (raises FieldError naming the input to fix)."""
    values = view["state"]["values"]
    return action_draft(
        field(values, "text").get("value"),
        field(values, "owners").get("selected_users") or [],
        field(values, "due_date").get("selected_date"),
        field(values, "due_time").get("selected_time"),
        tz=who.tz,
        now=who.now,
    )


def create_from_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    meta = who.form
    meeting = (meta["meeting"], datetime.fromisoformat(meta["occurrence"])) if meta.get("meeting") else None
    link = (field(view["state"]["values"], "link").get("selected_option") or {}).get("value")
    create(
        action_form(view, who),
        who,
        client,
        ephemeral_to(client, who, who.mission.channel_id),
        key=f"view:{view['id']}",
        permalink=meta.get("permalink"),
        meeting=meeting,
        link=link,
    )


def save_reassign_form(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
    """Save the new owners and answer Slack; telling them and updating the message come after."""
    who = submitted(ack, view, client, context)
    if who is None:
        return
    owners = tuple(field(view["state"]["values"], "owners").get("selected_users") or [])
    try:
        who, number = reach_action(who, who.form["action"])
        check_people(who, client, owners)
        who.services.actions.change(
            who.mission,
            number,
            actor=who.user_id,
            verb="assign",
            tz=who.tz,
            owners=owners,
            request_key=f"view:{view['id']}:{view.get('hash', '')}",
        )
    except UserError as err:
        reject(ack, "owners", err, who.lang)
        return
    ack()


def after_reassign_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    who, number = reach_action(who, who.form["action"])
    delivered(client, who, who.services.actions.get(who.mission, number), tuple(who.form.get("owners", ())))


def delivered(
    client: WebClient,
    who: InMission,
    action: ActionView,
    before: tuple[str, ...] = (),
    *,
    drawn_now: str | None = None,
) -> None:
    """Deliver at once what the change planned (its post or its update, the new owners' DMs), and redraw
    the Homes of its owners and of those who left it (but `drawn_now`'s, which the caller redraws)."""
    who.services.courier.deliver(who.mission.team_id, "action", action.id)
    redraw_homes(client, who, [o for o in (*action.owners, *before) if o != drawn_now])
