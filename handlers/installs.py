"""A workspace leaving: `app_uninstalled`, or `tokens_revoked` for the bot's token. Its pending
notifications stop and, with OAuth installs, Bolt's own listeners forget its installation; its
missions, actions and history stay (a reinstall finds them, `concerto export` still reads them) for
RETAIN_UNINSTALLED_DAYS, then retention purges them (bot.missions.retention)."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext

from bot.services import Services
from handlers.listeners import later

log = logging.getLogger(__name__)


def register(app: App) -> None:
    oauth = app.installation_store is not None
    forget_install = app.default_app_uninstalled_event_listener() if oauth else None
    forget_tokens = app.default_tokens_revoked_event_listener() if oauth else None

    def on_app_uninstalled(context: BoltContext) -> None:
        stop(context, "the workspace uninstalled the app")
        if forget_install:
            forget_install(context=context)

    def on_tokens_revoked(event: dict, context: BoltContext) -> None:
        if event.get("tokens", {}).get("bot"):
            stop(context, "the workspace revoked the app's token")
        if forget_tokens:
            forget_tokens(event=event, context=context)

    later(app.event("app_uninstalled"), on_app_uninstalled)
    later(app.event("tokens_revoked"), on_tokens_revoked)


def stop(context: BoltContext, reason: str) -> None:
    services: Services = context["services"]
    team_id = context.team_id or context.enterprise_id or ""
    dropped = services.outbox.stop_workspace(team_id, reason)
    log.info("%s: %s; %s pending notifications dropped, its data kept", team_id, reason, dropped)
