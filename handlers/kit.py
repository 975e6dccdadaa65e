"""What every feature's listeners share: who is asking (in which mission, language and time zone), acking
at once and working after, the shapes of replies, and posting to a channel or redrawing App Homes."""
from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.blocks import context, section
from bot.errors import FieldError, UserError
from bot.home.blocks import home_view
from bot.i18n import language, t
from bot.people.values import Profile
from bot.permissions import is_a_person
from bot.services import Services
from bot.slacktext import escape, with_names
from storage.models import Mission

log = logging.getLogger(__name__)
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived"}
APOLOGY = f"{t('en', 'error.unexpected')} / {t('fr', 'error.unexpected')}"  # who asked is not known here


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


def error_text(err: UserError, lang: str) -> str:
    """The message for a user error, with whatever the user typed made inert."""
    return t(lang, err.key, **{k: escape(str(v)) for k, v in err.params.items()})


def ephemeral(message: str | dict) -> dict:
    """A `respond` payload only the requesting user sees, leaving the original message alone."""
    payload = {"text": message} if isinstance(message, str) else message
    return {"response_type": "ephemeral", "replace_original": False, **payload}


def ephemeral_to(client: WebClient, who: Who, channel: str):
    """A `reply` for work done after a modal closed (no response_url there): see `tell`."""
    def reply(text: str = "", blocks: list | None = None, **_: object) -> None:
        tell(client, who.user_id, who.lang, channel, text, blocks)
    return reply


def tell(client: WebClient, user_id: str, lang: str, channel: str, text: str, blocks: list | None = None) -> None:
    """An ephemeral message in `channel`; where Slack refuses it (the bot is not a member, say), a DM
    with a hint to invite the bot, so the person always hears. Reporting must never raise."""
    try:
        client.chat_postEphemeral(channel=channel, user=user_id, text=text, blocks=blocks)
        return
    except SlackApiError as err:
        error = err.response.get("error")
        log.info("could not answer %s in %s (%s); sending a DM", user_id, channel, error)
    hint = [context(t(lang, "feedback.invite_hint", channel=f"<#{channel}>"))] if error in CANNOT_POST else []
    try:
        client.chat_postMessage(channel=user_id, text=text, blocks=[*(blocks or [section(text)]), *hint])
    except SlackApiError as err:
        log.warning("could not tell %s either by DM: %s", user_id, err.response.get("error"))


def join(client: WebClient, channel: str) -> bool:
    """Join a public channel (`channels:join`): ephemerals, uploads and the history read after a crash
    need the bot in it, where `chat:write.public` only lets it post. False where Slack refuses (a private
    channel needs an invitation)."""
    try:
        client.conversations_join(channel=channel)
        return True
    except SlackApiError as err:
        log.info("could not join %s: %s", channel, err.response.get("error"))
        return False


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


def field(values: dict, block_id: str) -> dict:
    """The state of a modal input block (each of ours has one element, `value`)."""
    return values.get(block_id, {}).get("value", {})


def reject(ack: Ack, block_id: str, err: UserError, lang: str, names: dict[str, str] | None = None) -> None:
    """Keep the modal open, the error shown under input `block_id`: plain text, so people by their `names`."""
    text = with_names(error_text(err, lang), names or {})
    ack(response_action="errors", errors={block_id: text[:150]})


def form_check(read: Callable[[dict, Who], object]) -> Callable[..., None]:
    """The ack of a modal whose work runs after: what `read` cannot read goes back onto the form,
    under the input to fix; a good form closes at once. (Its metadata names the mission's channel.)"""
    def check(ack: Ack, view: dict, client: WebClient, context: BoltContext) -> None:
        who = identify(context, client, json.loads(view["private_metadata"])["channel"])
        try:
            read(view, who)
        except FieldError as err:
            reject(ack, err.field, err, who.lang)
            return
        ack()
    return check


# Ack at once, work after. The app runs with `process_before_response`, so an ack function runs in the
# request's own thread and answers Slack before any database or Web API call; the work runs as a Bolt
# lazy listener on the listener executor. (Without this, a burst of commands fills the executor with
# work and new acks queue behind it.)

def ack_now(ack: Ack) -> None:
    ack()


def reported(work: Callable[..., None]) -> Callable[..., None]:
    """Lazy work whose unexpected errors are logged and told to the user, as `app.error` does for acks.
    (Bolt injects arguments by the names `work` declares; `functools.wraps` keeps them visible.)"""
    @functools.wraps(work)
    def run(**kwargs: object) -> None:
        try:
            work(**kwargs)
        except Exception:
            log.exception("unhandled error in %s", work.__name__)
            context = kwargs.get("context")
            tell_user(getattr(context, "respond", None))
    return run


def later(register: Callable, work: Callable[..., None]) -> None:
    """`later(app.command("/action"), action_command)`: ack now, run `action_command` after."""
    register(ack=ack_now, lazy=[reported(work)])


def tell_user(respond) -> None:
    """The apology, where there is somewhere to send it; reporting must never raise."""
    if respond is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, text=APOLOGY)
    except Exception:  # noqa: BLE001
        log.warning("could not tell the user about the error")


def post_to_channel(client: WebClient, who: Who, msg: dict, respond) -> None:
    """Post in the mission's channel; if Slack refuses, say how to fix it instead."""
    try:
        client.chat_postMessage(channel=who.mission.channel_id, **msg)
    except SlackApiError as err:
        if err.response.get("error") not in CANNOT_POST:
            raise
        respond(response_type="ephemeral", replace_original=False, text=t(who.lang, "error.not_in_channel"))


def upload(client: WebClient, channel: str, **file: object) -> str | None:
    """Share a file in `channel`; None if done, else what went wrong. Sharing needs the bot in the
    channel: where it is not, it joins (a public channel) and tries once more. Every failure is an
    answer here, the byte upload's SlackRequestError as much as Slack's refusals."""
    for attempt in (1, 2):
        try:
            client.files_upload_v2(channel=channel, **file)
            return None
        except SlackApiError as err:
            error = err.response.get("error") or "error"
        except (SlackRequestError, OSError) as err:  # the byte upload itself (an HTTP error, say)
            log.warning("the upload to %s failed: %s", channel, err)
            return "upload_failed"
        if attempt == 2 or error != "not_in_channel" or not join(client, channel):
            log.info("could not share a file in %s: %s", channel, error)
            return error
    return None


def draw_home(client: WebClient, services: Services, team_id: str, user_id: str, *, notice: str | None = None) -> None:
    """(Re)draw someone's Home in their own language and zone: on opening it, after they act on it
    (`notice` says what their click did), when what it shows has changed."""
    profile = services.people.profile(team_id, user_id, lambda uid: fetch_profile(client, uid))
    data = services.home.data(team_id, user_id)
    lang = language(profile.locale, "fr")
    view = home_view(data, lang, profile.zone(services.missions.default_timezone), services.clock.now(),
                     notice=notice)
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as err:  # a deactivated user, say: the change itself stands
        log.info("could not redraw the Home of %s: %s", user_id, err.response.get("error"))


def redraw_homes(client: WebClient, who: Who, people) -> None:
    """Their App Homes list their actions: keep them current, once per person however many changes
    a burst brings (each redraw reads all the Home shows)."""
    for person in dict.fromkeys(people):
        who.services.once.submit(("home", who.team_id, person), draw_home, client, who.services, who.team_id, person)
