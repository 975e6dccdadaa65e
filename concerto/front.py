"""The ASGI front of `concerto web`: gunicorn's workers run uvicorn (uvicorn_worker), whose event loop reads
each request whole before a thread sees it, so a slow or stalled client costs a coroutine, never one of the
threads that ack Slack. (Under gunicorn's gthread workers a thread read the body: 40 clients sending a byte
a second held every thread, and no ack went out.)

A body announced larger than LIMIT is refused at once (413) without reading it, one that grows past it
(chunked) too; a body not complete within DEADLINE is answered 408. Only then does the request, its body
buffered, reach the WSGI app (concerto.web.WebApp) on a thread of the pool, which runs it to its end and
hands back the whole answer (every answer here is small): one hop back to the event loop per request, where
a2wsgi's own middleware makes one per message and, on a busy CPU, each waits its turn. (a2wsgi still builds
the WSGI environ.)
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from a2wsgi.asgi_typing import Receive, Scope, Send
from a2wsgi.wsgi import build_environ
from a2wsgi.wsgi_typing import Environ, ExceptionInfo, WSGIApp

from concerto.web import LIMIT, create_wsgi

DEADLINE = 5.0  # seconds to send a whole body: Slack's arrive at once, and Slack waits 3 s in all for the answer
THREADS = 8  # per worker, as many as the gthread workers had; they now only ever run complete requests


class TooLarge(Exception):
    pass


class Front:
    """An ASGI app in front of the WSGI app `wsgi`; `stop`, if given, runs when the worker stops (lifespan)."""

    def __init__(self, wsgi: WSGIApp, stop: Callable[[], None] | None = None) -> None:
        self.wsgi = wsgi
        self.threads = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="wsgi")
        self.stop = stop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return await self._lifespan(receive, send)
        if scope["type"] != "http":
            return None  # no websockets here: uvicorn refuses the connection
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
        # a2wsgi types wsgi.input as its own streaming Body; any file object serves (PEP 3333)
        environ = build_environ(scope, io.BytesIO(body))  # type: ignore[arg-type]
        environ["CONTENT_LENGTH"] = str(len(body))  # a chunked body has none: it is whole now
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(self.threads, _run, self.wsgi, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _lifespan(self, receive, send) -> None:
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        if self.stop:  # the work process beside this worker finishes what it runs, then the worker exits
            await asyncio.to_thread(self.stop)
        await send({"type": "lifespan.shutdown.complete"})


def _run(app: WSGIApp, environ: Environ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The WSGI app run to its end, in a thread of the pool: status, headers and the whole body."""
    started: list[tuple[str, list[tuple[str, str]]]] = []
    chunks: list[bytes] = []

    def start_response(
        status: str,
        headers: list[tuple[str, str]],
        exc_info: ExceptionInfo | None = None,
    ) -> Callable[[bytes], None]:
        started[:] = [(status, headers)]
        return chunks.append  # WSGI's write()

    iterable = app(environ, start_response)
    try:
        chunks.extend(iterable)
    finally:
        getattr(iterable, "close", lambda: None)()
    status, headers = started[0]
    return (
        int(status.split(" ", 1)[0]),
        [(k.lower().encode("latin1"), v.encode("latin1")) for k, v in headers],
        b"".join(chunks),
    )


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


async def _answer(send, status: int) -> None:
    """A short refusal; the connection is closed after it, with what the client did not send unread."""
    reason = {408: b"Request Timeout", 413: b"Content Too Large"}[status]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"content-length", b"%d" % len(reason)),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": reason})


def create_asgi() -> Front:
    """Entry point for gunicorn: `gunicorn -k uvicorn_worker.UvicornH11Worker 'concerto.front:create_asgi()'`."""
    web = create_wsgi()
    return Front(web, stop=web.work.finish if web.work else None)
