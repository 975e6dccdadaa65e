"""Who is asking: their profile (users.info, cached), the mission of the channel a request acts in, their
language and time zone; and the people a request names, checked to be real."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import FieldError, FormGone, NotFound
from bot.i18n import language
from bot.people.values import Profile
from bot.permissions import admin_here, guest_of, is_a_person
from bot.reach import Reach
from bot.services import Services
from storage.models import Meeting, Milestone, Mission

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Who:
    services: Services
    team_id: str  # the workspace whose data the request reaches: the mission's owner, else the asker's own
    user_id: str
    tz: ZoneInfo
    lang: str
    now: datetime
    mission: Mission | None
    workspace: str  # the asker's workspace, as Slack says
    profile: Profile
    came_from: str | None = None  # the mission channel the request came from (a form's: as recorded)
    admin: bool = False  # an admin of the workspace that owns the mission: may always repair its setup
    guest: bool = False  # of another organisation than the one that owns the mission (Slack Connect)
    form: dict = field(default_factory=dict)  # what a submitted form was opened for (bot.modals)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def mission_tz(self) -> ZoneInfo:
        return ZoneInfo(self.mission.timezone)

    @property
    def reach(self) -> Reach:
        return Reach(self.user_id, self.workspace, self.came_from)


def identify(context: BoltContext, client: WebClient, *, create: bool = False, view: dict | None = None) -> Who:
    """The requesting user with their profile, and the mission of the channel Slack says the request came
    from (`create`: made if the channel has none yet, for commands and shortcuts). A form's submission has no
    channel: its mission is the one recorded when the form was opened (`view`; raises `FormGone` when there
    is no such record for this person), never one its private_metadata names.

    `Who.team_id` is the workspace whose data the request reaches: the one that owns the mission (a Slack
    Connect channel is shared, its mission too), or else the requester's own. Slack sends a workspace only
    requests from channels it is in."""
    services: Services = context["services"]
    asking = context.team_id or context.enterprise_id
    opened = None
    if view is not None:
        opened = services.modals.opened(view.get("external_id") or "", team_id=asking, user_id=context.user_id)
        if opened is None:
            raise FormGone("form.gone")
    channel = opened.channel if opened else context.channel_id
    profile = services.people.profile(asking, context.user_id, lambda uid: fetch_profile(client, uid))
    if channel and create:
        mission = services.missions.for_channel(asking, channel, enterprise_id=context.enterprise_id,
                                                locale=profile.locale)
    else:
        mission = services.missions.in_channel(channel) if channel else None
    who = Who(services=services, team_id=asking, user_id=context.user_id,
              tz=profile.zone(services.missions.default_timezone), lang=language(profile.locale, "en"),
              now=services.clock.now(), mission=None, workspace=asking, profile=profile,
              form=opened.meta if opened else {})
    return in_mission(who, mission) if mission else who


def in_mission(who: Who, mission: Mission) -> Who:
    """The same person, now acting in `mission`: the request came from its channel, or reached it (a button
    in a DM names an action of it); their rights there as an admin or a guest."""
    profile, owner = who.profile, {"owner": mission.team_id}
    return replace(
        who, team_id=mission.team_id, mission=mission, came_from=mission.channel_id,
        tz=profile.zone(mission.timezone), lang=language(profile.locale, mission.language),
        admin=admin_here(admin=profile.is_admin, home_team=profile.home_team, **owner),
        guest=guest_of(home_team=profile.home_team, home_enterprise=profile.home_enterprise,
                       owner_enterprise=mission.enterprise_id, **owner),
    )


def reach_action(who: Who, action_id: object) -> tuple[Who, int]:
    """The person acting in the mission of the action a button or a form names, and its number, if the
    request reaches it (bot.reach): else "gone", as if it did not exist."""
    mission, number = who.services.actions.reach(who.reach, _id(action_id, "error.gone"))
    return in_mission(who, mission), number


def reach_meeting(who: Who, meeting_id: object) -> tuple[Who, Meeting]:
    mission, meeting = who.services.meetings.reach(who.reach, _id(meeting_id, "meeting.gone"))
    return in_mission(who, mission), meeting


def reach_milestone(who: Who, milestone_id: object) -> tuple[Who, Milestone]:
    mission, milestone = who.services.phases.reach_milestone(who.reach, _id(milestone_id, "phase.milestone_gone"))
    return in_mission(who, mission), milestone


def reach_mission(who: Who, channel_id: object) -> Who:
    """The person acting in the mission of the channel a button names (the digest's, in its director's DM)."""
    return in_mission(who, who.services.missions.reach(who.reach, str(channel_id)))


def _id(value: object, gone: str) -> int:
    """An id a payload carries: a row's number (a positive 32-bit integer), or else it names nothing."""
    try:
        number = int(str(value))
    except ValueError:
        raise NotFound(gone) from None
    if not 0 < number < 2**31:
        raise NotFound(gone)
    return number


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
