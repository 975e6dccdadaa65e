"""The stand-in's channel bookmarks: `bookmarks.add`, `bookmarks.list`, `bookmarks.edit`, `bookmarks.remove`,
answered as Slack documents them. Scopes (`bookmarks:write`, `bookmarks:read` for the list) are checked with the
other methods' (sandbox.rules); here: the channel must exist and be visible to the bot (a private one it was
not invited to, or a public one it has not joined, is refused), not archived; a bookmark is of type `link`,
with a title and an http(s) link (`invalid_link`); a channel holds at most 100 (`too_many_bookmarks`); ids
look like Slack's (`Bk…`). A payload the app should never send (no title, another type) is a violation."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from sandbox.rules import Channel

BOOKMARK_METHODS = {"bookmarks.add", "bookmarks.list", "bookmarks.edit", "bookmarks.remove"}
LIMIT = 100  # bookmarks per channel (Slack: "Conversations are limited to 100 bookmarks")


@dataclass
class BookmarkState:
    channels: dict[str, list[dict]] = field(default_factory=dict)  # channel -> its bookmarks, in order
    serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))


def bookmark_problems(method: str, args: dict) -> list[str]:
    """What the app should never send (Slack would answer `invalid_arguments` or worse)."""
    if method not in BOOKMARK_METHODS:
        return []
    problems = [] if args.get("channel_id") else [f"{method} needs channel_id"]
    if method == "bookmarks.add":
        if args.get("type") != "link":
            problems.append(f"bookmark type must be link, got {args.get('type')!r}")
        if not args.get("title"):
            problems.append("bookmark without a title")
        if not args.get("link"):
            problems.append("a link bookmark without its link")
    if method in ("bookmarks.edit", "bookmarks.remove") and not args.get("bookmark_id"):
        problems.append(f"{method} needs bookmark_id")
    return problems


class BookmarksState(Protocol):
    bookmarks: BookmarkState
    channels: dict[str, Channel]


class BookmarkStandIn:
    """Mixed into SlackStandIn (its `state` and `_cond`)."""

    state: BookmarksState
    _cond: threading.Condition

    def bookmarks(self, channel: str) -> list[dict]:
        """The channel's bookmarks, as people see them in its header."""
        with self._cond:
            return [dict(b) for b in self.state.bookmarks.channels.get(channel, [])]

    def _bookmark_channel(self, args: dict) -> tuple[list[dict] | None, dict | None]:
        """The channel's bookmarks, or Slack's refusal: unknown or invisible, archived."""
        channel = self.state.channels.get(str(args.get("channel_id") or ""))
        if channel is None or (channel.private and not channel.member):
            return None, {"ok": False, "error": "channel_not_found"}
        if channel.archived:
            return None, {"ok": False, "error": "is_archived"}
        if not channel.member:
            return None, {"ok": False, "error": "not_in_channel"}
        return self.state.bookmarks.channels.setdefault(channel.id, []), None

    def _bookmarks_add(self, args: dict) -> dict:
        with self._cond:
            found, refused = self._bookmark_channel(args)
            if found is None:
                return refused or {"ok": False, "error": "channel_not_found"}
            if not str(args.get("link") or "").startswith(("http://", "https://")):
                return {"ok": False, "error": "invalid_link"}
            if len(found) >= LIMIT:
                return {"ok": False, "error": "too_many_bookmarks"}
            bookmark = {
                "id": f"Bk{next(self.state.bookmarks.serial):010d}",
                "channel_id": args["channel_id"],
                "title": args.get("title"),
                "link": args.get("link"),
                "emoji": args.get("emoji"),
                "icon_url": None,
                "type": "link",
                "entity_id": None,
                "date_created": int(time.time()),
                "date_updated": 0,
                "rank": chr(ord("a") + len(found) % 26),
                "shortcut_id": None,
                "app_id": "A0CONCERTO",
            }
            found.append(bookmark)
            return {"ok": True, "bookmark": dict(bookmark)}

    def _bookmarks_list(self, args: dict) -> dict:
        with self._cond:
            found, refused = self._bookmark_channel(args)
            if found is None:
                return refused or {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "bookmarks": [dict(b) for b in found]}

    def _bookmarks_edit(self, args: dict) -> dict:
        with self._cond:
            found, refused = self._bookmark_channel(args)
            if found is None:
                return refused or {"ok": False, "error": "channel_not_found"}
            bookmark = next((b for b in found if b["id"] == args.get("bookmark_id")), None)
            if bookmark is None:
                return {"ok": False, "error": "invalid_bookmark_id"}
            if args.get("link") is not None and not str(args["link"]).startswith(("http://", "https://")):
                return {"ok": False, "error": "invalid_link"}
            for name in ("title", "link", "emoji"):
                if args.get(name) is not None:
                    bookmark[name] = args[name]
            bookmark["date_updated"] = int(time.time())
            return {"ok": True, "bookmark": dict(bookmark)}

    def _bookmarks_remove(self, args: dict) -> dict:
        with self._cond:
            found, refused = self._bookmark_channel(args)
            if found is None:
                return refused or {"ok": False, "error": "channel_not_found"}
            kept = [b for b in found if b["id"] != args.get("bookmark_id")]
            if len(kept) == len(found):
                return {"ok": False, "error": "invalid_bookmark_id"}
            found[:] = kept
            return {"ok": True}
