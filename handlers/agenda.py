"""A meeting's agenda from Slack's surfaces: the "Add agenda item" button with its form, and the message
shortcut "Add to the agenda" (a message, with its link, on the next sitting of a meeting chosen in a form)."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.actions.grammar import prefill_text
from bot.errors import UserError
from bot.i18n import t
from bot.meetings.blocks import agenda_from_message_modal, agenda_modal, when_text
from bot.meetings.forms import agenda_item_from_form, linked_item
from bot.meetings.phrases import MAX_LINKED_ITEM
from bot.slacktext import mentioned
from handlers.identity import InMission, asking, in_channel, names_of, of_form, reach_meeting
from handlers.listeners import form_check, reported
from handlers.modals import Modal, at_once
from handlers.replies import permalink, tell


def register(app: App) -> None:
    at_once(app.action("meeting_add_item"), on_add_item_button)
    app.view("agenda_add")(ack=form_check(), lazy=[reported(on_agenda_form)])
    at_once(app.shortcut("add_to_agenda"), on_add_to_agenda)
    app.view("agenda_from_message")(ack=form_check(), lazy=[reported(on_agenda_from_message)])


def on_add_item_button(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
    who = asking(context, client)
    try:
        who, meeting = reach_meeting(who, body["actions"][0]["value"])
    except UserError as err:
        modal.refuse(err, who.lang)
        return
    modal.show_form(agenda_modal(meeting, who.lang), who)


def on_agenda_form(view: dict, client: WebClient, context: BoltContext) -> None:
    who = of_form(context, client, view)
    who, meeting = reach_meeting(who, who.form.get("meeting"))
    text = agenda_item_from_form(view["state"]["values"]["item"]["value"].get("value"))
    if text:
        item_added(client, who, meeting.number, text)


def item_added(client: WebClient, who: InMission, number: int, text: str) -> None:
    """An item a form queued for a meeting's next sitting, told to whoever queued it."""
    meeting, agenda = who.services.meetings.add_item(who.mission, number, actor=who.user_id, text=text)
    when = when_text(agenda.occurrence, who.ctx)
    said = t(who.lang, "meeting.item_added", title=meeting.title, when=when)
    tell(client, who.user_id, who.lang, who.mission.channel_id, said)


def on_add_to_agenda(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
    """ "Add to the agenda" on a message: the form to put it on the next sitting of one of the channel's
    meetings, linked back to it."""
    who = in_channel(context, client)  # the channel Slack says the message is in
    views = [v for v in who.services.meetings.list(who.mission) if v.next is not None]
    if not views:
        modal.refuse(UserError("meeting.none_for_agenda"), who.lang)
        return
    raw = body.get("message", {}).get("text", "")
    text, cut = prefill_text(raw, names_of(who, client, mentioned(raw)), MAX_LINKED_ITEM)
    note = t(who.lang, "modal.prefill_cut", limit=MAX_LINKED_ITEM) if cut else None
    link = permalink(client, who.mission.channel_id, body.get("message_ts"))
    modal.show_form(agenda_from_message_modal(views, text, who.mission_clock, permalink=link, note=note), who)


def on_agenda_from_message(view: dict, client: WebClient, context: BoltContext) -> None:
    """The item on the chosen meeting's next sitting, the message's link after it: only a meeting of the
    mission the form was opened for (what the chosen option names is reached from there)."""
    who = of_form(context, client, view)
    values = view["state"]["values"]
    chosen = (values["meeting"]["value"].get("selected_option") or {}).get("value")
    who, meeting = reach_meeting(who, chosen)
    text = agenda_item_from_form(values["item"]["value"].get("value"))
    if text:
        item_added(client, who, meeting.number, linked_item(text, who.form.get("permalink")))
