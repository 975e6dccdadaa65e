"""What Slack says of a mission's channel: archived or unarchived, the bot removed or invited back, renamed
(public channels' `channel_*` events, private ones' `group_*`). Each goes through the inbox like any request and
reaches only the mission of the channel it names, from the workspace it came from (bot/missions/channel_life.py)."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.services import Services
from handlers.listeners import later
from storage.models import Mission, id_of


def register(app: App) -> None:
    for kind in ("channel", "group"):
        later(app.event(f"{kind}_archive"), on_archive)
        later(app.event(f"{kind}_unarchive"), on_unarchive)
        later(app.event(f"{kind}_rename"), on_rename)
        later(app.event(f"{kind}_left"), on_bot_left)  # sent to the bot itself when it is removed
    later(app.event("member_left_channel"), on_member_left)
    later(app.event("member_joined_channel"), on_member_joined)


def on_archive(event: dict, context: BoltContext) -> None:
    _deliver(context, _services(context).channels.archived(_team(context), event["channel"], archived=True))


def on_unarchive(event: dict, context: BoltContext) -> None:
    _deliver(context, _services(context).channels.archived(_team(context), event["channel"], archived=False))


def on_rename(event: dict, context: BoltContext) -> None:
    channel = event["channel"]  # {id, name, created}: the channel as it is now called
    _services(context).channels.renamed(_team(context), channel["id"], channel["name"])


def on_bot_left(event: dict, context: BoltContext) -> None:
    _deliver(context, _services(context).channels.bot_member(_team(context), event["channel"], member=False))


def on_member_left(event: dict, context: BoltContext) -> None:
    if event.get("user") == context.bot_user_id:
        _deliver(context, _services(context).channels.bot_member(_team(context), event["channel"], member=False))


def on_member_joined(event: dict, context: BoltContext) -> None:
    if event.get("user") == context.bot_user_id:
        _deliver(context, _services(context).channels.bot_member(_team(context), event["channel"], member=True))


def _services(context: BoltContext) -> Services:
    services: Services = context["services"]
    return services


def _team(context: BoltContext) -> str:
    """The workspace the event came from (its Grid organisation's, for an org-wide install)."""
    return context.team_id or context.enterprise_id or ""


def _deliver(context: BoltContext, changed: Mission | None) -> None:
    """The director's notice of a mission held or resumed, at once from this process, as a change's rows are
    (a clock would, later)."""
    if changed is not None:
        _services(context).courier.deliver(changed.team_id, "mission", id_of(changed))
