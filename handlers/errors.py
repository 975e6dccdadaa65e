"""One place for unexpected errors: the log gets the trace, the user a short apology."""
from __future__ import annotations

import logging

from slack_bolt import App

from bot.i18n import t

log = logging.getLogger(__name__)
APOLOGY = f"{t('en', 'error.unexpected')} / {t('fr', 'error.unexpected')}"  # who asked is not known here


def register(app: App) -> None:
    app.error(on_error)


def on_error(error: Exception, body: dict, respond, logger: logging.Logger) -> None:
    logger.exception("unhandled error in a listener (%s)", body.get("type") or body.get("command"), exc_info=error)
    if body.get("response_url") or body.get("command"):
        tell_user(respond)


def tell_user(respond) -> None:
    """The apology, where there is somewhere to send it; reporting must never raise."""
    if respond is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, text=APOLOGY)
    except Exception:  # noqa: BLE001
        log.warning("could not tell the user about the error")
