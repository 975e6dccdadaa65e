"""A local stand-in for Slack's Web API and response URLs, as strict as Slack.

It answers the methods Concerto calls, records every call, and checks what Slack would check:
the method name exists; the bot holds the method's scope (read from manifest.json); the bot is in
the channel where Slack requires it (sandbox.rules); a trigger_id opens one view within 3 s; a
response_url takes 5 uses within 30 minutes; every Block Kit payload parses and validates with
slack_sdk's models and stays inside the size limits slack_sdk does not check; canvases, bookmarks
(sandbox.bookmarks) and OAuth calls have the documented shape. Payloads Slack would reject, text it would take
but show raw (a malformed date token, a token in plain text: sandbox.shapes) and scopes the manifest lacks are
listed in `violations`; refusals the app must live with (membership, triggers) are answered only.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from sandbox.bookmarks import BookmarkStandIn, BookmarkState, bookmark_problems
from sandbox.canvases import CanvasStandIn, CanvasState
from sandbox.faults import Fault
from sandbox.functions import FUNCTION_METHODS, Execution, FunctionsStandIn
from sandbox.rules import (
    MEMBERS_ONLY,
    SCOPES,
    Channel,
    Ledger,
    history_scope,
    manifest_scopes,
    membership_refusal,
    scope_refusal,
)
from sandbox.shapes import MESSAGE_METHODS, VIEW_METHODS, payload_problems, shown_raw
from sandbox.views import ViewsStandIn
from sandbox.wire import handler_class
from sandbox.workspaces import Workspaces

HOST = "127.0.0.1"
TEAM = "T0CONCERTO"
BOT_USER = "U0CONCERTO"
KNOWN_METHODS = (MESSAGE_METHODS | VIEW_METHODS | FUNCTION_METHODS | set(SCOPES)) - {"respond"}
TRIGGER_METHODS = {"views.open", "views.push"}


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
    is_bot: bool = False
    deleted: bool = False
    is_admin: bool = False


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
    ledger: Ledger = field(default_factory=Ledger)
    canvases: CanvasState = field(default_factory=CanvasState)  # see sandbox.canvases
    bookmarks: BookmarkState = field(default_factory=BookmarkState)  # see sandbox.bookmarks
    workspaces: Workspaces = field(default_factory=Workspaces)  # installs, when the app is distributed
    executions: dict[str, Execution] = field(default_factory=dict)  # workflow steps run (sandbox.functions)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # as Slack takes a burst: the default 5 makes each extra call wait a 1 s SYN retry


class SlackStandIn(CanvasStandIn, BookmarkStandIn, ViewsStandIn, FunctionsStandIn):
    """Run with `with SlackStandIn() as slack:`; point the bot at `slack.api_url`."""

    state: StandInState  # all of it: each mixin declares the part it reads

    def __init__(
        self, now: Callable[[], float] = time.time, *, latency: float = 0.0, scopes: frozenset[str] | None = None
    ) -> None:
        """`now` gives Slack's idea of the time (message timestamps); pass a test clock's. The lifetimes of
        trigger_ids and response_urls run on time.monotonic: real seconds, whatever the app's clock says.
        `latency` delays every answer, as Slack's ~0.2 s does; `scopes` default to the manifest's."""
        self.now = now
        self.latency = latency
        self.scopes = manifest_scopes() if scopes is None else frozenset(scopes)
        self.state = StandInState()
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._view_ids = itertools.count(1)
        self._server = _Server((HOST, 0), handler_class(self))
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
        return f"http://{HOST}:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, key: str) -> str:
        """A response_url for one request (Slack's clock for its 30 minutes starts now)."""
        with self._cond:
            self.state.ledger.urls.setdefault(key, time.monotonic())
        return f"{self.base_url}/respond/{key}"

    def trigger_id(self, key: str) -> str:
        """A trigger_id for one request; it opens one view within 3 s from now."""
        with self._cond:
            self.state.ledger.triggers.setdefault(key, time.monotonic())
        return key

    def add_user(
        self, user_id: str, name: str, real_name: str, tz: str = "Europe/Paris", locale: str = "fr-FR", **kind: bool
    ) -> User:
        """A workspace member; `kind` sets `is_bot`, `deleted` or `is_admin` as users.info reports them."""
        self.state.users[user_id] = User(user_id, name, real_name, tz, locale, **kind)
        return self.state.users[user_id]

    def user_name(self, user_id: str) -> str:
        """The handle Slack puts in a command's `user_name` field."""
        user = self.state.users.get(user_id)
        return user.name if user else user_id.lower()

    def add_channel(
        self, channel_id: str, name: str, member: bool = False, *, private: bool = False, ext_shared: bool = False
    ) -> Channel:
        """A channel; the bot is in it only when `member` (invited), as in Slack."""
        self.state.channels[channel_id] = Channel(channel_id, name, member, private, ext_shared)
        return self.state.channels[channel_id]

    def ext_shared(self, channel_id: str) -> bool:
        """Whether the channel is shared with another organisation (Slack Connect)."""
        channel = self.state.channels.get(channel_id)
        return bool(channel and channel.ext_shared)

    def invite(self, channel_id: str) -> None:
        """Someone types `/invite @Concerto` in the channel."""
        self.state.channels[channel_id].member = True

    def oauth_code(self, team: str) -> str:
        """The `code` Slack sends to the redirect URL when `team` installs the app."""
        if team not in self.state.workspaces.teams:
            return self.state.workspaces.add(team, team)
        return self.state.workspaces.new_code(team)

    def inject(self, method: str, *faults: Fault) -> None:
        """Answer the next calls of `method` with these faults, in order."""
        with self._cond:
            self.state.faults.setdefault(method, []).extend(faults)

    def _next_fault(self, method: str) -> Fault | None:
        with self._cond:
            queue = self.state.faults.get(method)
            return queue.pop(0) if queue else None

    def upload(self, file_id: str, body: bytes) -> Fault | None:
        """A file's bytes sent to the URL files.getUploadURLExternal gave: kept, unless a fault is injected
        for "upload" (returned, and the bytes are lost)."""
        if (fault := self._next_fault("upload")) is not None:
            return fault
        with self._cond:
            self.state.uploads[file_id] = body
        return None

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

    def arrivals(self, method: str) -> list[tuple[str, float, str | None]]:
        """(trigger_id, arrival time, error) of each `method` call: what a benchmark in another process reads.
        A views.update names the trigger_id that opened its view (by the view's external_id)."""
        with self._cond:
            opened = {
                c.args["view"].get("external_id"): c.args.get("trigger_id")
                for c in self.state.calls
                if c.method == "views.open"
            }
            return [
                (
                    str(c.args.get("trigger_id") or opened.get(c.args.get("external_id")) or ""),
                    c.at,
                    c.result.get("error"),
                )
                for c in self.state.calls
                if c.method == method
            ]

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
    def answer(
        self,
        method: str,
        args: dict,
        key: str | None = None,
        *,
        basic: tuple[str, str] | None = None,
        authorization: str = "",
    ) -> tuple[int, dict, Fault | None]:
        """(HTTP status, JSON body, the fault applied if any)."""
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        fault = self._next_fault(method) or self._rate_fault(method, args)
        if fault is not None and (fault.status != 200 or fault.error):  # an HTTP error, or Slack's ok: false
            result = {"ok": False, "error": fault.error or ("ratelimited" if fault.status == 429 else "internal_error")}
            self._record(Call(method, args, key, result, token=token))
            return fault.status, result, fault
        if method == "respond":
            refused = self._use_url(key or "")
            result = {"ok": False, "error": refused} if refused else {"ok": True}
            problems = [] if refused else payload_problems(method, args) + shown_raw(method, args)
            self._record(Call(method, args, key, result), [f"respond: {p}" for p in problems])
            return (404 if refused else 200), result, fault
        problems = (
            ["unknown method"]
            if method not in KNOWN_METHODS
            else payload_problems(method, args) + self.canvas_problems(method, args) + bookmark_problems(method, args)
        )
        refusal = None if problems else self._refusal(method, args)
        if problems:
            result = {
                "ok": False,
                "error": "unknown_method"
                if method not in KNOWN_METHODS
                else "invalid_arguments"
                if "canvases." in method or "bookmarks." in method
                else "invalid_blocks",
            }
        elif refusal is not None:
            result = refusal
            if refusal["error"] == "missing_scope":  # the manifest must grant what the app calls
                problems = [f"missing_scope {refusal['needed']}"]
        elif method == "oauth.v2.access":
            result = self.state.workspaces.access(args, basic, scopes=",".join(sorted(self.scopes)))
        elif (installs := self.state.workspaces.answer(method, args, authorization)) is not None:
            result = installs
        elif method in BY_BOT:  # what a bot posts is its own: only it may update it
            result = BY_BOT[method](self, args, token)
        else:
            result = getattr(self, "_" + method.replace(".", "_"), self._ok)(args)
        if result.get("ok"):  # taken, and shown as it is
            problems = [*problems, *shown_raw(method, args)]
        self._record(Call(method, args, key, result, token=token), [f"{method}: {p}" for p in problems])
        return 200, result, fault

    def _record(self, call: Call, problems: Iterable[str] = ()) -> None:
        with self._cond:
            self.state.calls.append(call)
            self.state.violations.extend(problems)
            self._cond.notify_all()

    def _use_url(self, key: str) -> str | None:
        with self._cond:
            return self.state.ledger.use_url(key, time.monotonic())

    def _refusal(self, method: str, args: dict) -> dict | None:
        """Slack's answer when the bot lacks the scope, the membership or a live trigger for this call."""
        channel_id = str(args.get("channel") or args.get("channel_id") or "")
        channel = self.state.channels.get(channel_id)
        needed = SCOPES.get(method, ())
        if method == "conversations.history":
            needed = history_scope(channel_id, bool(channel and channel.private))
        if (refused := scope_refusal(method, needed, self.scopes)) is not None:
            return refused
        if method == "chat.update" and channel is not None and channel.archived:
            return {"ok": False, "error": "is_archived"}
        in_channel = method in MEMBERS_ONLY or method in (
            "chat.postMessage",
            "chat.scheduleMessage",
            "conversations.join",
        )
        if in_channel and channel_id and not channel_id.startswith(("D", "U", "W")):
            if (error := membership_refusal(method, channel, self.scopes)) is not None:
                if error == "not_in_channel" and method == "conversations.join":
                    error = "method_not_supported_for_channel_type"
                return {"ok": False, "error": error}
        if method in TRIGGER_METHODS:
            with self._cond:
                error = self.state.ledger.exchange_trigger(str(args.get("trigger_id", "")), time.monotonic())
            if error is not None:
                return {"ok": False, "error": error}
        return None

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
        return {
            "ok": True,
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": "B0CONCERTO",
            "team": "Concerto demo",
            "url": "https://concerto-demo.slack.com/",
        }

    def _users_info(self, args: dict) -> dict:
        found = self.user_object(args.get("user", ""))
        return {"ok": True, "user": found} if found else {"ok": False, "error": "user_not_found"}

    def user_object(self, user_id: str) -> dict | None:
        """A user as Slack shows one (users.info's `user`, a `user_change` event's)."""
        user = self.state.users.get(user_id)
        if user_id == BOT_USER:
            user = User(BOT_USER, "concerto", "Concerto", is_bot=True)
        if user is None:
            return None
        team = self.state.workspaces.members.get(user.id, TEAM)
        grid = self.state.workspaces.enterprise_of(team)
        return {
            "id": user.id,
            "team_id": team,
            "name": user.name,
            "real_name": user.real_name,
            **({"enterprise_user": {"enterprise_id": grid}} if grid else {}),
            "profile": {"real_name": user.real_name, "display_name": ""},
            "tz": user.tz,
            "locale": user.locale,
            "is_bot": user.is_bot,
            "deleted": user.deleted,
            "is_admin": user.is_admin,
        }

    def _chat_postMessage(self, args: dict, token: str | None = None) -> dict:
        channel = args.get("channel", "")
        if channel.startswith(("U", "W", "D")):
            user = self.state.users.get(channel if not channel.startswith("D") else "U" + channel[1:])
            if user is None and not channel.startswith("D"):
                return {"ok": False, "error": "user_not_found"}
            if user is not None and user.deleted:  # a deactivated account's DM takes nothing more
                return {"ok": False, "error": "user_disabled"}
            channel = "D" + channel[1:]
        ts = self._new_ts()
        message = {
            "type": "message",
            "ts": ts,
            "text": args.get("text"),
            "metadata": args.get("metadata"),
            "bot_id": bot_id(token),
        }
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
        with self._cond:
            for f in files:
                self.state.shared.append(
                    {
                        **f,
                        "channel": channel,
                        "comment": args.get("initial_comment"),
                        "bytes": self.state.uploads[f["id"]],
                    }
                )
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _conversations_open(self, args: dict) -> dict:
        user = str(args.get("users", "")).split(",")[0]
        if user not in self.state.users:
            return {"ok": False, "error": "user_not_found"}
        if self.state.users[user].deleted:
            return {"ok": False, "error": "user_disabled"}
        return {"ok": True, "channel": {"id": "D" + user[1:]}}

    def _conversations_history(self, args: dict) -> dict:
        oldest = float(args.get("oldest") or 0)
        with_meta = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._cond:
            found = [m for m in self.state.history.get(args.get("channel", ""), []) if float(m["ts"]) > oldest]
        messages = [m if with_meta else {k: v for k, v in m.items() if k != "metadata"} for m in reversed(found)]
        return {"ok": True, "messages": messages[: int(args.get("limit") or 100)], "has_more": False}

    def _conversations_join(self, args: dict) -> dict:
        channel = self.state.channels[args["channel"]]
        already = channel.member
        channel.member = True
        return {
            "ok": True,
            "channel": {"id": channel.id, "name": channel.name, "is_member": True},
            **({"already_in_channel": True, "warning": "already_in_channel"} if already else {}),
        }

    def _conversations_info(self, args: dict) -> dict:
        """A channel as the calling workspace sees it (one it does not see is `channel_not_found`, answered by
        the installs before this); a private one only to a member."""
        channel = self.state.channels.get(str(args.get("channel", "")))
        if channel is None or (channel.private and not channel.member):
            return {"ok": False, "error": "channel_not_found"}
        shared = channel.ext_shared or len(self.state.workspaces.channels.get(channel.id, ())) > 1
        return {
            "ok": True,
            "channel": {
                "id": channel.id,
                "name": channel.name,
                "is_channel": not channel.private,
                "is_private": channel.private,
                "is_archived": channel.archived,
                "is_member": channel.member,
                "is_shared": shared,
                "is_ext_shared": shared,
            },
        }

    def _new_ts(self) -> str:
        return f"{int(self.now())}.{next(self._ts):06d}"

    def _chat_update(self, args: dict, token: str | None = None) -> dict:
        """As Slack: the message must be there, and be the calling bot's own."""
        with self._cond:
            found = [m for m in self.state.history.get(str(args.get("channel")), []) if m["ts"] == args.get("ts")]
        if not found:
            return {"ok": False, "error": "message_not_found"}
        if found[0].get("bot_id") != bot_id(token):
            return {"ok": False, "error": "cant_update_message"}
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_postEphemeral(self, args: dict) -> dict:
        return {"ok": True, "message_ts": self._new_ts()}

    def _chat_getPermalink(self, args: dict) -> dict:
        ts = str(args.get("message_ts", "")).replace(".", "")
        return {
            "ok": True,
            "channel": args.get("channel"),
            "permalink": f"https://concerto-demo.slack.com/archives/{args.get('channel')}/p{ts}",
        }


def bot_id(token: str | None) -> str:
    """The bot a token speaks for, as messages carry it (`bot_id`)."""
    return "B" + hashlib.sha256((token or "").encode()).hexdigest()[:8].upper()


BY_BOT = {"chat.postMessage": SlackStandIn._chat_postMessage, "chat.update": SlackStandIn._chat_update}
