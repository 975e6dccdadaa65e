"""Block Kit for phases and milestones. Pure; user text escaped here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.blocks import MAX_SECTION, button, context, input_block, message, modal, plain, section
from bot.context import Context
from bot.i18n import N_, format_day, t, tn
from bot.payloads import Json
from bot.phases.values import PhaseChange, Plan
from bot.slacktext import escape, mention

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Milestone, Phase

MAX_TIMELINE_BLOCKS = 45

MILESTONE_CHANGED = {
    "done": N_("phase.milestone_done"),
    "reopen": N_("phase.milestone_reopen"),
    "delete": N_("phase.milestone_delete"),
}


def milestone_title(milestone: Milestone) -> str:
    return f"*M{milestone.number} {escape(milestone.name)}*"


def phase_title(phase: Phase) -> str:
    return f"*{phase.number}. {escape(phase.name)}*"


def status_mark(milestone: Milestone, today: date) -> str:
    if milestone.status == "done":
        return ":white_check_mark:"
    return ":red_circle:" if milestone.due_on < today else ":hourglass_flowing_sand:"


def milestone_line(milestone: Milestone, lang: str, today: date) -> str:
    owner = f" — {mention(milestone.owner_id)}" if milestone.owner_id else ""
    return (
        f"{status_mark(milestone, today)} {milestone_title(milestone)} — "
        f"{format_day(milestone.due_on, lang, today)}{owner}"
    )


def countdown(due_on: date, today: date, lang: str) -> str:
    days = (due_on - today).days
    if days == 1:
        return t(lang, "phase.tomorrow")
    if days > 0:
        return t(lang, "phase.in_days", days=days)
    if days == -1:
        return t(lang, "phase.late_day")
    return t(lang, "phase.today") if days == 0 else t(lang, "phase.late_days", days=-days)


def phase_created(phase: Phase, ctx: Context) -> Json:
    text = t(
        ctx.lang,
        "phase.created",
        phase=phase_title(phase),
        start=ctx.day_md(phase.starts_on),
        end=ctx.day_md(phase.ends_on),
    )
    return message(text)


def milestone_created(milestone: Milestone, phase: Phase | None, ctx: Context, days: str) -> Json:
    where = f" ({phase_title(phase)})" if phase else ""
    text = t(
        ctx.lang,
        "phase.milestone_created",
        milestone=milestone_title(milestone),
        where=where,
        due=ctx.day_md(milestone.due_on),
        days=days.replace(" ", ", "),
        owner=t(ctx.lang, "phase.owner_clause", owner=mention(milestone.owner_id))
        if milestone.owner_id
        else t(ctx.lang, "phase.no_owner"),
    )
    return message(text, [section(text), done_button(milestone, ctx.lang)])


def phase_changed(change: PhaseChange, ctx: Context) -> Json:
    """A phase moved or edited, as the channel reads it, with the milestones that moved with it."""
    phase = change.phase
    text = t(
        ctx.lang,
        "phase.changed",
        phase=phase_title(phase),
        start=ctx.day_md(phase.starts_on),
        end=ctx.day_md(phase.ends_on),
    )
    lines = [
        t(
            ctx.lang,
            "phase.milestone_moved",
            milestone=milestone_title(m),
            before=ctx.day_md(was),
            due=ctx.day_md(m.due_on),
        )
        for m, was in change.moved
    ]
    follow = t(ctx.lang, "phase.milestones_followed") if lines else t(ctx.lang, "phase.no_milestone_moved")
    return message(text, [section(text), section("\n".join([follow, *lines])[:MAX_SECTION])])


def milestone_edited(milestone: Milestone, *, actor: str, ctx: Context) -> Json:
    """The channel's notice of a milestone handed over, renamed or re-dated: the milestone as it now is."""
    owner = (
        t(ctx.lang, "phase.owner_clause", owner=mention(milestone.owner_id))
        if milestone.owner_id
        else t(ctx.lang, "phase.no_owner")
    )
    text = t(
        ctx.lang,
        "phase.milestone_edited",
        milestone=milestone_title(milestone),
        due=ctx.day_md(milestone.due_on),
        owner=owner,
        user=mention(actor),
    )
    return message(text, [section(text), done_button(milestone, ctx.lang)])


