"""A local stand-in for Slack's Web API and response URLs.

It answers the methods Concerto calls, records every call, and checks what Slack would check:
the method name exists, and every Block Kit payload parses and validates with slack_sdk's
models and stays inside the size limits slack_sdk does not check. Anything Slack would reject
is answered `invalid_blocks` / `unknown_method` and listed in `violations`.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from sandbox.workspaces import Workspaces

TEAM = "T0CONCERTO"
BOT_USER = "U0CONCERTO"
MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral", "chat.scheduleMessage", "respond"}
VIEW_METHODS = {"views.open", "views.update", "views.push", "views.publish"}
KNOWN_METHODS = MESSAGE_METHODS | VIEW_METHODS | {
    "auth.test", "users.info", "chat.getPermalink", "chat.delete", "conversations.open",
    "conversations.history", "files.getUploadURLExternal", "files.completeUploadExternal", "oauth.v2.access",
}
JSON_FIELDS = ("blocks", "view", "attachments", "metadata", "files")


@dataclass
class Call:
    method: str
    args: dict
    key: str | None = None  # the response URL key, for "respond" calls
    result: dict = field(default_factory=dict)  # what the stand-in answered
    at: float = field(default_factory=time.monotonic)  # when it arrived
    token: str | None = None  # the bot token it carried


@dataclass
class User:
    id: str
    name: str
    real_name: str
    tz: str = "Europe/Paris"
    locale: str = "fr-FR"


@dataclass
class Channel:
    id: str
    name: str
    member: bool = True


@dataclass
class Fault:
    """How to answer one call: an HTTP error (the call is refused), or a slow answer (it succeeds)."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class StandInState:
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    history: dict[str, list[dict]] = field(default_factory=dict)  # channel -> messages, oldest first
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    rate_limit: float | None = None  # seconds between posts to one channel, enforced with 429s
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes sent to its upload URL
    shared: list[dict] = field(default_factory=list)  # files completed into channels
    last_post: dict[str, float] = field(default_factory=dict)
    workspaces: Workspaces = field(default_factory=Workspaces)  # installs, when the app is distributed


def block_problems(blocks: list, *, limit: int) -> list[str]:
    """What Slack would reject in a list of blocks (slack_sdk models plus the limits they skip)."""
    problems = []
    if len(blocks) > limit:
        problems.append(f"{len(blocks)} blocks (limit {limit})")
    for raw in blocks:
        try:
            model = Block.parse(raw)
            if model is None:
                problems.append(f"unknown block {raw!r:.80}")
                continue
            model.to_dict()
        except (SlackObjectFormationError, TypeError, KeyError) as exc:
            problems.append(f"{raw.get('type')} block: {exc}")
        for f in raw.get("fields") or []:
            if len(f.get("text", "")) > 2000:
                problems.append("section field over 2000 characters")
        for el in raw.get("elements") or []:
            if el.get("type") == "button" and len(el.get("value", "")) > 2000:
                problems.append("button value over 2000 characters")
    return problems


def payload_problems(method: str, args: dict) -> list[str]:
    if method in MESSAGE_METHODS:
        if not args.get("text") and not args.get("blocks") and not args.get("delete_original"):
            return ["message without text or blocks"]
        if len(args.get("text") or "") > 40000:
            return ["message text over 40,000 characters"]
        return block_problems(args.get("blocks") or [], limit=50)
    if method in VIEW_METHODS:
        view = args.get("view") or {}
        try:
            View(**view).to_dict()
        except (SlackObjectFormationError, TypeError) as exc:
            return [f"view: {exc}"]
        return block_problems(view.get("blocks") or [], limit=100)
    return []


