"""A listener executor that can tell when all post-ack work is finished."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor


class TrackedExecutor(ThreadPoolExecutor):
    """Bolt runs listeners here after acking; `wait_idle()` returns once none is running."""

    def __init__(self, max_workers: int = 5, *, name: str = "listener") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout):
                raise TimeoutError("listeners still running")