def done_button(milestone: Milestone, lang: str) -> Json:
    return {
        "type": "actions",
        "block_id": f"milestone:{milestone.id}",
        "elements": [button(t(lang, "phase.mark_done"), "milestone_done", str(milestone.id), "primary")],
    }


def timeline(plan: Plan, ctx: Context) -> Json:
    """The mission plan as text: phases in order with their milestones, where ctx.today falls."""
    if not plan.phases and not plan.loose:
        return message(t(ctx.lang, "phase.none"))
    blocks: list[Json] = [{"type": "header", "text": plain(t(ctx.lang, "phase.timeline"))}]
    for phase, milestones in plan.phases:
        state = t(ctx.lang, "phase.now") if phase.starts_on <= ctx.today <= phase.ends_on else ""
        head = (f"{phase_title(phase)} {ctx.day(phase.starts_on)} → {ctx.day(phase.ends_on)} {state}").strip()
        lines = [head, *(milestone_line(m, ctx.lang, ctx.today) for m in milestones)]
        blocks.append(section("\n".join(lines)[:MAX_SECTION]))
    if plan.loose:
        blocks.append(
            section(
                "\n".join(
                    [f"*{t(ctx.lang, 'phase.loose')}*", *(milestone_line(m, ctx.lang, ctx.today) for m in plan.loose)]
                )[:MAX_SECTION]
            )
        )
    if len(blocks) > MAX_TIMELINE_BLOCKS:
        hidden = len(blocks) - MAX_TIMELINE_BLOCKS
        blocks = [*blocks[:MAX_TIMELINE_BLOCKS], context(tn(ctx.lang, "phase.more", hidden, count=hidden))]
    blocks.append(context(t(ctx.lang, "phase.today_is", today=format_day(ctx.today, ctx.lang, ctx.today))))
    return message(t(ctx.lang, "phase.timeline"), blocks)


def milestone_alert(
    milestone: Milestone,
    phase: Phase | None,
    *,
    kind: str,
    ctx: Context,
    late_since: str | None = None,
    dm_about: str | None = None,
) -> Json:
    """Before, on and after a milestone's date; to the director, the escalation. By DM, `dm_about` names
    the mission's channel."""
    key = {
        "milestone.alert": N_("phase.alert"),
        "milestone.late": N_("phase.alert_late"),
        "milestone.escalation": N_("phase.escalation"),
    }[kind]
    where = f" ({phase_title(phase)})" if phase else ""
    owner = (
        t(ctx.lang, "phase.owner_sentence", owner=mention(milestone.owner_id))
        if milestone.owner_id
        else t(ctx.lang, "phase.no_owner_sentence")
    )
    text = t(
        ctx.lang,
        key,
        milestone=milestone_title(milestone),
        where=where,
        owner=owner,
        due=ctx.day_md(milestone.due_on),
        when=countdown(milestone.due_on, ctx.today, ctx.lang),
    )
    if dm_about:
        text += "\n" + t(ctx.lang, "channel.line", channel=f"<#{dm_about}>")
    blocks = [section(text), done_button(milestone, ctx.lang)]
    if late_since:
        blocks.append(context(late_since))
    return message(text, blocks)


def phase_modal(lang: str) -> Json:
    """The form behind `/phase` alone: a new phase."""
    return modal(
        "phase_create",
        lang,
        "modal.phase_title",
        submit_key=N_("modal.create"),
        blocks=[
            input_block(
                "name",
                t(lang, "modal.phase_name"),
                {"type": "plain_text_input", "action_id": "value", "max_length": 150},
            ),
            input_block("start", t(lang, "modal.phase_start"), {"type": "datepicker", "action_id": "value"}),
            input_block("end", t(lang, "modal.phase_end"), {"type": "datepicker", "action_id": "value"}),
            context(t(lang, "modal.phase_hint")),
        ],
    )
