"""One place for unexpected errors: the log gets the trace, the user a short apology."""

from __future__ import annotations

import logging

from slack_bolt import App

from handlers.replies import tell_user


def register(app: App) -> None:
    app.error(on_error)


def on_error(error: Exception, body: dict, respond, logger: logging.Logger) -> None:
    logger.exception("unhandled error in a listener (%s)", body.get("type") or body.get("command"), exc_info=error)
    if body.get("response_url") or body.get("command"):
        tell_user(respond)
