"""The stand-in in a process of its own, as Slack is on another machine.

A benchmark's load generator then shares no interpreter (and no GIL) with the fake Slack that
answers the app's Web API calls, so the time measured is the app's, not the stand-in's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.managers import BaseManager, BaseProxy
from typing import cast

from sandbox.standin import SlackStandIn


class RemoteStandIn(BaseProxy):
    """What a driver and a benchmark use of a stand-in, across the process boundary."""

    _exposed_ = (
        "add_user",
        "add_channel",
        "user_name",
        "response_url",
        "trigger_id",
        "ext_shared",
        "mark",
        "last_call_at",
        "arrivals",
        "__getattribute__",
    )

    @property
    def api_url(self) -> str:
        return cast(str, self._call("__getattribute__", "api_url"))

    def add_user(self, *args, **kwargs):
        return self._call("add_user", *args, **kwargs)

    def add_channel(self, *args, **kwargs):
        return self._call("add_channel", *args, **kwargs)

    def user_name(self, user_id: str) -> str:
        return cast(str, self._call("user_name", user_id))

    def response_url(self, key: str) -> str:
        return cast(str, self._call("response_url", key))

    def trigger_id(self, key: str) -> str:
        return cast(str, self._call("trigger_id", key))

    def ext_shared(self, channel_id: str) -> bool:
        return cast(bool, self._call("ext_shared", channel_id))

    def mark(self) -> int:
        return cast(int, self._call("mark"))

    def last_call_at(self) -> float | None:
        return cast(float | None, self._call("last_call_at"))

    def arrivals(self, method: str) -> list[tuple[str, float, str | None]]:
        return cast(list[tuple[str, float, str | None]], self._call("arrivals", method))

    def _call(self, method: str, *args: object, **kwargs: object) -> object:
        """What the stand-in's `method` returned, as the manager's process sent it back."""
        return self._callmethod(method, args, kwargs)  # type: ignore[func-returns-value]  # typeshed's -> None is wrong


class _Manager(BaseManager):
    SlackStandIn: Callable[..., RemoteStandIn]  # made by the register() call below


def _serving(latency: float = 0.0) -> SlackStandIn:
    return SlackStandIn(latency=latency).__enter__()  # its server lives as long as the manager's process


_Manager.register("SlackStandIn", _serving, proxytype=RemoteStandIn)


@contextmanager
def standin_process(latency: float = 0.0) -> Iterator[RemoteStandIn]:
    """`with standin_process() as slack:` — like `with SlackStandIn() as slack:`, in another process."""
    with _Manager() as manager:
        yield manager.SlackStandIn(latency=latency)
