"""Events API: the App Home. Slack's retries (same event id) are acknowledged and otherwise ignored."""
from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.home.blocks import home_view
from bot.i18n import language
from bot.services import Services
from handlers.kit import fetch_profile, identify
from handlers.later import later

log = logging.getLogger(__name__)


def register(app: App) -> None:
    later(app.event("app_home_opened"), on_home_opened)


def on_home_opened(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home" or not context["services"].home.first_time(body.get("event_id", "")):
        return
    publish_home(client, context)


def publish_home(client: WebClient, context: BoltContext) -> None:
    """(Re)draw the user's Home: on opening it, and after they act on it."""
    who = identify(context, client)
    publish_home_for(client, who.services, who.team_id, who.user_id)


def publish_home_for(client: WebClient, services: Services, team_id: str, user_id: str) -> None:
    """Redraw someone's Home in their own language and zone (when what it shows has changed)."""
    profile = services.people.profile(team_id, user_id, lambda uid: fetch_profile(client, uid))
    data = services.home.data(team_id, user_id)
    lang = language(profile.locale, "fr")
    view = home_view(data, lang, profile.zone(services.missions.default_timezone), services.clock.now())
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as err:  # a deactivated user, say: the change itself stands
        log.info("could not redraw the Home of %s: %s", user_id, err.response.get("error"))
