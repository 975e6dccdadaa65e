"""Was it posted? A post whose answer never came (a worker died after Slack took it, or the connection dropped
before its answer) is looked for in its conversation's history, by the row's key carried in the message's
metadata, before it is posted again: Slack has no idempotency key, the metadata is ours."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from storage.models import Notification

log = logging.getLogger(__name__)
EVENT_TYPE = "concerto_notification"


def key_metadata(row: Notification) -> dict:
    """What a post carries so that it can be found again."""
    return {"event_type": EVENT_TYPE, "event_payload": {"key": row.key}}


def find_posted(client: WebClient, row: Notification, since: datetime, errors: tuple) -> tuple[str, str] | None:
    """(channel, ts) of the row's post since `since`, or None: not there, or the history could not be read
    (`errors`: what Slack or the network may raise), in which case it is posted again."""
    try:
        channel = row.target
        if channel.startswith(("U", "W")):
            channel = client.conversations_open(users=row.target)["channel"]["id"]
        history = _history(client, channel, since)
    except errors as err:
        log.warning("could not check whether notification %s was posted (%s); sending it again", row.id, err)
        return None
    for message in history.get("messages") or []:
        meta = message.get("metadata") or {}
        if meta.get("event_type") == EVENT_TYPE and meta.get("event_payload", {}).get("key") == row.key:
            return channel, message["ts"]
    return None


def _history(client: WebClient, channel: str, since: datetime) -> SlackResponse:
    """The conversation since `since`. Reading it needs the bot in the channel; a public channel it
    posted in without joining (chat:write.public) it joins first, then reads."""

    def read() -> SlackResponse:
        return client.conversations_history(
            channel=channel, oldest=f"{since.timestamp():.6f}", include_all_metadata=True, limit=200
        )

    try:
        return read()
    except SlackApiError as err:
        if err.response.get("error") != "not_in_channel":
            raise
    client.conversations_join(channel=channel)
    return read()
