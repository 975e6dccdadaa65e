"""The App Home view. Pure; at most 100 blocks, and it says what did not fit."""

from __future__ import annotations

from datetime import timedelta

from bot.actions.blocks import action_title, due_text, marked, more_text
from bot.actions.values import count_text
from bot.blocks import button, context, fitted, message, plain, section, sections_of
from bot.context import Context
from bot.home.values import HomeData
from bot.i18n import t, tn
from bot.payloads import Json
from bot.slacktext import escape

MAX_HOME_BLOCKS = 100


def home_view(data: HomeData, ctx: Context, notice: str | None = None) -> Json:
    """`notice`: what the click that redraws it did (a Home button has nowhere else to say it)."""
    lang = ctx.lang
    blocks: list[Json] = [{"type": "header", "text": plain(t(lang, "home.title"))}]
    if notice:
        blocks.append(context(notice))
    if not (data.actions or data.meetings or data.missions):  # no heading over nothing: how to begin
        blocks.append(section(t(lang, "home.empty")))
        return {"type": "home", "blocks": blocks}
    if data.actions:
        blocks.append(section(f"*{t(lang, 'home.actions', count=count_text(data.total_actions))}*"))
    else:
        blocks.append(context(t(lang, "home.no_actions")))
    for action, channel in data.actions:
        blocks.append(section(f"{action_title(action)} · <#{channel}>\n{due_text(action, ctx)}"))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"home:{action.id}",
                "elements": [
                    button(t(lang, "button.done"), "action_done", str(action.id), "primary"),
                    button(t(lang, "button.snooze"), "action_snooze", str(action.id)),
                ],
            }
        )
    if data.total_actions > len(data.actions):
        blocks.append(context(more_text(lang, "home.more", data.total_actions, len(data.actions))))
    blocks.append({"type": "divider"})
    lines = [f"• {escape(m.title)} · <#{channel}> — {ctx.moment(m.start)}" for m, channel in data.meetings]
    if lines:
        blocks.append(section(f"*{t(lang, 'home.meetings')}*\n" + "\n".join(lines)))
    else:
        blocks.append(context(t(lang, "home.no_meetings")))
    blocks = fitted(blocks)
    room = MAX_HOME_BLOCKS - len(blocks)  # one block per mission, and one to say what did not fit
    shown = data.missions if len(data.missions) <= room else data.missions[: room - 1]
    for glance in shown:
        parts = [f"*<#{glance.mission.channel_id}>*"]
        if glance.phase_now:
            parts.append(
                t(lang, "home.phase_now", phase=escape(glance.phase_now.name), end=ctx.day(glance.phase_now.ends_on))
            )
        if glance.next_milestone:
            m = glance.next_milestone
            parts.append(
                t(lang, "home.next_milestone", milestone=f"M{m.number} {escape(m.name)}", due=ctx.day(m.due_on))
            )
        if glance.team:
            team = sorted(glance.team.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))[:10]
            parts.append(
                t(lang, "home.team")
                + " "
                + " · ".join(
                    f"{marked(owner, glance.marks, ctx)} {n_open}/{n_late}" for owner, (n_open, n_late) in team
                )
            )
        if len(parts) == 1:  # the channel's name alone would head nothing
            parts.append(t(lang, "home.no_plan"))
        blocks.append(section("\n".join(parts)))
    if len(shown) < len(data.missions):
        blocks.append(context(t(lang, "home.more_missions", count=len(data.missions) - len(shown))))
    return {"type": "home", "blocks": blocks}


def weekly_summary(data: HomeData, ctx: Context) -> Json:
    """Monday morning, for those who asked: their open, due and late actions, and the week's meetings."""
    lang = ctx.lang
    head = tn(
        lang, "summary.head", data.total_actions, open=count_text(data.total_actions), overdue=count_text(data.overdue)
    )
    lines = [f"• {action_title(a)} · <#{channel}> — {due_text(a, ctx)}" for a, channel in data.actions]
    meetings = [f"• {escape(m.title)} · <#{channel}> — {ctx.moment(m.start)}" for m, channel in data.meetings]
    blocks = [section(head), *sections_of(lines)]
    if data.total_actions > len(data.actions):
        blocks.append(context(more_text(lang, "home.more", data.total_actions, len(data.actions))))
    week = t(lang, "summary.meetings", start=ctx.day(ctx.today), end=ctx.day(ctx.today + timedelta(days=6)))
    blocks.append(section(f"*{week}*\n" + ("\n".join(meetings) or t(lang, "home.no_meetings"))))
    return message(head, blocks)
