"""What could not be delivered, as a project director reads it: grouped by person or channel, each
with what it means and what fixes it, never Slack's error codes nor an operator's command. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.blocks import message, section, sections_of
from bot.context import Context
from bot.i18n import N_, t, tn
from bot.payloads import Json
from bot.slacktext import mention

CAUSES = {  # Slack's error -> what it means for the reader (a plural message with {who} and {count})
    "user_disabled": N_("problems.deactivated"),
    "account_inactive": N_("problems.deactivated"),
    "user_not_found": N_("problems.unknown_person"),
    "not_in_channel": N_("problems.not_in_channel"),
    "channel_not_found": N_("problems.not_in_channel"),
    "is_archived": N_("problems.archived"),
}
REFUSED = N_("problems.refused")  # anything else Slack refused, or kept refusing


@dataclass(frozen=True)
class Undelivered:
    target: str  # a person or a channel
    cause: str  # a message key of CAUSES, or REFUSED
    count: int


def undelivered(failures: Iterable[tuple[str, str]]) -> list[Undelivered]:
    """(target, Slack's last error) pairs counted by target and cause, most first."""
    counted = Counter((target, CAUSES.get((error or "").split(" ")[0], REFUSED)) for target, error in failures)
    return [Undelivered(target, cause, n) for (target, cause), n in counted.most_common()]


def delivery_problems(channel: str, problems: Sequence[Undelivered], ctx: Context) -> Json:
    """The director's one DM of the day about what could not be delivered for the mission of `channel`."""
    intro = t(ctx.lang, "problems.intro", channel=f"<#{channel}>")
    lines = ["• " + tn(ctx.lang, p.cause, p.count, who=_named(p.target), count=p.count) for p in problems]
    return message(intro, [section(intro), *sections_of(lines)])


def _named(target: str) -> str:
    return f"<#{target}>" if target[:1] in "CG" else mention(target)
