"""The WSGI application for the `web` process: Slack requests, calendar feeds, health and readiness."""

from __future__ import annotations

import hashlib
import hmac
import html
import io
import json
import logging
import re
import time
from datetime import timedelta
from functools import cached_property
from urllib.parse import parse_qsl

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.i18n import LANGUAGES, t
from bot.services import Services
from concerto.app import Runtime
from concerto.handoff import WorkProcess, hand_off
from concerto.logs import request_context
from concerto.metrics import ACK_SECONDS, ACKS, exposition
from concerto.readiness import readiness
from concerto.wellformed import WORD, is_json, problem
from storage.db import Engine, ping
from storage.inbox import inbox_engine

_FEED = re.compile(r"/calendar/([A-Za-z0-9_-]{16,64})\.ics")
_CODE = re.compile(r"`([^`]+)`")
SUBSCRIBE = "/calendar/subscribe"  # the channel bookmark's page: how to get one's own feed link (no secret in it)
_NUMBER = re.compile(r"[0-9]{1,15}")  # a length or a timestamp (int() refuses 4,300 digits and more)


log = logging.getLogger(__name__)

LIMIT = 1 << 20  # bytes in a request body at most: Slack's stay far below (concerto.front reads at most this)
MAX_AGE = 300  # seconds a signed request stays good (Slack's rule; Bolt refuses older ones too)
ESCAPED = "p%61yload"  # the word, once decoded, without the word in the raw body


def hides_a_form(body: str, content_type: str) -> bool:
    """A form body (a slash command) that has the word in a value but no `payload` field: Bolt drops it."""
    return (
        not is_json(body, content_type) and WORD in body and WORD not in dict(parse_qsl(body, keep_blank_values=True))
    )


class WebApp:
    """`POST /slack/events` goes to Bolt once its signature and shape are checked, and so do
    `GET /slack/install` and `GET /slack/oauth_redirect` with OAuth installs (Bolt's flow); `GET /healthz`
    checks the database (alive), `GET /readyz` the clocks and the inbox too (doing its job, concerto.readiness);
    `GET /calendar/<secret>.ics` serves a channel's meetings to calendar apps, `GET /calendar/subscribe` says how
    to get that link (the page a channel's bookmark opens: it holds no secret). A body larger than LIMIT is
    refused unread. `work`: the work process beside this web worker, if any (concerto.front stops it with the
    worker)."""

    def __init__(
        self,
        app: App,
        engine,
        services: Services | None = None,
        *,
        signing_secret: str,
        work: WorkProcess | None = None,
        clock_silence: timedelta = timedelta(seconds=60),
        inbox_wait: timedelta = timedelta(seconds=60),
        metrics_token: str | None = None,
    ) -> None:
        self.clock_silence, self.inbox_wait, self.metrics_token = clock_silence, inbox_wait, metrics_token
        self.slack = SlackRequestHandler(app, path="/slack/events")
        self.engine = engine
        self.services = services
        self.secret = signing_secret.encode()
        self.work = work

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH") or "0"
        if not _NUMBER.fullmatch(length):
            return _plain(start_response, "400 Bad Request")
        if int(length) > LIMIT:  # refused before reading a byte of it
            return _plain(start_response, "413 Content Too Large")
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return self._health(start_response)
        if path == "/readyz" and self.services is not None:
            return self._ready(self.services, start_response)
        if path == "/metrics" and self.services is not None:
            return self._metrics(self.services, environ, start_response)
        if path == SUBSCRIBE and environ.get("REQUEST_METHOD") == "GET":
            return _subscribe_page(start_response)
        if self.services and environ.get("REQUEST_METHOD") == "GET" and (m := _FEED.fullmatch(path)):
            return self._calendar(self.services, m.group(1), start_response)
        if path == "/slack/events" and environ.get("REQUEST_METHOD") == "POST":
            return self._counted(environ, start_response)
        return self.slack(environ, start_response)

    def _counted(self, environ, start_response):
        """The ack, counted by kind and status, and timed (concerto.metrics)."""
        started, seen = time.perf_counter(), {"kind": "unsigned", "status": "0"}

        def recording(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return self._slack_post(environ, recording, seen)
        finally:
            ACKS.labels(seen["kind"], seen["status"]).inc()
            ACK_SECONDS.observe(time.perf_counter() - started)

    def _metrics(self, services: Services, environ, start_response):
        """Prometheus's scrape; with METRICS_TOKEN set, only with `Authorization: Bearer <it>`."""
        given = environ.get("HTTP_AUTHORIZATION", "")
        if self.metrics_token and not hmac.compare_digest(given.encode(), f"Bearer {self.metrics_token}".encode()):
            return _plain(start_response, "401 Unauthorized")
        body = exposition(self.engine, self.inbox, services.clock)
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))])
        return [body]

    def _slack_post(self, environ, start_response, seen: dict[str, str]):
        """The signature first, before any parsing: unsigned is 401. Then what Bolt would get wrong: a
        signed body of a shape Slack never sends is a 400 (concerto.wellformed; Bolt would raise, a 500);
        a command with the word `payload` is re-signed with that word percent-encoded, so Bolt reads the
        same fields (Bolt drops it). Bolt checks the signature again."""
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        if not self._signed(raw, timestamp, environ.get("HTTP_X_SLACK_SIGNATURE", "")):
            log.info("a request without a valid signature was refused (401)")
            return _plain(start_response, "401 Unauthorized")
        ctype = environ.get("CONTENT_TYPE") or ""
        if wrong := problem(raw, ctype):
            log.warning("a signed request was refused (400): %s", wrong)
            seen["kind"] = "malformed"
            return _plain(start_response, "400 Bad Request")
        seen["kind"] = request_context(raw.decode(errors="replace"), ctype).get("kind") or "unknown"
        if hides_a_form(body := raw.decode(), ctype):
            raw = body.replace(WORD, ESCAPED).encode()
            environ["HTTP_X_SLACK_SIGNATURE"] = self._signature(timestamp, raw)
            environ["CONTENT_LENGTH"] = str(len(raw))
        environ["wsgi.input"] = io.BytesIO(raw)
        return self.slack(environ, start_response)

    def _signed(self, raw: bytes, timestamp: str, signature: str) -> bool:
        """Slack's signature of the raw bytes (slack_sdk's verifier reads UTF-8 text only, and raises on a
        timestamp that is not a number or a signature that is not ASCII), sent at most MAX_AGE seconds ago."""
        return (
            _NUMBER.fullmatch(timestamp) is not None
            and abs(time.time() - int(timestamp)) <= MAX_AGE
            and hmac.compare_digest(self._signature(timestamp, raw).encode(), signature.encode())
        )

    def _signature(self, timestamp: str, raw: bytes) -> str:
        """`v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}`, keyed with the signing secret."""
        return "v0=" + hmac.new(self.secret, b"v0:%s:%s" % (timestamp.encode(), raw), hashlib.sha256).hexdigest()

    @staticmethod
    def _calendar(services: Services, token: str, start_response):
        mission = services.missions.by_calendar_token(token)
        if mission is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not Found"]
        body = services.meetings.calendar(mission)
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-cache"),
            ],
        )
        return [body]

    @cached_property
    def inbox(self) -> Engine:
        """The inbox's database (a file beside SQLite's), opened once, at the first probe."""
        return inbox_engine(self.engine)

    def _ready(self, services: Services, start_response):
        ready, body = readiness(
            self.engine,
            self.inbox,
            services.clock.now(),
            clock_silence=self.clock_silence,
            inbox_wait=self.inbox_wait,
        )
        if not ready:
            log.warning("not ready: %s", body)
        payload = json.dumps(body).encode()
        status = "200 OK" if ready else "503 Service Unavailable"
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]

    def _health(self, start_response):
        """Ready when the database answers and the work process beside this worker, if any, has started: a
        platform that waits for it sends no request that would wait for the work process's start."""
        try:
            ping(self.engine)
            status, body = "200 OK", {"status": "ok", "database": "ok"}
        except Exception as exc:  # the point of a health check is to report this, not raise it
            log.error("health check: database unreachable: %s", type(exc).__name__)
            status, body = "503 Service Unavailable", {"status": "error", "database": "unreachable"}
        if self.work is not None and not self.work.ready.is_set():
            status, body = "503 Service Unavailable", {**body, "status": "starting", "work": "starting"}
        payload = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]


