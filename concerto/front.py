"""The ASGI front of `concerto web`: gunicorn's workers run uvicorn (uvicorn_worker), whose event loop reads
each request whole before a thread sees it, so a slow or stalled client costs a coroutine, never one of the
threads that ack Slack. (Under gunicorn's gthread workers a thread read the body: 40 clients sending a byte
a second held every thread, and no ack went out.)

A body announced larger than LIMIT is refused at once (413) without reading it, one that grows past it
(chunked) too; a body not complete within DEADLINE is answered 408. Only then does the request, its body
buffered, reach the WSGI app (concerto.web.WebApp) on a2wsgi's thread pool.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable

from a2wsgi import WSGIMiddleware

from concerto.web import LIMIT, create_wsgi

DEADLINE = 5.0  # seconds to send a whole body: Slack's arrive at once, and Slack waits 3 s in all for the answer
THREADS = 8  # per worker, as many as the gthread workers had; they now only ever run complete requests


class TooLarge(Exception):
    pass


class Front:
    """An ASGI app in front of the WSGI app `wsgi`; `stop`, if given, runs when the worker stops (lifespan)."""

    def __init__(self, wsgi, stop: Callable[[], None] | None = None) -> None:
        self.wsgi = WSGIMiddleware(wsgi, workers=THREADS)
        self.stop = stop

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            return await self._lifespan(receive, send)
        if scope["type"] != "http":
            return await self.wsgi(scope, receive, send)  # a2wsgi closes a websocket at once
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > LIMIT:
            return await _answer(send, 413)
        try:
            async with asyncio.timeout(DEADLINE):
                body = await _read(receive)
        except TimeoutError:
            return await _answer(send, 408)
        except TooLarge:
            return await _answer(send, 413)
        if body is None:  # the client left
            return None
        headers = [(k, v) for k, v in scope["headers"] if k not in (b"content-length", b"transfer-encoding")]
        replay = iter([{"type": "http.request", "body": body, "more_body": False}])
        await self.wsgi({**scope, "headers": [*headers, (b"content-length", b"%d" % len(body))]},
                        lambda: _next(replay, receive), send)

    async def _lifespan(self, receive, send) -> None:
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        if self.stop:  # the work process beside this worker finishes what it runs, then the worker exits
            await asyncio.to_thread(self.stop)
        await send({"type": "lifespan.shutdown.complete"})


async def _read(receive) -> bytes | None:
    """The whole body, or None if the client disconnected; TooLarge past LIMIT."""
    body = bytearray()
    while (message := await receive())["type"] == "http.request":
        body += message.get("body", b"")
        if len(body) > LIMIT:
            raise TooLarge
        if not message.get("more_body"):
            return bytes(body)
    return None


async def _next(replay, receive):
    """The buffered body once, then what the client does (a disconnect, when it leaves)."""
    return next(replay, None) or await receive()


async def _answer(send, status: int) -> None:
    """A short refusal; the connection is closed after it, with what the client did not send unread."""
    reason = {408: b"Request Timeout", 413: b"Content Too Large"}[status]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(reason)),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": reason})


def create_asgi() -> Front:
    """Entry point for gunicorn: `gunicorn -k uvicorn_worker.UvicornH11Worker 'concerto.front:create_asgi()'`."""
    web = create_wsgi()
    return Front(web, stop=web.work.finish if web.work else None)
