"""The App Home, drawn when it is opened. Slack's retries (same event id) are acknowledged and otherwise
ignored. (Redraws after a change go through `kit.redraw_homes`, which every feature may call.)"""
from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from handlers.kit import draw_home, identify, later


def register(app: App) -> None:
    later(app.event("app_home_opened"), on_home_opened)


def on_home_opened(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home" or not context["services"].home.first_time(body.get("event_id", "")):
        return
    who = identify(context, client)
    draw_home(client, who.services, who.team_id, who.user_id)
