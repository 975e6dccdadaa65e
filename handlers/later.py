"""Ack at once, work after. The app runs with `process_before_response`, so an ack function runs in
the request's own thread and answers Slack before any database or Web API call; the work runs as a
Bolt lazy listener on the listener executor. (Without this, a burst of commands fills the executor
with work and new acks queue behind it.)"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from slack_bolt import Ack

from handlers.errors import tell_user

log = logging.getLogger(__name__)


def ack_now(ack: Ack) -> None:
    ack()


def reported(work: Callable[..., None]) -> Callable[..., None]:
    """Lazy work whose unexpected errors are logged and told to the user, as `app.error` does for acks.
    (Bolt injects arguments by the names `work` declares; `functools.wraps` keeps them visible.)"""
    @functools.wraps(work)
    def run(**kwargs: object) -> None:
        try:
            work(**kwargs)
        except Exception:
            log.exception("unhandled error in %s", work.__name__)
            context = kwargs.get("context")
            tell_user(getattr(context, "respond", None))
    return run


def later(register: Callable, work: Callable[..., None]) -> None:
    """`later(app.command("/action"), action_command)`: ack now, run `action_command` after."""
    register(ack=ack_now, lazy=[reported(work)])
