"""Work worth doing once for a burst of reasons to do it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Executor

log = logging.getLogger(__name__)

Later = Callable[[float, Callable[[], object]], None]


def timer(delay: float, fn: Callable[[], object]) -> None:
    """Call `fn` in `delay` seconds, on a thread of its own."""
    thread = threading.Timer(delay, fn)
    thread.daemon = True
    thread.start()


class Once:
    """Queue `fn` on an executor `window` seconds from now, unless the same job is already waiting.

    A job that reads fresh state when it runs (redrawing someone's App Home) loses nothing by being
    skipped while an identical one waits: that one will see the newer state. So a burst of 300
    changes to one person's actions redraws their Home about once per window, not 300 times. The key
    is forgotten as the job starts, so a change made while it runs queues one more."""

    def __init__(self, executor: Executor, *, window: float = 0.0, later: Later = timer) -> None:
        self.executor, self.window, self.later = executor, window, later
        self._waiting: set[Hashable] = set()
        self._lock = threading.Lock()

    def submit(self, key: Hashable, fn: Callable[..., object], *args: object) -> bool:
        """True if queued, False if the same job was waiting already."""
        with self._lock:
            if key in self._waiting:
                return False
            self._waiting.add(key)
        if self.window:
            self.later(self.window, lambda: self.executor.submit(self._run, key, fn, *args))
        else:
            self.executor.submit(self._run, key, fn, *args)
        return True

    def _run(self, key: Hashable, fn: Callable[..., object], *args: object) -> None:
        with self._lock:
            self._waiting.discard(key)
        try:
            fn(*args)
        except Exception:  # a background job has no one to raise to
            log.exception("background job %r failed", key)
