"""The project director's digest as a message, and its settings form.
Pure: the mission's state in, a Block Kit message out — readable at 500 open actions, and never a
message Slack would reject (each list is cut at a count and says how many more there are)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.actions.blocks import marked, owners_text
from bot.actions.values import ActionView
from bot.blocks import MAX_BLOCKS, button, context, input_block, message, modal, option, plain, section, sections_of
from bot.context import Context
from bot.digests.values import SECTIONS, ApprovalLine, DigestData, MilestoneLine
from bot.i18n import N_, t, tn, weekday_names
from bot.payloads import Json
from bot.slacktext import escape, mention

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Mission

SHOWN = 10  # lines per list; the rest are counted

SECTION_NAMES = {
    "overdue": N_("digest.section_overdue"),
    "soon": N_("digest.section_soon"),
    "owners": N_("digest.section_owners"),
    "done": N_("digest.section_done"),
    "meetings": N_("digest.section_meetings"),
    "milestones": N_("digest.section_milestones"),
}
RHYTHM_NAMES = {
    "weekly": N_("digest.rhythm_name_weekly"),
    "daily": N_("digest.rhythm_name_daily"),
    "off": N_("digest.rhythm_name_off"),
}
RHYTHMS = {"weekly": N_("digest.rhythm_weekly"), "daily": N_("digest.rhythm_daily"), "off": N_("digest.rhythm_off")}


OWNERS_SHOWN = 15


TEXT_SHOWN = 90  # characters of an action's text in a digest line (its number leads to the rest)


def _short(action: ActionView) -> str:
    text = action.text if len(action.text) <= TEXT_SHOWN else action.text[: TEXT_SHOWN - 1] + "…"
    return f"*#{action.number}* {escape(text)}"


def _late(action: ActionView, today: date, lang: str) -> str:
    """How many days an overdue action is late (one without a due date never is)."""
    days = (today - action.due_date).days if action.due_date else 0
    return t(lang, "digest.late_today") if days <= 0 else tn(lang, "digest.days_late", days, days=days)


def _due_day(action: ActionView, ctx: Context) -> str:
    return ctx.day_md(action.due_date) if action.due_date else t(ctx.lang, "action.no_due")


def _trend(now_count: int, before: int) -> str:
    delta = now_count - before
    return "=" if delta == 0 else (f"▲{delta}" if delta > 0 else f"▼{-delta}")


def _listing(title: str, lines: list[str], lang: str) -> list[Json]:
    if not lines:
        return []
    shown = lines[:SHOWN]
    blocks = sections_of([f"*{title}*", *shown])
    if len(lines) > SHOWN:
        blocks.append(context(t(lang, "digest.more", count=len(lines) - SHOWN)))
    return blocks


def digest_message(data: DigestData, ctx: Context) -> Json:
    lang = ctx.lang
    by_due = sorted(data.open, key=lambda a: (a.due_at is None, a.due_at or ctx.now))
    overdue = [a for a in by_due if a.overdue(ctx.now)]
    soon = [a for a in by_due if a.due_at and ctx.now < a.due_at <= ctx.now + timedelta(days=7)]
    health = t(
        lang,
        "digest.health",
        open=tn(
            lang,
            "digest.health_open",
            len(data.open),
            open=len(data.open),
            open_trend=_trend(len(data.open), data.open_a_week_ago),
        ),
        overdue=t(
            lang,
            "digest.health_overdue",
            overdue=len(overdue),
            overdue_trend=_trend(len(overdue), data.overdue_a_week_ago),
        ),
        done=tn(lang, "digest.health_done", len(data.done), done=len(data.done)),
        soon=tn(lang, "digest.health_soon", len(soon), soon=len(soon)),
    )
    blocks: list[Json] = [
        {"type": "header", "text": plain(t(lang, "digest.title"))},
        section(f"<#{data.channel}> · {health}"),
    ]

    def owners(action: ActionView) -> str:
        return owners_text(action.owners, data.marks, ctx)

    def wanted(name: str, built: list[Json]) -> list[Json]:
        return built if name in data.sections else []

    blocks += wanted(
        "overdue",
        _listing(
            t(lang, "digest.overdue"),
            [f"• {_short(a)} — {owners(a)} — {_late(a, ctx.today, lang)}" for a in overdue],
            lang,
        ),
    )
    blocks += wanted(
        "soon",
        _listing(
            t(lang, "digest.soon"),
            [f"• {_short(a)} — {owners(a)} — {_due_day(a, ctx)}" for a in soon],
            lang,
        ),
    )
    per_owner = Counter(o for a in data.open for o in a.owners)
    late_owner = Counter(o for a in overdue for o in a.owners)
    owner_lines = [
        tn(lang, "digest.owner_line", n, owner=marked(o, data.marks, ctx), open=n, overdue=late_owner[o])
        for o, n in sorted(per_owner.items(), key=lambda kv: (-late_owner[kv[0]], -kv[1], kv[0]))
    ]
    if owner_lines and "owners" in data.sections:
        blocks += sections_of([f"*{t(lang, 'digest.by_owner')}*", *owner_lines[:OWNERS_SHOWN]])
        if len(owner_lines) > OWNERS_SHOWN:
            blocks.append(
                context(
                    tn(
                        lang,
                        "digest.more_owners",
                        len(owner_lines) - OWNERS_SHOWN,
                        count=len(owner_lines) - OWNERS_SHOWN,
                    )
                )
            )
    blocks += wanted(
        "done", _listing(t(lang, "digest.done"), [f"• {_short(a)} — {owners(a)}" for a in data.done], lang)
    )
    blocks += wanted(
        "meetings",
        _listing(
            t(lang, "digest.meetings"),
            [
                f"• {escape(m.title)} — {ctx.moment_md(m.start)} — "
                f"{tn(lang, 'digest.agenda', m.agenda_items, count=m.agenda_items)}"
                for m in data.meetings
            ],
            lang,
        ),
    )
    blocks += wanted(
        "meetings",
        _listing(t(lang, "digest.approvals"), [_approval_line(a, ctx) for a in data.approvals], lang),
    )
    blocks += wanted(
        "milestones", _listing(t(lang, "digest.milestones"), [_milestone_line(m, ctx) for m in data.milestones], lang)
    )
    elements = [
        button(t(lang, "digest.full_list"), "digest_full_list", data.channel),
        {"type": "users_select", "action_id": "digest_nudge", "placeholder": plain(t(lang, "digest.nudge"))},
    ]
    shown = [name for name in SECTIONS if name in data.sections]
    if shown:
        elements.append(
            {
                "type": "static_select",
                "action_id": "digest_mute",
                "placeholder": plain(t(lang, "digest.mute")),
                "options": [option(t(lang, SECTION_NAMES[n]), n) for n in shown],
            }
        )
    blocks.append({"type": "actions", "block_id": f"digest:{data.channel}", "elements": elements})
    if len(blocks) > MAX_BLOCKS:  # cannot happen with the caps above, but never send what Slack rejects
        blocks = [*blocks[: MAX_BLOCKS - 1], blocks[-1]]
    return message(f"{t(lang, 'digest.title')} — {health}", blocks)


def _approval_line(a: ApprovalLine, ctx: Context) -> str:
    since = ctx.day(a.since.astimezone(ctx.tz).date()) if a.since else "—"
    return t(
        ctx.lang,
        "digest.approval_line",
        title=escape(a.title),
        day=ctx.day(a.start.astimezone(ctx.tz).date()),
        version=a.version,
        who=mention(a.validator) if a.validator else t(ctx.lang, "canvas.nobody"),
        since=since,
    )


def personal_message(user: str, data: DigestData, ctx: Context) -> Json:
    """What someone who is not the director sees: their own open, overdue and coming actions."""
    mine = [a for a in data.open if user in a.owners]
    overdue = [a for a in mine if a.overdue(ctx.now)]
    lines = [
        f"• {_short(a)} — " + (f":warning: {_late(a, ctx.today, ctx.lang)}" if a.overdue(ctx.now) else _due_day(a, ctx))
        for a in sorted(mine, key=lambda a: (a.due_at is None, a.due_at or ctx.now))
    ]
    head = tn(ctx.lang, "digest.personal", len(mine), open=len(mine), overdue=len(overdue))
    blocks: list[Json] = [section(head), *_listing(t(ctx.lang, "digest.yours"), lines, ctx.lang)]
    return message(head, blocks)


def settings_modal(mission: Mission, lang: str) -> Json:
    """`/digest settings` alone: rhythm, day, time and sections, as they are now."""

    def options(pairs: Iterable[tuple[str, str]]) -> list[Json]:
        return [option(label, value) for value, label in pairs]

    rhythms = options((r, t(lang, name)) for r, name in RHYTHM_NAMES.items())
    days = options((str(i + 1), name) for i, name in enumerate(weekday_names(lang)))
    sections = options((n, t(lang, SECTION_NAMES[n])) for n in SECTIONS)
    chosen = [o for o in sections if o["value"] in mission.digest_sections.split()]
    boxes = {"type": "checkboxes", "action_id": "value", "options": sections}
    if chosen:
        boxes["initial_options"] = chosen
    return modal(
        "digest_settings",
        lang,
        "modal.digest_title",
        blocks=[
            input_block(
                "rhythm",
                t(lang, "modal.digest_rhythm"),
                {
                    "type": "static_select",
                    "action_id": "value",
                    "options": rhythms,
                    "initial_option": next(o for o in rhythms if o["value"] == mission.digest_rhythm),
                },
            ),
            input_block(
                "day",
                t(lang, "modal.digest_day"),
                {
                    "type": "static_select",
                    "action_id": "value",
                    "options": days,
                    "initial_option": days[mission.digest_weekday - 1],
                },
            ),
            input_block(
                "time",
                t(lang, "modal.digest_time"),
                {"type": "timepicker", "action_id": "value", "initial_time": mission.digest_time},
            ),
            input_block("sections", t(lang, "modal.digest_sections"), boxes, optional=True),
        ],
    )


def _milestone_line(milestone: MilestoneLine, ctx: Context) -> str:
    mark = ":red_circle:" if milestone.due_on < ctx.today else ":hourglass_flowing_sand:"
    owner = f" — {mention(milestone.owner)}" if milestone.owner else ""
    return f"• {mark} *M{milestone.number} {escape(milestone.name)}* — {ctx.day_md(milestone.due_on)}{owner}"
