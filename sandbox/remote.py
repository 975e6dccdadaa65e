"""The stand-in in a process of its own, as Slack is on another machine.

A benchmark's load generator then shares no interpreter (and no GIL) with the fake Slack that
answers the app's Web API calls, so the time measured is the app's, not the stand-in's."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.managers import BaseManager, BaseProxy

from sandbox.standin import SlackStandIn


class RemoteStandIn(BaseProxy):
    """What a driver and a benchmark use of a stand-in, across the process boundary."""

    _exposed_ = ("add_user", "add_channel", "user_name", "response_url", "trigger_id", "ext_shared", "mark",
                 "last_call_at", "arrivals", "__getattribute__")

    @property
    def api_url(self) -> str:
        return self._callmethod("__getattribute__", ("api_url",))

    def add_user(self, *args, **kwargs):
        return self._callmethod("add_user", args, kwargs)

    def add_channel(self, *args, **kwargs):
        return self._callmethod("add_channel", args, kwargs)

    def user_name(self, user_id: str) -> str:
        return self._callmethod("user_name", (user_id,))

    def response_url(self, key: str) -> str:
        return self._callmethod("response_url", (key,))

    def trigger_id(self, key: str) -> str:
        return self._callmethod("trigger_id", (key,))

    def ext_shared(self, channel_id: str) -> bool:
        return self._callmethod("ext_shared", (channel_id,))

    def mark(self) -> int:
        return self._callmethod("mark")

    def last_call_at(self) -> float | None:
        return self._callmethod("last_call_at")

    def arrivals(self, method: str) -> list[tuple[str, float, str | None]]:
        return self._callmethod("arrivals", (method,))


class _Manager(BaseManager):
    pass


def _serving(latency: float = 0.0) -> SlackStandIn:
    return SlackStandIn(latency=latency).__enter__()  # its server lives as long as the manager's process


_Manager.register("SlackStandIn", _serving, proxytype=RemoteStandIn)


@contextmanager
def standin_process(latency: float = 0.0) -> Iterator[RemoteStandIn]:
    """`with standin_process() as slack:` — like `with SlackStandIn() as slack:`, in another process."""
    with _Manager() as manager:
        yield manager.SlackStandIn(latency=latency)
