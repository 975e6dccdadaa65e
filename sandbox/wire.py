"""The stand-in's HTTP side: Web API calls (form or JSON, HTTP Basic for OAuth), response URLs and
the upload URLs files.getUploadURLExternal hands out."""

from __future__ import annotations

import base64
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Protocol
from urllib.parse import parse_qs

from sandbox.faults import Fault

JSON_FIELDS = ("blocks", "view", "attachments", "metadata", "files", "document_content", "changes", "criteria")


class Answering(Protocol):
    """What the HTTP side needs of the stand-in (SlackStandIn): an answer to each call, a place for uploads,
    and how long Slack takes to answer."""

    latency: float

    def answer(
        self,
        method: str,
        args: dict,
        key: str | None = None,
        *,
        basic: tuple[str, str] | None = None,
        authorization: str = "",
    ) -> tuple[int, dict, Fault | None]: ...

    def upload(self, file_id: str, body: bytes) -> Fault | None: ...


def handler_class(standin: Answering) -> type[BaseHTTPRequestHandler]:
    """The request handler of a stand-in's server: Web API methods, response URLs, upload URLs."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/upload/"):  # a file's bytes, to the URL files.getUploadURLExternal gave
                if (fault := standin.upload(self.path.rsplit("/", 1)[1], body)) is not None:
                    self._send(fault.status, "text/plain", (fault.error or "upload failed").encode())
                    return
                self._send(200, "text/plain", f"OK - {len(body)}".encode())
                return
            raw = body.decode()
            if self.path.startswith("/respond/"):
                status, result, _ = standin.answer("respond", json.loads(raw or "{}"), key=self.path.rsplit("/", 1)[1])
                time.sleep(standin.latency)
                self._send(status, "text/plain", b"ok" if status == 200 else result["error"].encode())
                return
            method = self.path.removeprefix("/api/")
            status, result, fault = standin.answer(
                method, self._args(raw), basic=self._basic(), authorization=self.headers.get("Authorization") or ""
            )
            time.sleep(standin.latency + (fault.delay if fault is not None else 0.0))
            if fault is not None and fault.unanswered:
                self.close_connection = True  # done, and the answer lost: the caller reads a dropped connection
                return
            extra = {"Retry-After": str(fault.retry_after)} if fault and fault.retry_after else {}
            self._send(status, "application/json", json.dumps(result).encode(), extra)

        def _basic(self) -> tuple[str, str] | None:
            """HTTP Basic client credentials (how slack_sdk sends oauth.v2.access's)."""
            scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
            if scheme.lower() != "basic":
                return None
            user, _, password = base64.b64decode(token).decode().partition(":")
            return user, password

        def _args(self, raw: str) -> dict:
            if "json" in (self.headers.get("Content-Type") or ""):
                return json.loads(raw or "{}")
            args = {k: v[0] for k, v in parse_qs(raw).items()}
            for name in JSON_FIELDS:
                if isinstance(args.get(name), str):
                    args[name] = json.loads(args[name])
            return args

        def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the caller was killed mid-call
                pass

    return Handler
