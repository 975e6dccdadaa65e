"""The App Home: drawn when it is opened (Slack's retries, same event id, are acknowledged and otherwise
ignored), after a click on it, and redrawn for the people a change concerns (`redraw_homes`, which every
feature may call)."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import Context
from bot.home.blocks import home_view
from bot.i18n import language
from bot.services import Services
from handlers.identity import Who, asking, known
from handlers.listeners import later

log = logging.getLogger(__name__)


def register(app: App) -> None:
    later(app.event("app_home_opened"), on_home_opened)


def on_home_opened(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home" or not context["services"].home.first_time(body.get("event_id", "")):
        return
    who = asking(context, client)
    draw_home(client, who.services, who.team_id, who.user_id)


def draw_home(client: WebClient, services: Services, team_id: str, user_id: str, *, notice: str | None = None) -> None:
    """(Re)draw someone's Home in their own language and zone: on opening it, after they act on it
    (`notice` says what their click did), when what it shows has changed."""
    profile = known(services, team_id, user_id, client)
    data = services.home.data(team_id, user_id)
    zone = profile.zone(services.missions.default_timezone)
    ctx = Context(language(profile.locale, "fr"), zone, services.clock.now())
    view = home_view(data, ctx, notice=notice)
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as err:  # a deactivated user, say: the change itself stands
        log.info("could not redraw the Home of %s: %s", user_id, err.response.get("error"))


def redraw_homes(client: WebClient, who: Who, people) -> None:
    """Their App Homes list their actions: keep them current, once per person however many changes
    a burst brings (each redraw reads all the Home shows)."""
    for person in dict.fromkeys(people):
        who.services.once.submit(("home", who.team_id, person), draw_home, client, who.services, who.team_id, person)
