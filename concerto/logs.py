"""Logs: plain lines for a terminal (the default), or one JSON object per line (`LOG_FORMAT=json`) for a log
platform, each carrying the context it was written in: the Slack request (team, channel, user, its key) in
the work that runs it, the notification (team, mission, key, target) in its delivery. The context is bound
with structlog's contextvars where the work starts (bot.logcontext); every logger, the app's and its
libraries' (standard `logging`), writes through the same formatter."""

from __future__ import annotations

import json
import logging
import sys
from urllib.parse import parse_qsl

import structlog

PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(log_format: str = "plain") -> None:
    """Route every logger to stderr, as plain lines or as JSON (the processes call this once at start)."""
    root = logging.getLogger()
    if log_format != "json":
        logging.basicConfig(level=logging.INFO, format=PLAIN)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_lines())
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def json_lines() -> logging.Formatter:
    """A record as one JSON object: its message (`event`), level, logger, UTC time, and bound context."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
    )


def request_context(body: str, content_type: str = "") -> dict[str, str | None]:
    """Who and where a Slack request is about, read from its body: its team, channel, user and kind. Nothing
    secret: no token, no response URL, no text."""
    try:
        if "json" in content_type or body.lstrip().startswith("{"):
            data = json.loads(body)
            event = data.get("event") or {}
            return _context(data.get("team_id"), event.get("channel"), event.get("user"), event.get("type"))
        form = dict(parse_qsl(body))
        if "payload" in form:
            payload = json.loads(form["payload"])
            channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get("channel_id")
            team, user = (payload.get("team") or {}).get("id"), (payload.get("user") or {}).get("id")
            return _context(team, channel, user, payload.get("type"))
        return _context(form.get("team_id"), form.get("channel_id"), form.get("user_id"), form.get("command"))
    except (ValueError, AttributeError, TypeError, RecursionError):  # a shape Slack never sends: no context
        return {}


def _context(team: object, channel: object, user: object, kind: object) -> dict[str, str | None]:
    def text(value: object) -> str | None:
        return value if isinstance(value, str) else None

    return {"team": text(team), "channel": text(channel), "user": text(user), "kind": text(kind)}
