"""Workflow Builder steps (Slack's custom functions, declared in manifest.json's `functions`): create an
action, add an agenda item, record a decision, post the digest now. Each reads its inputs as the matching
command reads its text (bot/steps.py), acts as that command does, and ends the step once: with outputs for
the workflow's next steps (`functions.completeSuccess`), or with what to fix (`functions.completeError`),
nothing done.

A `function_executed` event goes through the durable inbox like any request, and its execution id is the
request key: a step run again after a crash finds its change made, changes nothing more and ends the same
way; Slack refuses a second end, which is the step already ended. The event's token is the execution's own
(Bolt puts it on `client`): it ends the step; what the step does goes out with the workspace's token."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltContext, Complete, Fail
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actions.values import AlreadyCreated, PastDue
from bot.errors import AlreadyDone, UserError
from bot.i18n import t
from bot.steps import (
    Call,
    Inputs,
    action_draft,
    action_outputs,
    agenda_outputs,
    call_of,
    decision_outputs,
    decision_text,
    digest_outputs,
    item_text,
    meeting_number,
    sitting_day,
)
from handlers.actions import delivered
from handlers.identity import InMission, check_people, of_step
from handlers.listeners import ack_now, run_again_later
from handlers.meetings import decided
from handlers.replies import error_text, permalink

log = logging.getLogger(__name__)
Outputs = dict[str, object]
Run = Callable[[Inputs, Call, InMission, WebClient, str], Outputs]  # (inputs, call, who, client, request key)
ENDED = {"execution_not_in_running_state", "function_execution_not_found"}  # Slack's word for "ended already"


def create_action(inputs: Inputs, call: Call, who: InMission, client: WebClient, key: str) -> Outputs:
    """Create an action, as `/action` does: posted in the channel, its owners told."""
    draft = action_draft(inputs, author=call.requested_by, now=who.local_now, tz=who.tz, week=who.mission_ctx.week)
    check_people(who, client, draft.owners)
    actions = who.services.actions
    try:
        action = actions.create(who.mission, author=who.user_id, draft=draft, tz=who.tz, request_key=key)
    except AlreadyCreated as made:  # this step run again after a crash: what the first run planned goes out
        action = made.action
    except PastDue as past:  # it passed between the reading and the saving
        raise UserError("step.past_due", day=past.due.day) from None
    delivered(client, who, action)
    posted = actions.get(who.mission, action.number)
    return action_outputs(action.number, permalink(client, posted.message_channel, posted.message_ts))


def add_agenda_item(inputs: Inputs, call: Call, who: InMission, client: WebClient, key: str) -> Outputs:
    """Put an item on the next sitting of a meeting, as `/meeting agenda N add` does."""
    number, text, meetings = meeting_number(inputs), item_text(inputs), who.services.meetings
    try:
        _, agenda = meetings.add_item(who.mission, number, actor=who.user_id, text=text, request_key=key)
    except AlreadyDone:
        _, agenda = meetings.agenda(who.mission, number)
    place = max((i for i, item in enumerate(agenda.items, 1) if item.text == text), default=len(agenda.items))
    return agenda_outputs(agenda.occurrence.start, place)


def record_decision(inputs: Inputs, call: Call, who: InMission, client: WebClient, key: str) -> Outputs:
    """Add a decision to a meeting's register, announced in the channel, as `/meeting decide N` does: for the
    sitting on the day given, else the latest that took place. The meeting's organiser or the director."""
    if call.requested_by is None:
        raise UserError("step.no_requester")
    number, text, meetings = meeting_number(inputs), decision_text(inputs), who.services.meetings
    sitting = meetings.past_sitting(
        who.mission,
        number,
        actor=who.user_id,
        on=sitting_day(inputs, who.mission_clock.local_now, who.mission_ctx.week),
    )
    meeting = meetings.by_number(who.mission, number)
    try:
        meetings.record_decisions(
            who.mission,
            meeting.id or 0,
            actor=who.user_id,
            texts=[text],
            occurrence=sitting.original,
            announce=decided(who, key, [text]),
        )
    except AlreadyDone:  # this step run again after a crash
        pass
    who.services.courier.deliver(who.mission.team_id, "mission", who.mission.id or 0)
    return decision_outputs(sitting.start)


def post_digest(inputs: Inputs, call: Call, who: InMission, client: WebClient, key: str) -> Outputs:
    """Send the digest to the project director now, as `/digest send` does (the director's to ask)."""
    if call.requested_by is None:
        raise UserError("step.no_requester")
    director = who.services.digests.check(who.mission, who.user_id)
    who.services.digests.send_now(who.mission, actor=who.user_id, request_key=key)
    return digest_outputs(director)


STEPS: dict[str, Run] = {
    "create_action": create_action,
    "add_agenda_item": add_agenda_item,
    "record_decision": record_decision,
    "post_digest": post_digest,
}


def register(app: App) -> None:
    for callback_id, run in STEPS.items():
        app.function(callback_id, auto_acknowledge=False)(ack=ack_now, lazy=[ended(run)])


def ended(run: Run) -> Callable[..., None]:
    """The step's work, ended once: with its outputs; with what to fix, in the mission's language (in both
    before a mission is known); or, on an unexpected error, with the word that part of it may be done."""

    def step(inputs: dict, context: BoltContext, client: WebClient, complete: Complete, fail: Fail) -> None:
        lang: str | None = None
        try:
            call = call_of(inputs)
            who = of_step(context, client, call.channel, call.requested_by)
            lang = who.lang
            outputs = run(inputs, call, who, own_client(client, context), f"step:{context.function_execution_id}")
        except UserError as err:
            log.info("workflow step %s refused: %s", run.__name__, err.key)
            said = error_text(err, lang) if lang else f"{error_text(err, 'fr')} / {error_text(err, 'en')}"
            end(lambda: fail(error=said))
        except Exception as exc:
            if run_again_later(exc):  # not ended: it ends when run again
                return
            log.exception("workflow step %s failed", run.__name__)
            end(lambda: fail(error=t(lang or "en", "step.unexpected")))
        else:
            end(lambda: complete(outputs=outputs))

    step.__name__ = run.__name__
    return step


def end(tell: Callable[[], object]) -> None:
    """Tell Slack the step ended; Slack refusing because it ended already (a run after a crash) is no error."""
    try:
        tell()
    except SlackApiError as err:
        if err.response.get("error") not in ENDED:
            raise
        log.info("the workflow step had ended already: nothing more to tell Slack")


def own_client(client: WebClient, context: BoltContext) -> WebClient:
    """A client with the workspace's own token, for what the step does (posts, Homes: some run after the
    step ended, when the execution's token may be gone)."""
    return WebClient(
        token=context.bot_token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=client.retry_handlers,
        logger=client.logger,
    )
