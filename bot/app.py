"""The Bolt app factory: one place that wires settings, services and listeners together."""
from __future__ import annotations

from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.services import Services
from bot.settings import Settings


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


def create_app(
    settings: Settings, services: Services, *, client: WebClient | None = None,
    listener_executor: Executor | None = None, verify: bool = True,
) -> App:
    """`listener_executor` runs the work each listener does after acking (tests watch it to settle).
    `verify=False` is for the work process only, whose requests come from a web worker that checked them."""
    from handlers import register_all  # handlers depend on bot, not the other way round at import time

    app = App(
        client=client or web_client(settings),
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        request_verification_enabled=verify,
        listener_executor=listener_executor,
        process_before_response=True,  # acks run in the request thread; work is lazy (handlers.later)
    )

    @app.middleware
    def provide_services(context, next):
        context["services"] = services
        next()

    register_all(app)
    return app
