"""Bolt listeners, one module per kind of Slack request. Each: ack, parse, call a service, render, reply."""
from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, digests, errors, home, meetings, phases, shortcuts, views


def register_all(app: App) -> None:
    for module in (commands, actions, views, shortcuts, meetings, phases, digests, home, errors):
        module.register(app)
