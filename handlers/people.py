"""People's accounts as Slack tells of them: `user_change` (a deactivation withdraws what was planned for
them and tells the directors concerned), and the director's choice of whom to hand a leaver's actions to."""

from __future__ import annotations

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import NotFound, UserError
from bot.i18n import t
from bot.services import Services
from handlers.actions import hand_over
from handlers.identity import asking, profile_from, reach_mission
from handlers.listeners import later
from handlers.replies import ephemeral, error_text


def register(app: App) -> None:
    later(app.event("user_change"), on_user_change)
    later(app.action("person_hand_over"), on_hand_over)


def on_user_change(event: dict, context: BoltContext) -> None:
    """What Slack now says of someone in this workspace, learnt at once (not a day later from the cache)."""
    services: Services = context["services"]
    user = event.get("user") or {}
    if context.team_id and isinstance(user.get("id"), str):
        services.people.learn(context.team_id, user["id"], profile_from(user))


def on_hand_over(body: dict, action: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """The director chose whom a leaver's open actions go to: in the mission the message names, if they
    may reach it; the choice made, the question goes."""
    who = asking(context, client)
    try:
        channel, gone = left_of(action["block_id"])
        who = reach_mission(who, channel)
        hand_over(who, client, respond, gone=gone, to=action["selected_user"], request=f"click:{body['trigger_id']}")
    except UserError as err:
        respond(**ephemeral(error_text(err, who.lang)))
        return
    respond(replace_original=True, text=t(who.lang, "person.handed_over_dm", to=f"<@{action['selected_user']}>"))


def left_of(block_id: str) -> tuple[str, str]:
    """The mission's channel and who left, as bot.people.blocks.hand_over_block put them."""
    kind, _, rest = block_id.partition(":")
    channel, _, user = rest.partition(":")
    if kind != "hand_over" or not channel or not user:
        raise NotFound("mission.gone")
    return channel, user
