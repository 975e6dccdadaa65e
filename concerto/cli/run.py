"""`concerto run`: Socket Mode when SLACK_APP_TOKEN is set, else what `concerto web` runs."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from collections.abc import Callable

from pydantic import SecretStr

from concerto.cli.web import serve
from concerto.settings import Settings, load_settings


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    run = add_parser("run", help="run the bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $PORT")
    run.set_defaults(execute=execute)


def execute(args: Namespace) -> int:
    settings = load_settings()  # fail here, with one clear line, rather than in every worker
    if settings.slack_app_token:
        return socket_mode(settings, settings.slack_app_token)
    return serve(settings)


def socket_mode(settings: Settings, token: SecretStr) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from concerto.app import build_runtime

    runtime = build_runtime(settings)
    SocketModeHandler(runtime.app, token.get_secret_value()).start()
    return 0
