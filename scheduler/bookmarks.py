"""Syncing a mission channel's bookmarks for a due outbox row (bot.missions.bookmarks says what and why):
read the channel's list, add what is missing, edit what changed. Done again it changes nothing, so a row whose
answer was lost is simply run again. Slack's refusals are raised, for the outbox's policy to judge."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.missions.bookmarks import reconcile, wanted
from bot.notices import BookmarksSync
from scheduler.canvases import canvas_link


def sync_bookmarks(client: WebClient, sync: BookmarksSync) -> int:
    """Add and edit what the channel lacks; how many bookmarks were added or edited."""
    canvas = canvas_link(client, sync.canvas_id) if sync.canvas_id else None
    want = wanted(sync.lang, canvas_link=canvas, calendar_page=sync.calendar_page)
    if not want:
        return 0
    existing = client.bookmarks_list(channel_id=sync.channel).get("bookmarks") or []
    changes = reconcile(existing, want)
    for change in changes:
        b = change.bookmark
        if change.bookmark_id is None:
            client.bookmarks_add(channel_id=sync.channel, title=b.title, type="link", link=b.link, emoji=b.emoji)
        else:
            title = b.title if change.retitle else None
            client.bookmarks_edit(bookmark_id=change.bookmark_id, channel_id=sync.channel, link=b.link, title=title)
    return len(changes)
