"""The context a log line is written in (a Slack request, a notification), bound where the work starts and
carried by every line logged inside: concerto.logs writes it out as JSON fields."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import structlog


@contextmanager
def bound(**context: object) -> Iterator[None]:
    """Whatever is logged inside carries `context` (None values left out)."""
    with structlog.contextvars.bound_contextvars(**{k: v for k, v in context.items() if v is not None}):
        yield
