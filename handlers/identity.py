"""Who is asking: their profile (users.info, cached), the mission of the channel a request acts in, their
language and time zone; and the people a request names, checked to be real."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import FieldError
from bot.i18n import language
from bot.people.values import Profile
from bot.permissions import is_a_person
from bot.services import Services
from storage.models import Mission

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Who:
    services: Services
    team_id: str
    user_id: str
    tz: ZoneInfo
    lang: str
    now: datetime
    mission: Mission | None
    admin: bool = False  # a workspace admin or owner (users.info): may always repair a mission's setup

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def mission_tz(self) -> ZoneInfo:
        return ZoneInfo(self.mission.timezone)


def identify(context: BoltContext, client: WebClient, channel_id: str | None = None) -> Who:
    """The requesting user with their profile, and the mission of `channel_id` if given.

    `Who.team_id` is the workspace whose data the request reaches: the one that owns the mission of
    the channel Slack sent the request from (a Slack Connect channel is shared, its mission too), or
    else the requester's own. Slack sends a workspace only requests from channels it is in."""
    services: Services = context["services"]
    asking = context.team_id or context.enterprise_id
    profile = services.people.profile(asking, context.user_id, lambda uid: fetch_profile(client, uid))
    mission = (services.missions.for_channel(asking, channel_id, enterprise_id=context.enterprise_id,
                                             locale=profile.locale) if channel_id else None)
    home = mission or (services.missions.in_channel(context.channel_id) if context.channel_id else None)
    return Who(
        services=services, team_id=home.team_id if home else asking, user_id=context.user_id,
        tz=profile.zone(mission.timezone if mission else services.missions.default_timezone),
        lang=language(profile.locale, mission.language if mission else "en"),
        now=services.clock.now(), mission=mission, admin=profile.is_admin,
    )


def in_mission(who: Who, mission: Mission) -> Who:
    """The same person, now acting on `mission` (a button points at an action elsewhere)."""
    return Who(who.services, who.team_id, who.user_id, who.tz, who.lang, who.now, mission, who.admin)


def fetch_profile(client: WebClient, user_id: str) -> Profile:
    """users.info as a Profile; a user Slack does not know is a Profile too (`known=False`), so it is cached."""
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as err:
        if err.response.get("error") == "user_not_found":
            return Profile(None, None, known=False)
        raise
    profile = user.get("profile") or {}
    name = profile.get("display_name") or user.get("real_name") or profile.get("real_name") or user.get("name")
    return Profile(user.get("tz"), user.get("locale"), name, True, bool(user.get("is_bot")),
                   bool(user.get("deleted")), bool(user.get("is_admin") or user.get("is_owner")), user.get("team_id"),
                   (user.get("enterprise_user") or {}).get("enterprise_id"))


def profile_of(who: Who, client: WebClient, user_id: str) -> Profile:
    return who.services.people.profile(who.team_id, user_id, lambda uid: fetch_profile(client, uid))


def check_people(who: Who, client: WebClient, user_ids: tuple[str, ...] | list[str]) -> None:
    """Refuse owners who are no person: a bot, a deactivated account, an id Slack does not know."""
    accounts = {uid: profile_of(who, client, uid) for uid in dict.fromkeys(user_ids)}
    refused = [uid for uid, a in accounts.items() if not is_a_person(known=a.known, is_bot=a.is_bot, deleted=a.deleted)]
    if refused:
        raise FieldError("owners", "error.owner_not_a_person",
                         owners=", ".join("@" + (accounts[uid].name or uid) for uid in refused))


def names_of(who: Who, client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """Names for plain text, where Slack shows `<@U…>` as typed (users.info, cached)."""
    return who.services.people.names(who.team_id, user_ids, lambda uid: fetch_profile(client, uid))
