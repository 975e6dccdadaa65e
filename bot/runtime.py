"""Assemble a running Concerto from settings: engine, services, Bolt app."""
from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient

from bot.app import create_app
from bot.clock import Clock, SystemClock
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from storage.db import Engine, make_engine


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    services: Services
    app: App


def build_runtime(
    settings: Settings | None = None, *, clock: Clock | None = None, client: WebClient | None = None,
    listener_executor: Executor | None = None, verify: bool = True, batch_window: float = 1.0,
) -> Runtime:
    """`batch_window`: Home redraws wait this long to gather a burst of changes (the sandbox, which
    waits for all work after each request, passes 0)."""
    settings = settings or load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = make_engine(settings.database_url)
    executor = listener_executor or ThreadPoolExecutor(max_workers=5, thread_name_prefix="listener")
    services = build_services(engine, clock or SystemClock(), settings.default_timezone, settings.public_url, executor,
                              batch_window)
    app = create_app(settings, services, client=client, listener_executor=executor, verify=verify)
    return Runtime(settings, engine, services, app)
