"""Writing a canvas to Slack for a due outbox row: create it the first time, replace its content after.

The mission canvas is the channel canvas (`conversations.canvases.create`). Where the workspace's
plan refuses channel canvases, or the channel has a canvas of its own already, it becomes a
standalone canvas tabbed in the channel (`canvases.create` with `channel_id`) and linked from a
message; where even that is refused, the channel gets one clear note and the canvas is not tried
again. Minutes are standalone canvases shared in the channel. Other refusals are raised, for the
outbox's retry policy to judge.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import N_, t
from bot.notices import CanvasWrite
from bot.slacktext import escape

log = logging.getLogger(__name__)

NO_CHANNEL_CANVAS = {
    "team_tier_cannot_create_channel_canvases",
    "free_team_canvas_tab_already_exists",
    "canvas_tab_creation_failed",
    "channel_canvas_creation_failed",
    "channel_canvas_already_exists",
}  # the channel's own canvas is left to its people
NO_CANVAS = {
    "canvas_disabled_user_team",
    "free_teams_cannot_create_non_tabbed_canvases",
    "restricted_action",
    "canvas_creation_failed",
    "not_allowed_token_type",
}


@dataclass(frozen=True)
class Written:
    canvas_id: str | None
    placement: str  # channel | standalone | unavailable
    notice: str | None = None  # what the channel is to be told (through the outbox, once): its link, or why none


def write_canvas(client: WebClient, write: CanvasWrite) -> Written:
    content = {"type": "markdown", "markdown": write.markdown}
    placement = "standalone" if write.standalone else "channel"
    if write.canvas_id:
        changes: list[dict] = [{"operation": "replace", "document_content": content}]
        if write.retitle:
            changes.append({"operation": "rename", "title_content": {"type": "markdown", "markdown": write.title}})
        try:
            client.canvases_edit(canvas_id=write.canvas_id, changes=changes)
            return Written(write.canvas_id, placement)
        except SlackApiError as err:
            if _code(err) != "canvas_not_found":  # deleted by someone: made again below
                raise
    if not write.standalone:
        try:
            res = client.conversations_canvases_create(
                channel_id=write.channel, document_content=content, title=write.title
            )
            return Written(res["canvas_id"], "channel")
        except SlackApiError as err:
            if _code(err) in NO_CANVAS:
                return _unavailable(write, _code(err))
            if _code(err) not in NO_CHANNEL_CANVAS:
                raise
    try:
        res = client.canvases_create(title=write.title, document_content=content, channel_id=write.channel)
    except SlackApiError as err:
        if _code(err) not in NO_CANVAS:
            raise
        return _unavailable(write, _code(err))
    link = canvas_link(client, res["canvas_id"])
    key = N_("minutes.shared") if write.standalone else N_("canvas.standalone")
    return Written(res["canvas_id"], "standalone", t(write.lang, key, title=escape(write.title), link=link))


def _unavailable(write: CanvasWrite, error: str) -> Written:
    """One clear note in the channel (Slack's reason is for the log); the canvas is not tried again."""
    log.info("no canvas in %s: %s", write.channel, error)
    return Written(None, "unavailable", t(write.lang, "canvas.unavailable"))


def _code(err: SlackApiError) -> str:
    return (err.response.get("error") if err.response else None) or "?"


def canvas_link(client: WebClient, canvas_id: str) -> str:
    """A canvas's address: Slack shares a canvas by posting its link (`…/docs/<team>/<canvas>`)."""
    auth = client.auth_test()
    return f"{auth['url'].rstrip('/')}/docs/{auth['team_id']}/{canvas_id}"
