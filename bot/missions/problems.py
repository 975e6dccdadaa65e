"""What could not be delivered, as a project director reads it: grouped by person or channel, each
with what it means and what fixes it, never Slack's error codes nor an operator's command. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.blocks import message, section, sections_of
from bot.context import Context
from bot.i18n import N_, t, tn
from bot.payloads import Json
from bot.people.blocks import hand_over_block, hand_over_select
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
LEFT_CAUSES = (CAUSES["user_disabled"], CAUSES["user_not_found"])  # the person is gone: their actions need a new owner


@dataclass(frozen=True)
class Undelivered:
    target: str  # a person or a channel
    cause: str  # a message key of CAUSES, or REFUSED
    count: int


def undelivered(failures: Iterable[tuple[str, str]]) -> list[Undelivered]:
    """(target, Slack's last error) pairs counted by target and cause, most first."""
    counted = Counter((target, CAUSES.get((error or "").split(" ")[0], REFUSED)) for target, error in failures)
    return [Undelivered(target, cause, n) for (target, cause), n in counted.most_common()]


def delivery_problems(
    channel: str, problems: Sequence[Undelivered], ctx: Context, *, owning: Collection[str] = ()
) -> Json:
    """The director's one DM of the day about what could not be delivered for the mission of `channel`; beside
    someone gone who still owns open actions there (`owning`), the choice of whom to hand them to."""
    intro = t(ctx.lang, "problems.intro", channel=f"<#{channel}>")

    def said(p: Undelivered) -> str:
        return "• " + tn(ctx.lang, p.cause, p.count, who=_named(p.target), count=p.count)

    blocks = [section(intro), *sections_of([said(p) for p in problems if p.target not in owning])]
    blocks += [
        {**section(said(p)), "block_id": hand_over_block(channel, p.target), "accessory": hand_over_select(ctx)}
        for p in problems
        if p.target in owning
    ]
    return message(intro, blocks)


def _named(target: str) -> str:
    return f"<#{target}>" if target[:1] in "CG" else mention(target)
