"""The WSGI application for the `web` process: Slack requests and a health check."""
from __future__ import annotations

import json
import logging
import sys

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from storage.db import ping

log = logging.getLogger(__name__)


class WebApp:
    """`POST /slack/events` goes to Bolt (which checks signatures); `GET /healthz` checks the database."""

    def __init__(self, app: App, engine) -> None:
        self.slack = SlackRequestHandler(app, path="/slack/events")
        self.engine = engine

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            return self._health(start_response)
        return self.slack(environ, start_response)

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
    """Entry point for gunicorn: `gunicorn 'bot.web:create_wsgi()'`."""
    from bot.runtime import build_runtime

    # Acks must not queue behind the work listeners do after acking: hand the GIL over more often.
    sys.setswitchinterval(0.001)
    runtime = build_runtime()
    return WebApp(runtime.app, runtime.engine)
