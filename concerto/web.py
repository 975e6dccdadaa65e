"""The WSGI application for the `web` process: Slack requests and a health check."""
from __future__ import annotations

import json
import logging
import re

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.services import Services
from concerto.app import Runtime
from concerto.handoff import hand_off
from storage.db import ping

_FEED = re.compile(r"/calendar/([A-Za-z0-9_-]{16,64})\.ics")


log = logging.getLogger(__name__)


class WebApp:
    """`POST /slack/events` goes to Bolt (which checks signatures); `GET /healthz` checks the database;
    `GET /calendar/<secret>.ics` serves a channel's meetings to calendar apps."""

    def __init__(self, app: App, engine, services: Services | None = None) -> None:
        self.slack = SlackRequestHandler(app, path="/slack/events")
        self.engine = engine
        self.services = services

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return self._health(start_response)
        if self.services and environ.get("REQUEST_METHOD") == "GET" and (m := _FEED.fullmatch(path)):
            return self._calendar(m.group(1), start_response)
        return self.slack(environ, start_response)

    def _calendar(self, token: str, start_response):
        mission = self.services.missions.by_calendar_token(token)
        if mission is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not Found"]
        body = self.services.meetings.calendar(mission)
        start_response("200 OK", [("Content-Type", "text/calendar; charset=utf-8"),
                                  ("Content-Length", str(len(body))), ("Cache-Control", "no-cache")])
        return [body]

    def _health(self, start_response):
        try:
            ping(self.engine)
            status, body = "200 OK", {"status": "ok", "database": "ok"}
        except Exception as exc:  # the point of a health check is to report this, not raise it
            log.error("health check: database unreachable: %s", type(exc).__name__)
            status, body = "503 Service Unavailable", {"status": "error", "database": "unreachable"}
        payload = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]


def create_wsgi() -> WebApp:
    """Entry point for gunicorn: `gunicorn 'concerto.web:create_wsgi()'`."""
    from concerto.app import build_runtime

    runtime = build_runtime()
    settings = runtime.settings  # acks here, after recording; the work in work processes (concerto.work)
    hand_off(runtime.app, runtime.engine, runtime.services.clock.now, work_runtime if settings.web_work else None,
             settings.inbox_lease)
    return WebApp(runtime.app, runtime.engine, runtime.services)


def work_runtime() -> Runtime:
    """What a work process runs requests with: the same listeners, no signature check (the web process
    checked them before recording them)."""
    from concerto.app import build_runtime

    return build_runtime(verify=False)