class SlackStandIn:
    """Run with `with SlackStandIn() as slack:`; point the bot at `slack.api_url`."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        """`now` gives Slack's idea of the time (message timestamps); pass a test clock's."""
        self.now = now
        self.state = StandInState()
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # --- set-up -----------------------------------------------------------------------------
    def __enter__(self) -> SlackStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, key: str) -> str:
        return f"{self.base_url}/respond/{key}"

    def add_user(self, user_id: str, name: str, real_name: str, tz: str = "Europe/Paris",
                 locale: str = "fr-FR") -> User:
        self.state.users[user_id] = User(user_id, name, real_name, tz, locale)
        return self.state.users[user_id]

    def user_name(self, user_id: str) -> str:
        """The handle Slack puts in a command's `user_name` field."""
        user = self.state.users.get(user_id)
        return user.name if user else user_id.lower()

    def add_channel(self, channel_id: str, name: str, member: bool = True) -> Channel:
        self.state.channels[channel_id] = Channel(channel_id, name, member)
        return self.state.channels[channel_id]

    def inject(self, method: str, *faults: Fault) -> None:
        """Answer the next calls of `method` with these faults, in order."""
        with self._cond:
            self.state.faults.setdefault(method, []).extend(faults)

    def _next_fault(self, method: str) -> Fault | None:
        with self._cond:
            queue = self.state.faults.get(method)
            return queue.pop(0) if queue else None

    def posts(self, channel: str | None = None) -> list[dict]:
        """Messages that Slack accepted (what people would actually see)."""
        with self._cond:
            return [m for ch, msgs in self.state.history.items() if channel in (None, ch) for m in msgs]

    # --- reading what happened --------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self.state.calls if method is None or c.method == method]

    def mark(self) -> int:
        """A position in the call log; `since(mark)` lists what came after it."""
        with self._cond:
            return len(self.state.calls)

    def last_call_at(self) -> float | None:
        """When the latest call arrived (time.monotonic, which every process on the machine shares)."""
        with self._cond:
            return self.state.calls[-1].at if self.state.calls else None

    def since(self, mark: int, method: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self.state.calls[mark:] if method is None or c.method == method]

    def wait_for(self, count: int, method: str | None = None, *, after: int = 0, timeout: float = 10.0) -> list[Call]:
        """Block until `count` calls (of `method`) arrived after mark `after`, or fail loudly."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.state.calls[after:] if method is None or c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {count} {method or 'calls'}, got {len(found)}")
                self._cond.wait(left)

    # --- answering --------------------------------------------------------------------------
    def answer(self, method: str, args: dict, key: str | None = None,
               authorization: str = "") -> tuple[int, dict, Fault | None]:
        """(HTTP status, JSON body, the fault applied if any)."""
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        fault = self._next_fault(method) or self._rate_fault(method, args)
        if fault is not None and (fault.status != 200 or fault.error):  # an HTTP error, or Slack's ok: false
            result = {"ok": False, "error": fault.error or ("ratelimited" if fault.status == 429 else "internal_error")}
            with self._cond:
                self.state.calls.append(Call(method, args, key, result, token=token))
                self._cond.notify_all()
            return fault.status, result, fault
        problems = ["unknown method"] if method not in KNOWN_METHODS else payload_problems(method, args)
        if problems:
            result = {"ok": False, "error": "unknown_method" if method not in KNOWN_METHODS else "invalid_blocks"}
        else:
            result = (self.state.workspaces.answer(method, args, authorization)
                      or getattr(self, "_" + method.replace(".", "_"), self._ok)(args))
        with self._cond:
            self.state.calls.append(Call(method, args, key, result, token=token))
            self.state.violations.extend(f"{method}: {p}" for p in problems)
            self._cond.notify_all()
        return 200, result, fault

    def _rate_fault(self, method: str, args: dict) -> Fault | None:
        if self.state.rate_limit is None or method != "chat.postMessage":
            return None
        channel, now = args.get("channel", ""), time.monotonic()
        with self._cond:
            wait = self.state.last_post.get(channel, -1e9) + self.state.rate_limit - now
            if wait > 0:
                return Fault(429, retry_after=max(1, round(wait + 0.5)))
            self.state.last_post[channel] = now
        return None

    def _ok(self, args: dict) -> dict:
        return {"ok": True}

    def _auth_test(self, args: dict) -> dict:
        return {"ok": True, "team_id": TEAM, "user_id": BOT_USER, "bot_id": "B0CONCERTO", "team": "Concerto demo",
                "url": "https://concerto-demo.slack.com/"}

    def _users_info(self, args: dict) -> dict:
        user = self.state.users.get(args.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {"id": user.id, "team_id": self.state.workspaces.members.get(user.id, TEAM),
                                     "name": user.name, "real_name": user.real_name, "tz": user.tz,
                                     "locale": user.locale}}

    def _chat_postMessage(self, args: dict) -> dict:
        channel = args.get("channel", "")
        if channel.startswith(("U", "W")):
            if channel not in self.state.users:
                return {"ok": False, "error": "user_not_found"}
            channel = "D" + channel[1:]
        elif channel in self.state.channels and not self.state.channels[channel].member:
            return {"ok": False, "error": "not_in_channel"}
        elif channel not in self.state.channels:
            return {"ok": False, "error": "channel_not_found"}
        ts = self._new_ts()
        message = {"type": "message", "ts": ts, "text": args.get("text"), "metadata": args.get("metadata")}
        with self._cond:
            self.state.history.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def _files_getUploadURLExternal(self, args: dict) -> dict:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ts):08d}"
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict) -> dict:
        files = args.get("files") or []
        missing = [f["id"] for f in files if f.get("id") not in self.state.uploads]
        if missing or not files:
            return {"ok": False, "error": "file_not_found"}
        channel = args.get("channel_id")
        if channel and channel in self.state.channels and not self.state.channels[channel].member:
            return {"ok": False, "error": "not_in_channel"}
        with self._cond:
            for f in files:
                self.state.shared.append({**f, "channel": channel, "comment": args.get("initial_comment"),
                                          "bytes": self.state.uploads[f["id"]]})
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _conversations_open(self, args: dict) -> dict:
        user = str(args.get("users", "")).split(",")[0]
        if user not in self.state.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + user[1:]}}

    def _conversations_history(self, args: dict) -> dict:
        oldest = float(args.get("oldest") or 0)
        with_meta = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._cond:
            found = [m for m in self.state.history.get(args.get("channel", ""), []) if float(m["ts"]) > oldest]
        messages = [m if with_meta else {k: v for k, v in m.items() if k != "metadata"} for m in reversed(found)]
        return {"ok": True, "messages": messages[: int(args.get("limit") or 100)], "has_more": False}

    def _new_ts(self) -> str:
        return f"{int(self.now())}.{next(self._ts):06d}"

    def _chat_update(self, args: dict) -> dict:
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_postEphemeral(self, args: dict) -> dict:
        return {"ok": True, "message_ts": self._new_ts()}

    def _chat_getPermalink(self, args: dict) -> dict:
        ts = str(args.get("message_ts", "")).replace(".", "")
        return {"ok": True, "channel": args.get("channel"),
                "permalink": f"https://concerto-demo.slack.com/archives/{args.get('channel')}/p{ts}"}

    def _views_open(self, args: dict) -> dict:
        return {"ok": True, "view": {**args.get("view", {}), "id": f"V{next(self._ts):08d}"}}

    _views_update = _views_push = _views_publish = _views_open

    def _handler_class(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):  # a file's bytes, to the URL files.getUploadURLExternal gave
                    with standin._cond:
                        standin.state.uploads[self.path.rsplit("/", 1)[1]] = body
                    self._send(200, "text/plain", f"OK - {len(body)}".encode())
                    return
                raw = body.decode()
                if self.path.startswith("/respond/"):
                    standin.answer("respond", json.loads(raw or "{}"), key=self.path.rsplit("/", 1)[1])
                    self._send(200, "text/plain", b"ok")
                    return
                method = self.path.removeprefix("/api/")
                status, result, fault = standin.answer(method, self._args(raw),
                                                       authorization=self.headers.get("Authorization") or "")
                if fault is not None and fault.delay:
                    time.sleep(fault.delay)
                extra = {"Retry-After": str(fault.retry_after)} if fault and fault.retry_after else {}
                self._send(status, "application/json", json.dumps(result).encode(), extra)

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
