"""Events API: the App Home. Slack's retries (same event id) are acknowledged and otherwise ignored."""
from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import render_home
from handlers.context import identify
from handlers.later import later


def register(app: App) -> None:
    later(app.event("app_home_opened"), on_home_opened)


def on_home_opened(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home" or not context["services"].home.first_time(body.get("event_id", "")):
        return
    publish_home(client, context)


def publish_home(client: WebClient, context: BoltContext) -> None:
    """(Re)draw the user's Home: on opening it, and after they act on it."""
    who = identify(context, client)
    data = who.services.home.data(who.team_id, who.user_id)
    client.views_publish(user_id=who.user_id, view=render_home.home_view(data, who.lang, who.tz, who.now))
