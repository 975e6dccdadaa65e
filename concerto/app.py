"""The Bolt app with its middleware and listeners, over the services built from the settings."""

from __future__ import annotations

import os
import socket
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from slack_bolt import App
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.clock import Clock, SystemClock
from bot.services import Services, build_services
from concerto.settings import OAuthApp, Settings, load_settings
from concerto.wiring import clients_by_team, configure_logging, installation_store, token_rotator, web_client
from handlers import register_all
from handlers.modals import Openers
from scheduler.delivery import Deliverer
from storage.db import Engine, make_engine
from storage.installations import STATES

BURST = 3  # a command's posts may run this many spacings ahead of the pace (Slack takes short bursts)
WEB_API_TIMEOUT = 30  # seconds slack_sdk waits for a Web API call (its default)
OPENERS = 32  # threads that mostly wait on views.open (0.2 s at Slack): a burst of 60 forms opens in two rounds


def create_app(
    settings: Settings,
    services: Services,
    *,
    client: WebClient | None = None,
    listener_executor: Executor | None = None,
    openers: Executor | None = None,
    verify: bool = True,
) -> App:
    """`listener_executor` runs the work each listener does after acking (tests watch it to settle);
    `openers` open modals, started by the ack, so no queued work delays them (handlers.modals.at_once).
    `verify=False` is for the work process only, whose requests come from a web worker that checked them.
    With OAuth installs, Bolt's own flow serves /slack/install and /slack/oauth_redirect and its
    authorize gives each request a client with its workspace's token; `client` lends them its base URL
    and retry policy (and calls `oauth.v2.access` there)."""
    shared_openers = Openers(openers or ThreadPoolExecutor(max_workers=OPENERS, thread_name_prefix="opener"))
    app = App(
        client=client or web_client(settings),
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        request_verification_enabled=verify,
        listener_executor=listener_executor,
        process_before_response=True,  # acks run in the request thread; work is lazy (handlers.later)
        oauth_settings=oauth_settings(settings, oauth, services.engine) if (oauth := settings.oauth) else None,
    )

    @app.middleware
    def provide_services(context, next):
        context["services"] = services
        context["openers"] = shared_openers
        next()

    register_all(app)
    return app


STATE_EXPIRY = 600  # seconds an install link stays usable (Bolt's default)


def oauth_settings(settings: Settings, app: OAuthApp, engine: Engine) -> OAuthSettings:
    """Bolt's OAuth flow over the project's database: installations and the install links' states.
    Its authorize asks Slack `auth.test` whose each token is, by default on every request, before the
    ack; the answer is kept per token instead (the installation is still looked up each time, so an
    uninstalled workspace is refused at once)."""
    oauth = OAuthSettings(
        client_id=app.client_id,
        client_secret=app.client_secret.get_secret_value(),
        scopes=settings.scopes,
        user_scopes=[],
        install_page_rendering_enabled=False,  # /slack/install redirects straight to Slack's consent page
        redirect_uri=f"{settings.public_url}/slack/oauth_redirect" if settings.public_url else None,
        installation_store=installation_store(app, engine),
        installation_store_bot_only=True,  # the app asks for no user token
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRY, engine=engine, table_name=STATES),
    )
    authorize = oauth.authorize  # OAuthSettings builds an InstallationStoreAuthorize, with no cache option
    if isinstance(authorize, InstallationStoreAuthorize):
        authorize.cache_enabled = True
        authorize.token_rotator = token_rotator(settings, app)  # its own would trade tokens at slack.com
    return oauth


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    services: Services
    app: App


def build_runtime(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    client: WebClient | None = None,
    listener_executor: Executor | None = None,
    openers: Executor | None = None,
    verify: bool = True,
    batch_window: float = 1.0,
    spacing: float = 1.0,
) -> Runtime:
    """`batch_window`: Home redraws wait this long to gather a burst of changes; `spacing`: seconds between
    two posts to one conversation (the sandbox, which waits for all work after each request and whose
    clock stands still, passes 0 to both)."""
    settings = settings or load_settings()
    configure_logging(settings.log_format)
    engine = make_engine(settings.database_url, synchronous_commit=settings.database_synchronous_commit)
    executor = listener_executor or ThreadPoolExecutor(max_workers=5, thread_name_prefix="listener")
    services = build_services(
        engine, clock or SystemClock(), settings.default_timezone, settings.public_url, executor, batch_window
    )
    services.courier = Deliverer(
        engine,
        clients_by_team(settings, engine, retries=False),
        services.clock,
        worker=f"{socket.gethostname()}:{os.getpid()}:at-once",
        lease=timedelta(seconds=settings.inbox_lease + WEB_API_TIMEOUT),  # a post in flight ends before it
        spacing=timedelta(seconds=spacing),
        burst=timedelta(seconds=BURST * spacing),
        sleep=time.sleep if spacing else lambda _s: None,  # no pacing: never wait (the sandbox's clock stands still)
    )
    app = create_app(settings, services, client=client, listener_executor=executor, openers=openers, verify=verify)
    return Runtime(settings, engine, services, app)
