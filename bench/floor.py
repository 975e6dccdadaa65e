"""The reference floor: a bare Bolt app that acks every `/action` with a fixed text, under the same
server, front and settings as Concerto's `web` process."""

from __future__ import annotations

from slack_bolt import App

from concerto.front import Front
from concerto.settings import load_settings
from concerto.web import WebApp
from concerto.wiring import web_client
from storage.db import make_engine


def create_asgi() -> Front:
    settings = load_settings()
    app = App(
        client=web_client(settings),
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        process_before_response=True,
    )  # the fastest ack Bolt offers: in the request thread

    @app.command("/action")
    def fixed(ack) -> None:
        ack("ok")

    return Front(
        WebApp(app, make_engine(settings.database_url), signing_secret=settings.slack_signing_secret.get_secret_value())
    )