def _subscribe_page(start_response):
    """How to get one's own calendar link, in French and in English (whoever opens it, from any channel)."""
    parts = []
    for lang in LANGUAGES:
        said = [_CODE.sub(r"<code>\1</code>", html.escape(line)) for line in t(lang, "calendar.page").splitlines()]
        lines = "".join(f"<p>{line}</p>" for line in said)
        parts.append(f'<section lang="{lang}"><h1>{html.escape(t(lang, "calendar.page_title"))}</h1>{lines}</section>')
    title = html.escape(t("fr", "calendar.page_title"))
    head = f'<head><meta charset="utf-8"><title>{title}</title></head>'
    data = f"<!doctype html><html>{head}<body>{''.join(parts)}</body></html>".encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]


def _plain(start_response, status: str) -> list[bytes]:
    body = status.split(" ", 1)[1].encode()
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def create_wsgi() -> WebApp:
    """The web worker's app (served by concerto.front): acks here, after recording; the work in work processes
    (concerto.work), one started beside this worker unless WEB_WORK is false."""
    from concerto.app import build_runtime

    runtime = build_runtime()
    settings = runtime.settings
    work = hand_off(
        runtime.app,
        runtime.engine,
        runtime.services.clock.now,
        work_runtime if settings.web_work else None,
        settings.inbox_lease,
    )
    return WebApp(
        runtime.app,
        runtime.engine,
        runtime.services,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        work=work,
        clock_silence=timedelta(seconds=settings.ready_clock_silence),
        inbox_wait=timedelta(seconds=settings.ready_inbox_wait),
        metrics_token=settings.metrics_token.get_secret_value() if settings.metrics_token else None,
    )


def work_runtime() -> Runtime:
    """What a work process runs requests with: the same listeners, no signature check (the web process
    checked them before recording them)."""
    from concerto.app import build_runtime

    return build_runtime(verify=False)
