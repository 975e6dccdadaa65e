"""Wiring that needs no Bolt: the Web API client, logging, and the clock process built from the settings."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator
from slack_sdk.oauth.token_rotation.rotator import SlackTokenRotationError

from bot.clock import SystemClock
from bot.missions.retention import Retention
from bot.services import build_services
from concerto import logs
from concerto.settings import OAuthApp, Settings, load_settings
from scheduler.clock import run_clock
from storage.db import Engine, make_engine
from storage.installations import BOTS, INSTALLATIONS

log = logging.getLogger(__name__)


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
    store = installation_store(oauth, engine)
    rotator = token_rotator(settings, oauth)

    def client_for(team_id: str, enterprise_id: str | None = None) -> WebClient | None:
        token = fresh_token(store, rotator, team_id, enterprise_id)
        if token is None:
            return None
        with lock:  # one client (and connection pool) per token, not per message
            if token not in clients:
                clients[token] = web_client(settings, retries=retries, token=token)
            return clients[token]

    return client_for


ROTATE_BEFORE = 120  # minutes: a rotating token is traded for a new one this long before it dies, as Bolt does


def installation_store(oauth: OAuthApp, engine: Engine) -> SQLAlchemyInstallationStore:
    """Where Bolt's OAuth flow keeps each workspace's installation, and the clocks find its bot token."""
    return SQLAlchemyInstallationStore(
        client_id=oauth.client_id, engine=engine, bots_table_name=BOTS, installations_table_name=INSTALLATIONS
    )


def token_rotator(settings: Settings, oauth: OAuthApp) -> TokenRotator:
    """Trades a rotating bot token for a new one, at SLACK_API_URL (slack_sdk's default would be slack.com)."""
    client = web_client(settings, retries=False)
    return TokenRotator(client_id=oauth.client_id, client_secret=oauth.client_secret.get_secret_value(), client=client)


def fresh_token(
    store: SQLAlchemyInstallationStore, rotator: TokenRotator, team_id: str, enterprise_id: str | None
) -> str | None:
    """The bot token that serves `team_id` (installed there, or org-wide in its Grid organisation), traded for a
    new one first when the workspace has token rotation on and it dies within ROTATE_BEFORE; None once the
    workspace uninstalled the app. Two clocks rotating at once: the one whose refresh token was spent already
    reads the token the other saved."""

    def find() -> Bot | None:
        bot = store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id:
            bot = store.find_bot(enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
        return bot

    bot = find()
    if bot is None or bot.bot_refresh_token is None:
        return bot.bot_token if bot else None
    try:
        refreshed = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_BEFORE)
    except SlackTokenRotationError as err:
        again = find()
        if again is not None and again.bot_token != bot.bot_token:
            return again.bot_token
        log.error("could not rotate the bot token of %s: %s", team_id, err)
        return bot.bot_token
    if refreshed is None:
        return bot.bot_token
    store.save_bot(refreshed)
    return refreshed.bot_token


def configure_logging(log_format: str = "plain") -> None:
    """Plain lines, or JSON with each line's context (`LOG_FORMAT`, concerto.logs)."""
    logs.configure(log_format)


def run_clock_process(*, interval: float, lease: float) -> int:
    """The clock process: no Bolt app, a Web API client without retries of its own."""
    settings = load_settings()
    configure_logging(settings.log_format)
    engine = make_engine(settings.database_url, synchronous_commit=settings.database_synchronous_commit)
    services = build_services(engine, SystemClock(), settings.default_timezone)
    keep = Retention(
        notifications=timedelta(days=settings.retain_notifications_days),
        audit=timedelta(days=settings.retain_audit_days),
        uninstalled=timedelta(days=settings.retain_uninstalled_days),
    )
    clients = clients_by_team(settings, engine, retries=False)
    return run_clock(services, clients, interval=interval, lease=lease, keep=keep)
