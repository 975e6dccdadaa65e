"""What to do when Slack says no. Pure: an error in, a decision out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError

PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "user_not_found",
    "is_archived",
    "invalid_blocks",
    "account_inactive",
    "cannot_dm_bot",
    "user_disabled",
    "msg_too_long",
    "no_text",
    "invalid_auth",
    "token_revoked",
    "not_authed",
    "restricted_action",
    "too_many_attachments",
    "invalid_metadata_format",
}
TRANSIENT = {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 8
LONGEST_RETRY_AFTER = 900  # seconds: a longer Retry-After is honoured as this long


@dataclass(frozen=True)
class Retry:
    after: timedelta
    reason: str
    rate_limited: bool = False  # a 429: the channel is paused, the attempt does not count


@dataclass(frozen=True)
class Fail:
    reason: str


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at an hour."""
    return min(BASE_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


def retry_after(headers: dict | None, default: int = 30) -> int:
    """Seconds from a Retry-After header, however the HTTP layer spelt and wrapped it."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            value = value[0] if isinstance(value, list) else value
            return min(max(int(value), 1), LONGEST_RETRY_AFTER) if str(value).isdigit() else default
    return default


def decide(error: Exception, attempts: int) -> Retry | Fail:
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        code = (error.response.get("error") if error.response else None) or f"http_{status}"
        if status == 429:
            return Retry(timedelta(seconds=retry_after(error.response.headers)), "ratelimited", rate_limited=True)
        if code in PERMANENT:
            return Fail(code)
        if status < 500 and code not in TRANSIENT:
            return Fail(code)
        reason = code
    else:
        reason = type(error).__name__
    if attempts >= MAX_ATTEMPTS:
        return Fail(f"{reason} (gave up after {attempts} attempts)")
    return Retry(backoff(attempts), UNANSWERED + reason)


UNANSWERED = "no answer: "  # a 5xx, a timeout, a dropped connection: Slack may have done it all the same


def unanswered(last_error: str | None) -> bool:
    """Whether the last attempt may have reached Slack unanswered: the next one looks before posting again."""
    return last_error is not None and last_error.startswith(UNANSWERED)
