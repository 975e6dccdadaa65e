"""Block Kit for people: their own settings, and what their leaving asks of the director. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.actions.blocks import action_title, due_text, more_text
from bot.actions.values import ActionView
from bot.blocks import context, input_block, message, modal, option, plain, section, sections_of
from bot.context import Context
from bot.i18n import N_, t, tn
from bot.notices import Prefs
from bot.payloads import Json
from bot.slacktext import mention

REMINDER_CHOICES = {
    "before": N_("prefs.before"),
    "due": N_("prefs.due"),
    "overdue": N_("prefs.overdue"),
    "summary": N_("prefs.summary"),
}


def prefs_modal(prefs: Prefs, lang: str) -> Json:
    options = [option(t(lang, label), name) for name, label in REMINDER_CHOICES.items()]
    chosen = [o for o in options if getattr(prefs, o["value"])]
    element = {"type": "checkboxes", "action_id": "value", "options": options}
    if chosen:
        element["initial_options"] = chosen
    return modal(
        "user_prefs",
        lang,
        "modal.prefs_title",
        [context(t(lang, "prefs.intro")), input_block("reminders", t(lang, "prefs.label"), element, optional=True)],
    )


def person_left(user_id: str, channel: str, actions: Sequence[ActionView], ctx: Context) -> Json:
    """To a mission's director, once, when someone's account is deactivated: what they still owned there,
    and a way to hand it all to someone else."""
    intro = tn(
        ctx.lang, "person.left", len(actions), user=mention(user_id), channel=f"<#{channel}>", count=len(actions)
    )
    lines = [f"• {action_title(a)} · {due_text(a, ctx)}" for a in actions[:LISTED]]
    more = [context(more_text(ctx.lang, "person.more_actions", len(actions), LISTED))] if len(actions) > LISTED else []
    select = hand_over_select(ctx)
    return message(
        intro,
        [
            section(intro),
            *sections_of(lines),
            *more,
            {"type": "actions", "block_id": hand_over_block(channel, user_id), "elements": [select]},
        ],
    )


LISTED = 15  # actions listed in the director's DM; the rest are counted


def hand_over_select(ctx: Context) -> Json:
    """The director's choice of whom to hand someone's open actions to (its block names whose: hand_over_block)."""
    return {
        "type": "users_select",
        "action_id": "person_hand_over",
        "placeholder": plain(t(ctx.lang, "person.hand_over_to")),
    }


def hand_over_block(channel: str, user_id: str) -> str:
    """The block carrying the hand-over choice names the mission's channel and who left (a select has no value)."""
    return f"hand_over:{channel}:{user_id}"


def handed_over(channel: str, gone: str, to: str, actions: Sequence[ActionView], actor: str, lang: str) -> Json:
    """The channel's notice that someone's open actions now belong to someone else."""
    numbers = ", ".join(f"#{a.number}" for a in actions)
    text = tn(
        lang,
        "person.handed_over",
        len(actions),
        count=len(actions),
        numbers=numbers,
        gone=mention(gone),
        to=mention(to),
        user=mention(actor),
    )
    return message(text)


def person_away(
    user_id: str, span: tuple[date, date], channel: str, actions: Sequence[ActionView], ctx: Context
) -> Json:
    """To a mission's director: someone will be away while some of their actions there fall due."""
    intro = tn(
        ctx.lang,
        "person.away",
        len(actions),
        user=mention(user_id),
        start=ctx.day(span[0]),
        end=ctx.day(span[1]),
        channel=f"<#{channel}>",
        count=len(actions),
    )
    lines = [f"• {action_title(a)} · {due_text(a, ctx)}" for a in actions[:LISTED]]
    more = [context(more_text(ctx.lang, "person.more_actions", len(actions), LISTED))] if len(actions) > LISTED else []
    return message(intro, [section(intro), *sections_of(lines), *more, context(t(ctx.lang, "person.away_hint"))])


def away_set(span: tuple[date, date] | None, due: Sequence[tuple[ActionView, str]], ctx: Context) -> Json:
    """To whoever set (or ended, `span` None) their absence: what it changes, and their actions due meanwhile."""
    if span is None:
        return message(t(ctx.lang, "person.back"))
    text = t(ctx.lang, "person.away_set", start=ctx.day(span[0]), end=ctx.day(span[1]))
    if not due:
        return message(text)
    lines = [f"• {action_title(a)} · <#{channel}> · {due_text(a, ctx)}" for a, channel in due[:LISTED]]
    listed = [section(t(ctx.lang, "person.away_due")), *sections_of(lines), context(t(ctx.lang, "person.away_hint"))]
    return message(text, [section(text), *listed])
