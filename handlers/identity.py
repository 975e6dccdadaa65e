"""Who is asking: their profile (users.info, cached), their language and time zone, and the mission they act
in (`InMission`): the one of the channel Slack says a request came from, the one a form was opened for, or
the one of what a button names, once reached (bot/reach.py). And the people a request names, checked real."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import Context, channel_context, mission_context
from bot.errors import FieldError, FormGone, NotFound, UserError
from bot.i18n import language
from bot.people.values import Profile
from bot.permissions import admin_here, guest_of, is_a_person
from bot.reach import Reach
from bot.services import Services
from bot.worktime import work_week
from storage.models import Meeting, Milestone, Mission

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Who:
    """The person asking, as Slack says; not (yet) acting in a mission."""

    services: Services
    team_id: str  # the workspace whose data the request reaches: the mission's owner, else the asker's own
    user_id: str
    workspace: str  # the asker's workspace, as Slack says
    profile: Profile
    ctx: Context  # what they read in: their language and zone, now (and the mission's working week, in one)
    came_from: str | None = None  # the mission channel the request came from (None: a DM, the Home)
    form: dict[str, Any] = field(default_factory=dict)  # what a submitted form was opened for (bot.modals)

    @property
    def lang(self) -> str:
        return self.ctx.lang

    @property
    def tz(self) -> ZoneInfo:
        return self.ctx.tz

    @property
    def now(self) -> datetime:
        return self.ctx.now

    @property
    def local_now(self) -> datetime:
        return self.ctx.local_now

    @property
    def reach(self) -> Reach:
        return Reach(self.user_id, self.workspace, self.came_from)


@dataclass(frozen=True, kw_only=True)
class InMission(Who):
    """The same person acting in a mission: the one of the channel the request came from, or the one of
    what it reached (bot.reach)."""

    mission: Mission
    admin: bool = False  # an admin of the workspace that owns the mission: may always repair its setup
    guest: bool = False  # of another organisation than the one that owns the mission (Slack Connect)

    @property
    def mission_ctx(self) -> Context:
        """The mission's words at its clock, no date tokens: for what is not a channel post (see `channel_ctx`)."""
        return mission_context(self.mission, self.now)

    @property
    def channel_ctx(self) -> Context:
        """What the mission's channel reads: its words, with its times as date tokens (bot.context)."""
        return channel_context(self.mission, self.now)

    @property
    def mission_clock(self) -> Context:
        """The asker's language at the mission's clock: for its sittings, which happen where it is."""
        return self.ctx.read_by(self.lang, self.mission_tz)

    @property
    def mission_tz(self) -> ZoneInfo:
        return self.mission_ctx.tz


def services_of(context: BoltContext) -> Services:
    """The use cases, which the app's middleware puts in every request's context."""
    services = context["services"]
    if not isinstance(services, Services):
        raise TypeError("the app's middleware sets context['services']")
    return services


def asking(context: BoltContext, client: WebClient) -> Who:
    """Who asks, with their profile (users.info, cached), and the mission channel the request came from, if
    Slack says it came from one (a click in it): what a button names is then reached from there only."""
    who = _person(context, client)
    mission = who.services.missions.in_channel(context.channel_id) if context.channel_id else None
    return replace(who, came_from=mission.channel_id) if mission else who


def in_channel(context: BoltContext, client: WebClient) -> InMission:
    """Who asks, acting in the mission of the channel Slack says a command or a shortcut came from (made
    with defaults, in their language, if the channel has none yet)."""
    who = _person(context, client)
    channel = context.channel_id
    if not channel:
        raise TypeError("commands and shortcuts come from a channel")
    mission = who.services.missions.for_channel(
        who.workspace, channel, enterprise_id=context.enterprise_id, locale=who.profile.locale
    )
    return in_mission(who, mission)


def of_form(context: BoltContext, client: WebClient, view: dict[str, Any]) -> InMission:
    """Who submits a form, acting in the mission it was opened for: a submission carries no channel, and its
    private_metadata comes back from the client; so what the bot recorded when it opened the form decides
    (`view`'s external_id). Raises `FormGone` when it has no such record for this person."""
    who = _person(context, client)
    external = view.get("external_id")
    opened = who.services.modals.opened(
        external if isinstance(external, str) else "", team_id=who.workspace, user_id=who.user_id
    )
    mission = who.services.missions.in_channel(opened.channel) if opened and opened.channel else None
    if opened is None or mission is None:
        raise FormGone("form.gone")
    return in_mission(replace(who, form=opened.meta), mission)


def of_step(context: BoltContext, client: WebClient, channel: str, requested_by: str | None) -> InMission:
    """Who runs a workflow step, acting in the mission of the channel its inputs name: the person Slack
    vouches for (bot.steps), else the workflow itself, as the bot. The channel is an id the workflow's builder
    chose: only a mission of the workspace the event came from, or one it shares, is reached; a channel
    closed to the bot is refused, since nothing done there could be posted."""
    who = _person(context, client, requested_by or context.bot_user_id or "")
    missions = who.services.missions
    mission = missions.of_workspace(who.workspace, channel)
    if mission is None and missions.in_channel(channel) and shares(client, channel):
        mission = missions.for_channel(who.workspace, channel)  # a Slack Connect channel it had not used yet
    if mission is None:
        raise NotFound("step.no_mission", channel=channel)
    if mission.channel_archived or mission.bot_removed:
        raise UserError("step.channel_closed", channel=channel)
    return in_mission(who, mission)


