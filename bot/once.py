"""Work worth doing once for a burst of reasons to do it."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Executor

log = logging.getLogger(__name__)


class Once:
    """Queue `fn` on an executor unless a job with the same key is already waiting there.

    A job that reads fresh state when it runs (redrawing someone's App Home) loses nothing by being
    skipped while an identical one is queued: that one will see the newer state. So a burst of 300
    changes to one person's actions redraws their Home a few times, not 300. The key is forgotten
    as the job starts, so a change made while it runs queues one more."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self._queued: set[Hashable] = set()
        self._lock = threading.Lock()

    def submit(self, key: Hashable, fn: Callable[..., object], *args: object) -> bool:
        """True if queued, False if the same job was waiting already."""
        with self._lock:
            if key in self._queued:
                return False
            self._queued.add(key)
        self.executor.submit(self._run, key, fn, *args)
        return True

    def _run(self, key: Hashable, fn: Callable[..., object], *args: object) -> None:
        with self._lock:
            self._queued.discard(key)
        try:
            fn(*args)
        except Exception:  # a background job has no one to raise to
            log.exception("background job %r failed", key)
