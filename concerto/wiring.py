"""Wiring that needs no Bolt: the Web API client, logging, and the clock process built from the settings."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.clock import SystemClock
from bot.missions.retention import Retention
from bot.services import build_services
from concerto import logs
from concerto.settings import Settings, load_settings
from scheduler.clock import run_clock
from storage.db import Engine, make_engine
from storage.installations import bot_token


def web_client(settings: Settings, *, retries: bool = True, token: str | None = None) -> WebClient:
    """A Web API client aimed at SLACK_API_URL, with SLACK_BOT_TOKEN unless given a `token` (with
    OAuth installs there is none: Bolt gives each request its workspace's token).

    Listeners wait out 429s and retry dropped connections; the clock passes `retries=False`
    because its outbox has a retry policy of its own that never blocks other conversations.
    """
    handlers = [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2)]
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(token=token, base_url=settings.slack_api_url, retry_handlers=handlers if retries else [])


def clients_by_team(settings: Settings, engine: Engine, *, retries: bool = True) -> Callable[..., WebClient | None]:
    """`client_for(team_id, enterprise_id=None)`: the client that speaks for that workspace, or None
    when it has not installed the app (or uninstalled it). One workspace: always the one client."""
    oauth = settings.oauth
    if oauth is None:
        client = web_client(settings, retries=retries)
        return lambda team_id, enterprise_id=None: client
    clients: dict[str, WebClient] = {}
    lock = threading.Lock()

    def client_for(team_id: str, enterprise_id: str | None = None) -> WebClient | None:
        token = bot_token(engine, oauth.client_id, team_id, enterprise_id)
        if token is None:
            return None
        with lock:  # one client (and connection pool) per token, not per message
            if token not in clients:
                clients[token] = web_client(settings, retries=retries, token=token)
            return clients[token]

    return client_for


def configure_logging(log_format: str = "plain") -> None:
    """Plain lines, or JSON with each line's context (`LOG_FORMAT`, concerto.logs)."""
    logs.configure(log_format)


def run_clock_process(*, interval: float, lease: float) -> int:
    """The clock process: no Bolt app, a Web API client without retries of its own."""
    settings = load_settings()
    configure_logging(settings.log_format)
    engine = make_engine(settings.database_url)
    services = build_services(engine, SystemClock(), settings.default_timezone)
    keep = Retention(
        notifications=timedelta(days=settings.retain_notifications_days),
        audit=timedelta(days=settings.retain_audit_days),
        uninstalled=timedelta(days=settings.retain_uninstalled_days),
    )
    clients = clients_by_team(settings, engine, retries=False)
    return run_clock(services, clients, interval=interval, lease=lease, keep=keep)
