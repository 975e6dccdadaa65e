"""Opening modals. A trigger_id lives 3 s and is good once, so a modal opens from the ack: on the openers'
own pool, never behind other requests' work, and first as a loading view, before anything is read
(not even who asks, which may take a users.info). The form, or the reason there is none, then takes
its place with views.update, which has no such deadline while the modal is open."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import loading_modal, notice_modal, section
from bot.errors import UserError
from handlers.kit import APOLOGY, Who, error_text, identify, later, slash, tell_user

log = logging.getLogger(__name__)


class Openers:
    """The pool `at_once` opens modals on, in the context as "openers": shared, not copied, when Bolt
    deep-copies the context for lazy listeners (an executor cannot be copied)."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    def submit(self, fn: Callable[..., None], /, **kwargs: object) -> None:
        self.executor.submit(fn, **kwargs)

    def __deepcopy__(self, memo: dict) -> Openers:
        return self


class Modal:
    """A modal a trigger opened, showing the loading view until `show` or `refuse` puts what it is for in
    its place."""

    def __init__(self, client: WebClient, view: dict) -> None:
        self.client, self.id, self.hash = client, view["id"], view.get("hash")

    @classmethod
    def open(cls, client: WebClient, trigger_id: str, respond) -> Modal | None:
        """The loading view; None if Slack refused it (an expired trigger, say): then nothing was changed,
        and the person is told so."""
        try:
            return cls(client, client.views_open(trigger_id=trigger_id, view=loading_modal())["view"])
        except SlackApiError as err:
            log.warning("could not open a form: %s", err.response.get("error"))
            tell_user(respond)
            return None

    def show(self, view: dict) -> None:
        """Put `view` in place (the hash makes a late update lose to an earlier one, never overwrite it)."""
        try:
            self.hash = self.client.views_update(view_id=self.id, hash=self.hash, view=view)["view"].get("hash")
        except SlackApiError as err:  # closed meanwhile, most likely: nothing was waiting on it
            log.info("could not show a form in modal %s: %s", self.id, err.response.get("error"))

    def refuse(self, err: UserError, lang: str) -> None:
        """Why the form cannot open, where the person is looking: in the modal."""
        self.show(notice_modal(error_text(err, lang), lang))


def at_once(work: Callable[..., None]) -> Callable[..., None]:
    """The ack of a listener that opens a modal: `work(body, client, context, modal)` runs on the openers'
    pool (context["openers"]) once the loading view is open; an unexpected error is logged and shown in
    the modal."""
    def open_then_work(body: dict, client: WebClient, context: BoltContext, respond) -> None:
        modal = Modal.open(client, body["trigger_id"], respond)
        if modal is None:
            return
        try:
            work(body=body, client=client, context=context, modal=modal)
        except Exception:
            log.exception("unhandled error in %s", work.__name__)
            modal.show({**loading_modal(), "blocks": [section(APOLOGY)]})

    def ack_and_open(ack: Ack, body: dict, client: WebClient, context: BoltContext, respond) -> None:
        ack()
        context["openers"].submit(open_then_work, body=body, client=client, context=context, respond=respond)
    return ack_and_open


def slash_with_form(app: App, command: str, opens: Callable[[str], bool], parse: Callable[[str, Who], object],
                    form: Callable[[object, Who], dict], run: Callable[..., None]) -> None:
    """A slash command that may open a modal. `opens(text)` is a cheap first look at the ack: such a
    command's `form(cmd, who)` opens `at_once` (what it refuses is told in the modal), and nothing is
    handed to the work processes; any other runs after as `slash(parse, run)`."""
    def open_form(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
        who = identify(context, client, body["channel_id"])
        try:
            modal.show(form(parse(body["text"], who), who))
        except UserError as err:
            modal.refuse(err, who.lang)

    app.command(command, matchers=[lambda body: opens(body["text"])])(at_once(open_form))
    later(app.command(command), slash(parse, run))