def shares(client: WebClient, channel: str) -> bool:
    """Whether Slack shows `channel` to the workspace whose token `client` holds as a channel it shares with
    another organisation (Slack Connect): where a step names an id, what Slack says decides."""
    try:
        seen = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as err:
        log.info("%s is not a channel this workspace sees: %s", channel, err.response.get("error"))
        return False
    return bool(seen.get("is_ext_shared") or seen.get("is_shared"))


def _person(context: BoltContext, client: WebClient, user_id: str | None = None) -> Who:
    services = services_of(context)
    workspace = context.team_id or context.enterprise_id or ""
    user_id = user_id if user_id is not None else context.user_id or ""
    profile = known(services, workspace, user_id, client)
    ctx = Context(
        language(profile.locale, "en"), profile.zone(services.missions.default_timezone), services.clock.now()
    )
    return Who(services=services, team_id=workspace, user_id=user_id, workspace=workspace, profile=profile, ctx=ctx)


def in_mission(who: Who, mission: Mission) -> InMission:
    """The same person, now acting in `mission`: the request came from its channel, or reached it (a button
    in a DM names an action of it); their rights there as an admin or a guest."""
    profile, owner = who.profile, {"owner": mission.team_id}
    person = {f.name: getattr(who, f.name) for f in fields(Who)}
    ctx = Context(
        language(profile.locale, mission.language), profile.zone(mission.timezone), who.now, work_week(mission)
    )
    person.update(team_id=mission.team_id, came_from=mission.channel_id, ctx=ctx)
    return InMission(
        **person,
        mission=mission,
        admin=admin_here(admin=profile.is_admin, home_team=profile.home_team, **owner),
        guest=guest_of(
            home_team=profile.home_team,
            home_enterprise=profile.home_enterprise,
            owner_enterprise=mission.enterprise_id,
            **owner,
        ),
    )


def reach_action(who: Who, action_id: object) -> tuple[InMission, int]:
    """The person acting in the mission of the action a button or a form names, and its number, if the
    request reaches it (bot.reach): else "gone", as if it did not exist."""
    mission, number = who.services.actions.reach(who.reach, _id(action_id, "error.gone"))
    return in_mission(who, mission), number


def reach_meeting(who: Who, meeting_id: object) -> tuple[InMission, Meeting]:
    mission, meeting = who.services.meetings.reach(who.reach, _id(meeting_id, "meeting.gone"))
    return in_mission(who, mission), meeting


def reach_milestone(who: Who, milestone_id: object) -> tuple[InMission, Milestone]:
    mission, milestone = who.services.phases.reach_milestone(who.reach, _id(milestone_id, "phase.milestone_gone"))
    return in_mission(who, mission), milestone


def reach_mission(who: Who, channel_id: object) -> InMission:
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
    return profile_from(user)


def profile_from(user: dict) -> Profile:
    """A Slack user object (users.info's, a `user_change` event's) as a Profile."""
    profile = user.get("profile") or {}
    name = profile.get("display_name") or user.get("real_name") or profile.get("real_name") or user.get("name")
    return Profile(
        user.get("tz"),
        user.get("locale"),
        name,
        True,
        bool(user.get("is_bot")),
        bool(user.get("deleted")),
        bool(user.get("is_admin") or user.get("is_owner")),
        user.get("team_id"),
        (user.get("enterprise_user") or {}).get("enterprise_id"),
        user.get("name"),
    )


def known(services: Services, team_id: str, user_id: str, client: WebClient) -> Profile:
    """Who someone is: as Slack said within a day, else asked again (users.info) and learnt, which re-plans
    what they get if their zone moved (People.learn); where Slack cannot be asked, as it said last."""
    cached = services.people.cached(team_id, user_id)
    if cached is not None:
        return cached
    try:
        fresh = fetch_profile(client, user_id)
    except Exception:  # Slack unreachable: an old answer, or the mission's zone, will do
        log.warning("users.info failed for %s; using cached or default profile", user_id, exc_info=True)
        return services.people.last_known(team_id, user_id) or Profile(None, None)
    return services.people.learn(team_id, user_id, fresh)


def profile_of(who: Who, client: WebClient, user_id: str) -> Profile:
    return known(who.services, who.team_id, user_id, client)


def check_people(who: Who, client: WebClient, user_ids: tuple[str, ...] | list[str]) -> None:
    """Refuse owners who are no person: a bot, a deactivated account, an id Slack does not know."""
    accounts = {uid: profile_of(who, client, uid) for uid in dict.fromkeys(user_ids)}
    refused = [uid for uid, a in accounts.items() if not is_a_person(known=a.known, is_bot=a.is_bot, deleted=a.deleted)]
    if refused:
        raise FieldError(
            "owners", "error.owner_not_a_person", owners=", ".join("@" + (accounts[uid].name or uid) for uid in refused)
        )


def names_of(who: Who, client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """Names for plain text, where Slack shows `<@U…>` as typed (an id stands for one Slack does not give)."""
    return {uid: profile_of(who, client, uid).name or uid for uid in dict.fromkeys(user_ids)}
