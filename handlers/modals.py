"""Opening modals. A trigger_id lives 3 s and is good once, so the ack opens the modal on a loading view,
on the openers' own pool, before anything is read (not even who asks, which may take a users.info). The
form, or the reason there is none, is work like any other (handed over, in a work process): it takes
the loading view's place with views.update, which has no such deadline while the modal is open, naming
the view by the external_id it was opened with."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import loading_modal, notice_modal
from bot.errors import UserError
from bot.modals import Opened
from handlers.identity import InMission, in_channel
from handlers.listeners import Command, Run, later, slash
from handlers.replies import APOLOGY, error_text, tell_user

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


def form_id(body: dict) -> str:
    """The external_id of the modal a request opens: its trigger_id is unique, and sent to the work too."""
    return f"concerto:{body['trigger_id']}"


class Modal:
    """A modal the ack opened on the loading view, until `show` or `refuse` puts what it is for in its place."""

    WAIT = 3.0  # seconds to wait for the loading view to open: by then its trigger_id has expired
    LOOK = 0.1  # seconds between two tries meanwhile

    def __init__(self, client: WebClient, external_id: str) -> None:
        self.client, self.external_id = client, external_id

    def show(self, view: dict) -> None:
        """Put `view` in place, once the loading view is open (the work may be quicker than Slack)."""
        deadline = time.monotonic() + self.WAIT
        while True:
            try:
                self.client.views_update(external_id=self.external_id, view=view)
                return
            except SlackApiError as err:
                error = err.response.get("error")
                if error != "not_found":  # a view Slack refuses (too large, say): a bug of ours
                    log.warning("could not show a form in modal %s: %s", self.external_id, error)
                    return
                if time.monotonic() > deadline:  # never opened (see `open_loading`), or closed since
                    log.info("modal %s is not open: the form is not shown", self.external_id)
                    return
            time.sleep(self.LOOK)

    def show_form(self, view: dict, who: InMission) -> None:
        """A form in place, what it acts on recorded first (the mission channel, the ids its metadata
        names): its submission is read against that record (bot.modals), and the view Slack gets carries
        no ids for a client to send back changed."""
        meta = json.loads(view.get("private_metadata") or "{}")
        who.services.modals.record(
            self.external_id, team_id=who.workspace, user_id=who.user_id, opened=Opened(who.mission.channel_id, meta)
        )
        view = {k: v for k, v in view.items() if k != "private_metadata"}
        self.show({**view, "external_id": self.external_id})

    def refuse(self, err: UserError, lang: str) -> None:
        """Why the form cannot open, where the person is looking: in the modal."""
        self.show(notice_modal(error_text(err, lang), lang))


def open_loading(client: WebClient, body: dict, respond) -> None:
    """The loading view; if Slack refuses it (an expired trigger, say), nothing was changed: say so."""
    try:
        client.views_open(trigger_id=body["trigger_id"], view={**loading_modal(), "external_id": form_id(body)})
    except SlackApiError as err:
        log.warning("could not open a form: %s", err.response.get("error"))
        tell_user(respond)


def at_once(register: Callable, work: Callable[..., None]) -> None:
    """`at_once(app.action("x"), work)`: the ack opens the loading view on the openers' pool
    (context["openers"]); `work(body, client, context, modal)` runs after, as any lazy work, and puts the
    form in its place. An unexpected error is logged and told in the modal."""

    def ack_and_open(ack: Ack, body: dict, client: WebClient, context: BoltContext, respond) -> None:
        ack()
        context["openers"].submit(open_loading, client=client, body=body, respond=respond)

    def fill(body: dict, client: WebClient, context: BoltContext) -> None:
        modal = Modal(client, form_id(body))
        try:
            work(body=body, client=client, context=context, modal=modal)
        except Exception:
            log.exception("unhandled error in %s", work.__name__)
            modal.show(notice_modal(APOLOGY, None))

    register(ack=ack_and_open, lazy=[fill])


def slash_with_form(
    app: App,
    command: str,
    opens: Callable[[str], bool],
    parse: Callable[[str, InMission], Command],
    form: Callable[[Command, InMission], dict],
    run: Run[Command],
) -> None:
    """A slash command that may open a modal. `opens(text)` is a cheap first look at the ack: such a
    command's `form(cmd, who)` opens `at_once` (what it refuses is told in the modal); any other runs
    after as `slash(parse, run)`."""

    def open_form(body: dict, client: WebClient, context: BoltContext, modal: Modal) -> None:
        who = in_channel(context, client)
        try:
            modal.show_form(form(parse(body["text"], who), who), who)
        except UserError as err:
            modal.refuse(err, who.lang)

    at_once(app.command(command, matchers=[lambda body: opens(body["text"])]), open_form)
    later(app.command(command), slash(parse, run))
