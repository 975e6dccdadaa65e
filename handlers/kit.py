"""Who is asking, in which mission, in which language and time zone."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.errors import UserError
from bot.i18n import language, t
from bot.people.values import Profile
from bot.services import Services
from bot.slacktext import escape
from storage.models import Mission


@dataclass(frozen=True)
class Who:
    services: Services
    team_id: str
    user_id: str
    tz: ZoneInfo
    lang: str
    now: datetime
    mission: Mission | None

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def mission_tz(self) -> ZoneInfo:
        return ZoneInfo(self.mission.timezone)


def identify(context: BoltContext, client: WebClient, channel_id: str | None = None) -> Who:
    """The requesting user with their profile, and the mission of `channel_id` if given."""
    services: Services = context["services"]
    team_id = context.team_id or context.enterprise_id
    profile = services.people.profile(team_id, context.user_id, lambda uid: fetch_profile(client, uid))
    mission = services.missions.for_channel(team_id, channel_id, locale=profile.locale) if channel_id else None
    return Who(
        services=services, team_id=team_id, user_id=context.user_id,
        tz=profile.zone(mission.timezone if mission else services.missions.default_timezone),
        lang=language(profile.locale, mission.language if mission else "en"),
        now=services.clock.now(), mission=mission,
    )


def in_mission(who: Who, mission: Mission) -> Who:
    """The same person, now acting on `mission` (a button points at an action elsewhere)."""
    return Who(who.services, who.team_id, who.user_id, who.tz, who.lang, who.now, mission)


def fetch_profile(client: WebClient, user_id: str) -> Profile:
    user = client.users_info(user=user_id, include_locale=True)["user"]
    return Profile(user.get("tz"), user.get("locale"))


def error_text(err: UserError, lang: str) -> str:
    """The message for a user error, with whatever the user typed made inert."""
    return t(lang, err.key, **{k: escape(str(v)) for k, v in err.params.items()})


def ephemeral(message: str | dict) -> dict:
    """A `respond` payload only the requesting user sees, leaving the original message alone."""
    payload = {"text": message} if isinstance(message, str) else message
    return {"response_type": "ephemeral", "replace_original": False, **payload}


def slash(parse: Callable[[str, Who], object], run: Callable[..., None]) -> Callable[..., None]:
    """A slash-command listener: who asks, in which mission, their text parsed and the command run;
    input that cannot be read gets its explanation back, only to them."""
    def listener(command: dict, client: WebClient, context: BoltContext, respond) -> None:
        who = identify(context, client, command["channel_id"])
        try:
            run(parse(command["text"], who), who, client, respond, command["trigger_id"])
        except UserError as err:
            respond(**ephemeral(error_text(err, who.lang)))
    return listener
