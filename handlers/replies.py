"""Answering people: the shapes of replies, an ephemeral that falls back to a DM, posts and files in a
mission's channel, and the apology for what went wrong."""

from __future__ import annotations

import logging
from datetime import date

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.blocks import context, section
from bot.daysoff import off_note
from bot.errors import UserError
from bot.i18n import format_day, t
from bot.slacktext import escape
from handlers.identity import InMission, Who
from storage.models import id_of

log = logging.getLogger(__name__)
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived"}
APOLOGY = f"{t('en', 'error.unexpected')} / {t('fr', 'error.unexpected')}"  # who asked is not known here


def error_text(err: UserError, lang: str) -> str:
    """The message for a user error, with whatever the user typed made inert and days written whole (with
    their year: an error is no place to guess which one)."""
    return t(
        lang,
        err.key,
        **{k: format_day(v, lang, None) if isinstance(v, date) else escape(str(v)) for k, v in err.params.items()},
    )


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


def tell_user(respond) -> None:
    """The apology, where there is somewhere to send it; reporting must never raise."""
    if respond is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, text=APOLOGY)
    except Exception:  # noqa: BLE001
        log.warning("could not tell the user about the error")


def permalink(client: WebClient, channel: str | None, ts: str | None) -> str | None:
    """The link to a message (None before it is posted, or where Slack gives none: what links to it is still
    made, only without the link)."""
    if not channel or not ts:
        return None
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackApiError as err:
        log.info("no permalink for %s %s: %s", channel, ts, err.response.get("error"))
        return None


def announced(who: InMission, request: str, respond) -> None:
    """Deliver at once the announcement a change planned (bot.outbox.Announce) and the rest of what is due
    for the mission; if Slack refused it, say how to fix it; if it waits for a retry, say it will follow."""
    who.services.courier.deliver(who.mission.team_id, "mission", id_of(who.mission))
    state, error = who.services.outbox.post_state(who.mission, request)
    if state in ("failed", "dropped"):
        log.info("%s: the post was not taken (%s)", request, error)  # Slack's word is for the log, not for people
        text = t(who.lang, "error.not_in_channel") if error in CANNOT_POST else t(who.lang, "post.refused")
        respond(response_type="ephemeral", replace_original=False, text=text)
    elif state in ("pending", "sending"):
        respond(response_type="ephemeral", replace_original=False, text=t(who.lang, "post.later"))


def warn_day_off(days: list[date], who: InMission, reply) -> None:
    """Tell whoever set a date that falls on a day off (the first such), with the nearest working day."""
    if (note := off_note(days, who.mission_ctx)) is not None:
        reply(response_type="ephemeral", replace_original=False, text=note)


def upload(
    client: WebClient, channel: str, *, file: bytes, filename: str, title: str, initial_comment: str
) -> str | None:
    """Share a file in `channel`; None if done, else what went wrong. Sharing needs the bot in the
    channel: where it is not, it joins (a public channel) and tries once more. Every failure is an
    answer here, the byte upload's SlackRequestError as much as Slack's refusals."""
    for attempt in (1, 2):
        try:
            client.files_upload_v2(
                channel=channel, file=file, filename=filename, title=title, initial_comment=initial_comment
            )
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
