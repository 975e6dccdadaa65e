"""Block Kit for actions: the channel message, reminders, lists, the due-date questions, the forms.
Pure: values in, JSON-ready dicts out; user text is escaped here."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.actions.grammar import MAX_ACTION_TEXT
from bot.actions.values import ActionList, ActionView, Draft, PastDue, hidden_count
from bot.blocks import MAX_OPTIONS, button, context, input_block, message, modal, option, plain, section, sections_of
from bot.context import Context
from bot.dates import When
from bot.i18n import N_, format_moment, t, tn
from bot.payloads import Json
from bot.people.values import Mark
from bot.slacktext import escape, mention

LIST_TITLES = {"mine": N_("list.mine"), "all": N_("list.all"), "overdue": N_("list.overdue"), "user": N_("list.user")}
CHANGED = {
    "done": N_("changed.done"),
    "reopen": N_("changed.reopen"),
    "assign": N_("changed.assign"),
    "due": N_("changed.due"),
    "edit": N_("changed.edit"),
    "delete": N_("changed.delete"),
    "snooze": N_("changed.snooze"),
}
REMINDERS = {
    "before": N_("reminder.before"),
    "due": N_("reminder.due"),
    "overdue": N_("reminder.overdue"),
    "due_ahead": N_("reminder.due_ahead"),
}


def more_text(lang: str, key: str, total: int, shown: int) -> str:
    """ "…and 3 more": `key` a plural message with a {count}, which reads "960+" past what was counted."""
    return tn(lang, key, total - shown, count=hidden_count(total, shown))


def due_day(action: ActionView, tz: ZoneInfo) -> date | None:
    """The day an action falls due, as its reader counts days (None: it has no due date)."""
    if action.due_all_day or action.due_at is None:
        return action.due_date
    return action.due_at.astimezone(tz).date()


def due_text(action: ActionView, ctx: Context, *, flag: bool = True) -> str:
    """The due date as people read it (mrkdwn): in a channel, as a date token each reader sees at their clock.

    `flag` adds the overdue warning (not wanted where the sentence already says it).
    """
    if action.due_at is None:
        return t(ctx.lang, "action.no_due")
    if action.due_all_day and action.due_date:
        shown = ctx.day_md(action.due_date)
    else:
        shown = ctx.moment_md(action.due_at)
    return f"{shown} :warning: _{t(ctx.lang, 'action.overdue')}_" if flag and action.overdue(ctx.now) else shown


def when_text(when: When, ctx: Context) -> str:
    if when.at is None:
        return ctx.day(when.day)
    return format_moment(datetime.combine(when.day, when.at), ctx.lang, ctx.today)


def owners_text(owners: tuple[str, ...], marks: Mapping[str, Mark] | None = None, ctx: Context | None = None) -> str:
    """The owners mentioned, each with what `marks` says of them (read in `ctx`)."""
    return ", ".join(marked(o, marks or {}, ctx) for o in owners)


def marked(user_id: str, marks: Mapping[str, Mark], ctx: Context | None) -> str:
    """`@karim (account deactivated)`, `@marie (away until Fri 20 Feb)`, or the mention alone."""
    mark = marks.get(user_id)
    if mark is None or ctx is None:
        return mention(user_id)
    return f"{mention(user_id)} ({mark_text(mark, ctx)})"


def mark_text(mark: Mark, ctx: Context) -> str:
    if mark.away_until is not None:
        return t(ctx.lang, "person.away_until", until=ctx.day(mark.away_until))
    return t(ctx.lang, "person.deactivated")


def action_title(action: ActionView) -> str:
    return f"*#{action.number}* {escape(action.text)}"


def action_blocks(action: ActionView, ctx: Context) -> list[Json]:
    title = action_title(action)
    if action.status == "done":
        title = f":white_check_mark: ~{title}~"
    owners = tn(ctx.lang, "action.owners", len(action.owners))
    blocks = [
        section(title),
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*{owners}*\n{owners_text(action.owners)}"},
                {"type": "mrkdwn", "text": f"*{t(ctx.lang, 'action.due')}*\n{due_text(action, ctx)}"},
            ],
        },
    ]
    about = t(ctx.lang, "action.created_by", user=mention(action.created_by))
    if action.link:
        about += f" · :triangular_flag_on_post: {escape(action.link)}"
    if action.permalink:
        about += f" · <{escape(action.permalink)}|{t(ctx.lang, 'action.from_message')}>"
    if action.status == "done" and action.done_at is not None:
        about += " · " + t(
            ctx.lang, "action.done_by", user=mention(action.done_by or ""), when=ctx.moment(action.done_at)
        )
    blocks.append(context(about))
    value = str(action.id)
    if action.status == "open":
        blocks.append(
            {
                "type": "actions",
                "block_id": f"action:{action.id}",
                "elements": [
                    button(t(ctx.lang, "button.done"), "action_done", value, "primary"),
                    button(t(ctx.lang, "button.snooze"), "action_snooze", value),
                    button(t(ctx.lang, "button.reassign"), "action_reassign", value),
                ],
            }
        )
    else:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"action:{action.id}",
                "elements": [
                    button(t(ctx.lang, "button.reopen"), "action_reopen", value),
                ],
            }
        )
    return blocks


def action_message(action: ActionView, ctx: Context) -> Json:
    fallback = f"#{action.number} {escape(action.text)}"
    return message(fallback, action_blocks(action, ctx))


def action_reminder(
    kind: str, action: ActionView, *, channel: str, ctx: Context, late_since: datetime | None = None
) -> Json:
    """A reminder DM: what is due, with the buttons to act on it right there."""
    due = due_text(action, ctx, flag=False)
    name = kind.split(".")[-1]
    day = due_day(action, ctx.tz)
    if name == "due" and day is not None and ctx.today < day:
        name = "due_ahead"  # the due day is not worked: the reminder came earlier and must say for when
    intro = t(ctx.lang, REMINDERS[name], number=action.number, due=due, channel=f"<#{channel}>")
    blocks = [section(intro), *action_blocks(action, ctx)]
    if late_since is not None:
        blocks.append(context(t(ctx.lang, "reminder.late", when=ctx.moment(late_since))))
    return message(f"{intro} {escape(action.text)}", blocks)


def deleted_message(action: ActionView, actor: str, lang: str) -> Json:
    text = t(lang, "action.deleted", number=action.number, text=escape(action.text), user=mention(actor))
    return message(text)


def assigned_dm(action: ActionView, *, author: str, channel: str, ctx: Context) -> Json:
    intro = t(ctx.lang, "dm.assigned", author=mention(author), number=action.number, channel=f"<#{channel}>")
    return message(f"{intro} {escape(action.text)}", [section(intro), *action_blocks(action, ctx)])


def action_list(result: ActionList, title: str, ctx: Context) -> Json:
    """One line per action, packed into sections of at most 3,000 characters."""
    blocks: list[Json] = [{"type": "header", "text": plain(title[:150])}]
    if not result.actions:
        blocks.append(section(t(ctx.lang, "list.empty")))
        return message(escape(title), blocks)
    blocks += sections_of(
        [f"• {action_title(a)} — {owners_text(a.owners)} — {due_text(a, ctx)}" for a in result.actions]
    )
    if result.total > len(result.actions):
        blocks.append(context(more_text(ctx.lang, "list.more", result.total, len(result.actions))))
    return message(escape(title), blocks)


def day_off_prompt(action: ActionView, why: str, before: date, ctx: Context) -> Json:
    """A due date on a day off, said with the working day before it as a one-click alternative (the due
    date is kept unless clicked)."""
    assert action.due_date is not None  # asked only of an action with a due date
    text = t(ctx.lang, "due.day_off", number=action.number, day=ctx.day(action.due_date), why=why)
    at = action.due_at.astimezone(ctx.tz).strftime("%H:%M") if action.due_at and not action.due_all_day else None
    value = json.dumps({"n": action.number, "d": before.isoformat(), "h": at})
    move = button(t(ctx.lang, "due.move_to", day=ctx.day(before)), "action_due_working_day", value)
    return message(text, [section(text), {"type": "actions", "block_id": "due_day_off", "elements": [move]}])


def trailing_due_prompt(plain: Draft, dated: Draft, ctx: Context, key: str) -> Json:
    """Ask whether the day a text ends with is its due date: each answer creates its draft (with `key`, the
    asking request's, so that a second click creates nothing more)."""
    assert dated.due is not None  # asked only of a day read
    due = when_text(dated.due, ctx)
    values = [json.dumps({**d.as_dict(), "k": key}, ensure_ascii=False, separators=(",", ":")) for d in (dated, plain)]
    if max(map(len, values)) > 2000:  # a button value holds 2,000 characters
        return message(t(ctx.lang, "trailing.too_long", due=due))
    yes = button(t(ctx.lang, "trailing.yes", due=due), "action_trailing_due", values[0], "primary")
    no = button(t(ctx.lang, "trailing.no"), "action_trailing_plain", values[1])
    return _question(":calendar:", t(ctx.lang, "trailing.question", due=due), dated.text, "trailing_due", [yes, no])


def past_due_prompt(past: PastDue, ctx: Context, key: str | None = None) -> Json:
    """Ask before accepting a due date that has passed (what to redo rides in the button, with `key`,
    the asking request's, so that a double click creates one action)."""
    due = when_text(past.due, ctx)
    request = {**past.request, "k": key} if key else past.request
    value = json.dumps(request, ensure_ascii=False, separators=(",", ":"))
    if len(value) > 2000:  # a button value holds 2,000 characters: ask for a new date instead
        return message(t(ctx.lang, "past.too_long", due=due))
    confirm = button(t(ctx.lang, "past.confirm"), "action_confirm_past", value, "primary")
    cancel = button(t(ctx.lang, "past.cancel"), "action_cancel_past", "cancel")
    return _question(":hourglass:", t(ctx.lang, "past.question", due=due), past.text, "past_due", [confirm, cancel])


def _question(emoji: str, question: str, text: str, block_id: str, answers: list[Json]) -> Json:
    """A question about an action's text, quoted, with its answers as buttons."""
    return message(
        question,
        [
            section(f"{emoji} {question}\n>{escape(text)}"),
            {"type": "actions", "block_id": block_id, "elements": answers},
        ],
    )


def action_modal(
    lang: str,
    *,
    author: str,
    metadata: Json | None = None,
    text: str = "",
    note: str | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> Json:
    """The form behind `/action` alone and the "Create action item" message shortcut; `links` are the
    mission's phases and open milestones, as (value, label), that the action may serve."""
    text_input = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": MAX_ACTION_TEXT}
    if text:
        text_input["initial_value"] = text
    blocks = [
        input_block("text", t(lang, "modal.text"), text_input),
        input_block(
            "owners",
            t(lang, "modal.owners"),
            {"type": "multi_users_select", "action_id": "value", "initial_users": [author]},
        ),
        input_block("due_date", t(lang, "modal.due_date"), {"type": "datepicker", "action_id": "value"}, optional=True),
        input_block("due_time", t(lang, "modal.due_time"), {"type": "timepicker", "action_id": "value"}, optional=True),
    ]
    if links:
        options = [option(label[:75], value) for value, label in links[:MAX_OPTIONS]]
        blocks.append(
            input_block(
                "link",
                t(lang, "modal.link"),
                {"type": "static_select", "action_id": "value", "options": options},
                optional=True,
            )
        )
        if len(links) > MAX_OPTIONS:  # a menu holds 100 options: say what it leaves out
            blocks.append(context(t(lang, "modal.links_more", count=len(links) - MAX_OPTIONS)))
    if note:
        blocks.insert(1, context(note))
    return modal("action_create", lang, "modal.action_title", blocks, metadata=metadata, submit_key=N_("modal.create"))


def reassign_modal(action: ActionView, lang: str, metadata: Json) -> Json:
    return modal(
        "action_reassign",
        lang,
        "modal.reassign_title",
        [
            section(action_title(action)),
            input_block(
                "owners",
                t(lang, "modal.reassign_to", number=action.number),
                {"type": "multi_users_select", "action_id": "value", "initial_users": list(action.owners)},
            ),
        ],
        metadata=metadata,
    )
