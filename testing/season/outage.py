"""The database restarting under the clock, as `pg_ctl restart -m fast` does it: from some statement of a
tick on, every statement fails (terminating connection, then refused) until the database is back.
Counted in statements, not in time, so that a seed replays it at the same point of the same tick; only
the clock's statements count, the people's requests being settled between two ticks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event

from storage.db import Engine


class Restart:
    def __init__(self, engine: Engine) -> None:
        self.error: type[Exception] = engine.dialect.loaded_dbapi.OperationalError
        self.countdown: int | None = None  # the clock's statements before it goes down; 0: it is down
        self.outage = timedelta(0)  # how long it stays down
        self.back_at: datetime | None = None  # when it is back, once it went down
        self._now: datetime | None = None  # the tick's instant
        self.went = False  # it was down during the last tick
        self._ticking = False  # the clock runs: its statements count
        event.listen(engine, "before_cursor_execute", self._statement)

    def arm(self, after: int, outage: timedelta) -> None:
        """Go down at the clock's `after`-th statement from now (at least 1), for `outage`."""
        self.countdown, self.outage, self.back_at = after, outage, None

    def down_until(self) -> datetime | None:
        """When the database is back, while it is down: a clock's ticks until then all fail alike."""
        return self.back_at if self.countdown == 0 else None

    @contextmanager
    def ticking(self, now: datetime) -> Iterator[None]:
        """One tick of the clock at `now`: `went` says afterwards whether the database failed it."""
        if self.countdown == 0 and self.back_at is not None and now >= self.back_at:
            self.countdown = self.back_at = None
        self.went, self._ticking, self._now = False, True, now
        try:
            yield
        finally:
            self._ticking = False

    def _statement(self, *_args: Any) -> None:
        if not self._ticking or self.countdown is None:
            return
        if self.countdown > 0:
            self.countdown -= 1
            if self.countdown:
                return
            self.back_at = self._now and self._now + self.outage
        self.went = True
        raise self.error("terminating connection due to administrator command")
