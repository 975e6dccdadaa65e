"""Slack's documented rules that a lenient stand-in would skip: scopes per method, channel membership,
the lifetime of a trigger_id and of a response_url.

Pure tables and functions; `standin.py` applies them to each call it answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.json"

# Each Web API method's bot scopes (any one of them is enough), from each method's page on
# api.slack.com/methods. The scope of conversations.history depends on the channel type (history_scope).
SCOPES: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.scheduleMessage": ("chat:write",),
    "chat.getPermalink": (),
    "users.info": ("users:read",),
    "conversations.open": ("im:write", "mpim:write", "channels:manage", "groups:write"),
    "conversations.join": ("channels:join",),
    "conversations.info": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.history": ("channels:history", "groups:history", "im:history", "mpim:history"),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "views.open": (),
    "views.update": (),
    "views.push": (),
    "views.publish": (),
    "conversations.canvases.create": ("canvases:write",),
    "canvases.create": ("canvases:write",),
    "canvases.edit": ("canvases:write",),
    "canvases.sections.lookup": ("canvases:read",),
    "bookmarks.add": ("bookmarks:write",),
    "bookmarks.edit": ("bookmarks:write",),
    "bookmarks.remove": ("bookmarks:write",),
    "bookmarks.list": ("bookmarks:read",),
    "oauth.v2.access": (),  # authenticated by the client id and secret, not a token
}

TRIGGER_TTL = 3.0  # seconds a trigger_id can open a view, once
RESPONSE_URL_USES = 5
RESPONSE_URL_TTL = 30 * 60.0


def manifest_scopes(path: Path = MANIFEST) -> frozenset[str]:
    """The bot scopes the app asks for at install (`oauth_config.scopes.bot`)."""
    return frozenset(json.loads(path.read_text())["oauth_config"]["scopes"]["bot"])


def history_scope(channel: str, private: bool) -> tuple[str, ...]:
    if channel.startswith("D"):
        return ("im:history",)
    if channel.startswith("G") or private:
        return ("groups:history",)
    return ("channels:history",)


def scope_refusal(method: str, needed: tuple[str, ...], granted: frozenset[str]) -> dict | None:
    """Slack's `missing_scope` answer when none of the `needed` scopes was granted."""
    if not needed or granted.intersection(needed):
        return None
    return {"ok": False, "error": "missing_scope", "needed": ",".join(needed), "provided": ",".join(sorted(granted))}


@dataclass
class Channel:
    id: str
    name: str
    member: bool = False  # a bot is in no channel until it is invited or joins
    private: bool = False
    ext_shared: bool = False  # a Slack Connect channel
    archived: bool = False  # read-only: nothing is posted, updated or joined


# Methods that need the bot in the channel whatever its scopes (chat:write.public covers only posting).
MEMBERS_ONLY = {"chat.postEphemeral", "files.completeUploadExternal", "conversations.history"}


def membership_refusal(method: str, channel: Channel | None, granted: frozenset[str]) -> str | None:
    """The error Slack answers when the bot may not do `method` in `channel` (None: allowed)."""
    if channel is None:
        return "channel_not_found"
    if channel.archived:
        return "is_archived"
    if channel.member:
        return None
    if channel.private:  # invisible to a bot that was not invited
        return "channel_not_found"
    if method == "conversations.join":
        return None
    if method in ("chat.postMessage", "chat.scheduleMessage") and "chat:write.public" in granted:
        return None
    return "not_in_channel"


@dataclass
class Ledger:
    """What Slack remembers of the trigger_ids and response_urls it handed out (monotonic seconds), and of
    the modals open: each one's hash, which changes with every update."""

    triggers: dict[str, float] = field(default_factory=dict)
    exchanged: set[str] = field(default_factory=set)
    urls: dict[str, float] = field(default_factory=dict)
    uses: dict[str, int] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # view id -> its current hash
    external: dict[str, str] = field(default_factory=dict)  # a view's external_id -> its view id

    def exchange_trigger(self, trigger_id: str, now: float) -> str | None:
        """The error of a views.open/views.push with this trigger (None: the view opens)."""
        issued = self.triggers.get(trigger_id)
        if issued is None:
            return "invalid_trigger_id"
        if trigger_id in self.exchanged:
            return "exchanged_trigger_id"
        if now - issued > TRIGGER_TTL:
            return "expired_trigger_id"
        self.exchanged.add(trigger_id)
        return None

    def use_url(self, key: str, now: float) -> str | None:
        """Why Slack refuses this use of a response_url (None: accepted)."""
        issued = self.urls.get(key)
        if issued is None:
            return "no_active_hooks"
        if now - issued > RESPONSE_URL_TTL:
            return "expired_url"
        self.uses[key] = self.uses.get(key, 0) + 1
        return "used_url" if self.uses[key] > RESPONSE_URL_USES else None

    def open_view(self, view_id: str, external_id: str | None, hash_: str) -> str | None:
        """Why Slack refuses to open a view with this external_id (None: opened): one already has it."""
        if external_id:
            if external_id in self.external:
                return "duplicate_external_id"
            self.external[external_id] = view_id
        self.views[view_id] = hash_
        return None

    def update_view(self, view_id: str, hash_: str | None, new_hash: str) -> str | None:
        """Why Slack refuses views.update of this view (None: updated, now `new_hash`): a view it never
        opened (or not yet), or a `hash` that is no longer the view's (another update came first).
        `view_id` may be the external_id the view was opened with."""
        view_id = self.external.get(view_id, view_id)
        current = self.views.get(view_id)
        if current is None:
            return "not_found"
        if hash_ is not None and hash_ != current:
            return "hash_conflict"
        self.views[view_id] = new_hash
        return None
