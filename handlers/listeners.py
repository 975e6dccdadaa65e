"""What listeners are made of: ack at once, work after (lazy, reported), a slash command's parse-and-run,
and a modal's check on submission."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks import in_both, notice_modal
from bot.errors import FieldError, FormGone, UserError
from bot.slacktext import with_names
from handlers.identity import InMission, in_channel, of_form
from handlers.replies import ephemeral, error_text, tell_user
from storage.db import unavailable

log = logging.getLogger(__name__)


Command = TypeVar("Command")
Run = Callable[[Command, InMission, WebClient, Respond, str], None]  # (command, who, client, respond, trigger_id)


def slash(parse: Callable[[str, InMission], Command], run: Run[Command]) -> Callable[..., None]:
    """A slash-command listener: who asks, in which mission, their text parsed and the command run;
    input that cannot be read gets its explanation back, only to them."""

    def listener(command: dict, client: WebClient, context: BoltContext, respond) -> None:
        who = in_channel(context, client)
        try:
            run(parse(command["text"], who), who, client, respond, command["trigger_id"])
        except UserError as err:
            respond(**ephemeral(error_text(err, who.lang)))

    return listener


def field(values: dict, block_id: str) -> dict:
    """The state of a modal input block (each of ours has one element, `value`)."""
    return values.get(block_id, {}).get("value", {})


def reject(ack: Ack, block_id: str, err: UserError, lang: str, names: dict[str, str] | None = None) -> None:
    """Keep the modal open, the error shown under input `block_id`: plain text, so people by their `names`
    and no markup (Slack shows a form error's backticks as they are)."""
    text = with_names(error_text(err, lang), names or {}).replace("`", "")
    ack(response_action="errors", errors={block_id: text[:150]})


def submitted(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> InMission | None:
    """Who submits a form, acting in the mission the form was opened for (as recorded then); None when the
    bot has no record of opening it for them (forged, or older than a day): the modal then says so in its
    place, and nothing is done."""
    try:
        return of_form(context, client, view)
    except FormGone as err:
        ack(response_action="update", view=notice_modal(in_both(err.key), None))
        return None


def form_check(read: Callable[[dict, InMission], object] | None = None) -> Callable[..., None]:
    """The ack of a modal whose work runs after: a form the bot did not open for this person is refused
    (`submitted`); what `read` cannot read goes back onto the form, under the input to fix; a good form
    closes at once."""

    def check(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
        who = submitted(ack, view, client, context)
        if who is None:
            return
        try:
            if read is not None:
                read(view, who)
        except FieldError as err:
            reject(ack, err.field, err, who.lang)
            return
        ack()

    return check


# Ack at once, work after. The app runs with `process_before_response`, so an ack function runs in the
# request's own thread and answers Slack before any database or Web API call; the work runs as a Bolt
# lazy listener on the listener executor. (Without this, a burst of commands fills the executor with
# work and new acks queue behind it.)


def ack_now(ack: Ack) -> None:
    ack()


@dataclass
class RunAgain:
    """Set by work that met the database away: the inbox gives its request back, to be run again whole."""

    asked: bool = False


AGAIN: ContextVar[RunAgain | None] = ContextVar("again", default=None)  # set by the inbox's work process


def run_again_later(exc: BaseException) -> bool:
    """Whether the request whose work raised `exc` is to be run again, rather than told as failed: the
    database was away, and a work process of the inbox runs it (its changes are keyed by the request: a
    second run makes none twice). Without the inbox (the sandbox, Socket Mode), nothing would run it again."""
    again = AGAIN.get()
    if again is None or not unavailable(exc):
        return False
    log.warning("the database is unavailable (%s): the request will be run again", type(exc).__name__)
    again.asked = True
    return True


def reported(work: Callable[..., None]) -> Callable[..., None]:
    """Lazy work whose unexpected errors are logged and told to the user, as `app.error` does for acks.
    (Bolt injects arguments by the names `work` declares; `functools.wraps` keeps them visible.)"""

    @functools.wraps(work)
    def run(**kwargs: object) -> None:
        try:
            work(**kwargs)
        except FormGone:  # its ack refused it already
            log.info("%s: a form the bot has no record of opening; nothing done", work.__name__)
        except FieldError as err:  # its ack put the error on the form, which stays open: nothing to do after
            log.info("%s: a form sent back to be fixed (%s); nothing done", work.__name__, err.key)
        except Exception as exc:
            if run_again_later(exc):
                return
            log.exception("unhandled error in %s", work.__name__)
            context = kwargs.get("context")
            tell_user(getattr(context, "respond", None))

    return run


def later(register: Callable, work: Callable[..., None]) -> None:
    """`later(app.command("/action"), action_command)`: ack now, run `action_command` after."""
    register(ack=ack_now, lazy=[reported(work)])
