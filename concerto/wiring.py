"""Wiring that needs no Bolt: the Web API client, logging, and the clock process built from the settings."""
from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.clock import SystemClock
from bot.services import build_services
from concerto.settings import Settings, load_settings
from scheduler.clock import run_clock
from storage.db import make_engine


def web_client(settings: Settings, *, retries: bool = True) -> WebClient:
    """A Web API client aimed at SLACK_API_URL.

    Listeners wait out 429s and retry dropped connections; the clock passes `retries=False`
    because its outbox has a retry policy of its own that never blocks other conversations.
    """
    handlers = [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2)]
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        retry_handlers=handlers if retries else [],
    )


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def run_clock_process(*, interval: float, lease: float) -> int:
    """The clock process: no Bolt app, a Web API client without retries of its own."""
    settings = load_settings()
    configure_logging()
    services = build_services(make_engine(settings.database_url), SystemClock(), settings.default_timezone)
    return run_clock(services, web_client(settings, retries=False), interval=interval, lease=lease)
