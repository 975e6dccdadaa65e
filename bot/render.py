"""Block Kit for everything Concerto posts. Pure: values in, JSON-ready dicts out.

User text is escaped here and nowhere else; sizes are kept inside Slack's limits by
construction (see `check_message`).
"""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.action_types import ActionList, ActionView, PastDue, hidden_count
from bot.dates import When
from bot.grammar import MAX_ACTION_TEXT
from bot.i18n import ACTION_HELP, CONCERTO_HELP, MEETING_HELP, PHASE_HELP, WEEKDAYS_SHORT, format_day, format_moment, t
from bot.reminders import Prefs
from bot.slacktext import escape, mention
from storage.models import Mission

MAX_BLOCKS = 50
MAX_SECTION = 3000


def section(text: str, **extra: object) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    b = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    return {**b, "style": style} if style else b


def message(text: str, blocks: list[dict] | None = None) -> dict:
    """A message payload: `text` is the notification fallback, already escaped."""
    msg = {"text": text, "blocks": blocks or [section(text)]}
    check_message(msg)
    return msg


def sections_of(lines: list[str]) -> list[dict]:
    """Lines packed into as few sections as fit 3,000 characters each."""
    blocks, chunk = [], ""
    for line in lines:
        if chunk and len(chunk) + len(line) + 1 > MAX_SECTION:
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line[:MAX_SECTION]
    if chunk:
        blocks.append(section(chunk))
    return blocks


def check_message(msg: dict) -> None:
    """Refuse, before Slack does, a message it would reject as invalid_blocks."""
    blocks = msg.get("blocks", [])
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks in one message (limit {MAX_BLOCKS})")
    for b in blocks:
        if b["type"] == "section" and len(b.get("text", {}).get("text", "")) > MAX_SECTION:
            raise ValueError("section text over 3000 characters")


# --- due dates --------------------------------------------------------------------------

def due_text(action: ActionView, lang: str, tz: ZoneInfo, now: datetime, *, flag: bool = True) -> str:
    """The due date as people read it; timed dues show in each reader's own time zone.

    `flag` adds the overdue warning (not wanted where the sentence already says it).
    """
    if action.due_at is None:
        return t(lang, "action.no_due")
    today = now.astimezone(tz).date()
    if action.due_all_day:
        shown = format_day(action.due_date, lang, today)
    else:
        fallback = format_moment(action.due_at.astimezone(tz), lang, today)
        shown = f"<!date^{int(action.due_at.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"
    return f"{shown} :warning: _{t(lang, 'action.overdue')}_" if flag and action.overdue(now) else shown


def when_text(when: When, lang: str, tz: ZoneInfo, now: datetime) -> str:
    today = now.astimezone(tz).date()
    if when.at is None:
        return format_day(when.day, lang, today)
    return format_moment(datetime.combine(when.day, when.at), lang, today)


def owners_text(owners: tuple[str, ...]) -> str:
    return ", ".join(mention(o) for o in owners)


# --- actions ----------------------------------------------------------------------------

def action_title(action: ActionView) -> str:
    return f"*#{action.number}* {escape(action.text)}"


def action_blocks(action: ActionView, lang: str, tz: ZoneInfo, now: datetime) -> list[dict]:
    title = action_title(action)
    if action.status == "done":
        title = f":white_check_mark: ~{title}~"
    blocks = [
        section(title),
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*{t(lang, 'action.owners')}*\n{owners_text(action.owners)}"},
            {"type": "mrkdwn", "text": f"*{t(lang, 'action.due')}*\n{due_text(action, lang, tz, now)}"},
        ]},
    ]
    about = t(lang, "action.created_by", user=mention(action.created_by))
    if action.link:
        about += f" · :triangular_flag_on_post: {escape(action.link)}"
    if action.permalink:
        about += f" · <{escape(action.permalink)}|{t(lang, 'action.from_message')}>"
    if action.status == "done":
        about += " · " + t(lang, "action.done_by", user=mention(action.done_by or ""),
                           when=format_moment(action.done_at.astimezone(tz), lang, now.astimezone(tz).date()))
    blocks.append(context(about))
    value = str(action.id)
    if action.status == "open":
        blocks.append({"type": "actions", "block_id": f"action:{action.id}", "elements": [
            button(t(lang, "button.done"), "action_done", value, "primary"),
            button(t(lang, "button.snooze"), "action_snooze", value),
            button(t(lang, "button.reassign"), "action_reassign", value),
        ]})
    else:
        blocks.append({"type": "actions", "block_id": f"action:{action.id}", "elements": [
            button(t(lang, "button.reopen"), "action_reopen", value),
        ]})
    return blocks


def action_message(action: ActionView, lang: str, tz: ZoneInfo, now: datetime) -> dict:
    fallback = f"#{action.number} {escape(action.text)}"
    return message(fallback, action_blocks(action, lang, tz, now))


def action_reminder(kind: str, action: ActionView, *, channel: str, lang: str, tz: ZoneInfo, now: datetime,
                    late_since: datetime | None = None) -> dict:
    """A reminder DM: what is due, with the buttons to act on it right there."""
    due = due_text(action, lang, tz, now, flag=False)
    intro = t(lang, f"reminder.{kind.split('.')[-1]}", number=action.number, due=due, channel=f"<#{channel}>")
    blocks = [section(intro), *action_blocks(action, lang, tz, now)]
    if late_since is not None:
        blocks.append(context(t(lang, "reminder.late", when=format_moment(late_since.astimezone(tz), lang))))
    return message(f"{intro} {escape(action.text)}", blocks)


def delivery_failure(kind: str, target: str, error: str, *, lang: str) -> dict:
    who = f"<#{target}>" if target[:1] in "CGD" else mention(target)
    return message(t(lang, "failure.notice", kind=escape(kind), target=who, error=escape(error)))


def deleted_message(action: ActionView, actor: str, lang: str) -> dict:
    text = t(lang, "action.deleted", number=action.number, text=escape(action.text), user=mention(actor))
    return message(text)


def assigned_dm(action: ActionView, *, author: str, channel: str, lang: str, tz: ZoneInfo, now: datetime) -> dict:
    intro = t(lang, "dm.assigned", author=mention(author), number=action.number, channel=f"<#{channel}>")
    return message(f"{intro} {escape(action.text)}", [section(intro), *action_blocks(action, lang, tz, now)])


def action_list(result: ActionList, title: str, lang: str, tz: ZoneInfo, now: datetime) -> dict:
    """One line per action, packed into sections of at most 3,000 characters."""
    blocks: list[dict] = [{"type": "header", "text": plain(title[:150])}]
    if not result.actions:
        blocks.append(section(t(lang, "list.empty")))
        return message(escape(title), blocks)
    blocks += sections_of([f"• {action_title(a)} — {owners_text(a.owners)} — {due_text(a, lang, tz, now)}"
                           for a in result.actions])
    if result.total > len(result.actions):
        blocks.append(context(t(lang, "list.more", count=hidden_count(result.total, len(result.actions)))))
    return message(escape(title), blocks)


def past_due_prompt(past: PastDue, lang: str, tz: ZoneInfo, now: datetime) -> dict:
    """Ask before accepting a due date that has passed (what to redo rides in the button)."""
    due = when_text(past.due, lang, tz, now)
    value = json.dumps(past.request, ensure_ascii=False, separators=(",", ":"))
    if len(value) > 2000:  # a button value holds 2,000 characters: ask for a new date instead
        return message(t(lang, "past.too_long", due=due))
    question = t(lang, "past.question", due=due)
    return message(question, [
        section(f":hourglass: {question}\n>{escape(past.text)}"),
        {"type": "actions", "block_id": "past_due", "elements": [
            button(t(lang, "past.confirm"), "action_confirm_past", value, "primary"),
            button(t(lang, "past.cancel"), "action_cancel_past", "cancel"),
        ]},
    ])


def help_message(which: str, lang: str) -> dict:
    text = {"action": ACTION_HELP, "meeting": MEETING_HELP, "phase": PHASE_HELP, "concerto": CONCERTO_HELP}[which][lang]
    return message(text.split("\n", 1)[0], [section(text)])


# --- modals -----------------------------------------------------------------------------

def modal(callback_id: str, lang: str, title_key: str, blocks: list[dict], *, metadata: dict | str | None = None,
          submit_key: str = "modal.save") -> dict:
    """A modal view; `metadata` rides along to the submission (a dict is sent as JSON)."""
    view = {
        "type": "modal", "callback_id": callback_id, "title": plain(t(lang, title_key)),
        "submit": plain(t(lang, submit_key)), "close": plain(t(lang, "modal.cancel")), "blocks": blocks,
    }
    if metadata is not None:
        view["private_metadata"] = metadata if isinstance(metadata, str) else json.dumps(metadata)
    return view


def input_block(block_id: str, label: str, element: dict, optional: bool = False, hint: str | None = None) -> dict:
    block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional}
    return {**block, "hint": plain(hint)} if hint else block


def action_modal(lang: str, *, author: str, metadata: dict, text: str = "", note: str | None = None,
                 links: list[tuple[str, str]] = ()) -> dict:
    """The form behind `/action` alone and the "Create action item" message shortcut; `links` are the
    mission's phases and open milestones, as (value, label), that the action may serve."""
    text_input = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": MAX_ACTION_TEXT}
    if text:
        text_input["initial_value"] = text
    blocks = [
        input_block("text", t(lang, "modal.text"), text_input),
        input_block("owners", t(lang, "modal.owners"),
               {"type": "multi_users_select", "action_id": "value", "initial_users": [author]}),
        input_block("due_date", t(lang, "modal.due_date"), {"type": "datepicker", "action_id": "value"}, optional=True),
        input_block("due_time", t(lang, "modal.due_time"), {"type": "timepicker", "action_id": "value"}, optional=True),
    ]
    if links:
        options = [{"text": plain(label[:75]), "value": value} for value, label in links[:100]]
        blocks.append(input_block("link", t(lang, "modal.link"),
                                  {"type": "static_select", "action_id": "value", "options": options}, optional=True))
    if note:
        blocks.insert(1, context(note))
    return modal("action_create", lang, "modal.action_title", blocks, metadata=metadata, submit_key="modal.create")


def reassign_modal(action: ActionView, lang: str, metadata: dict) -> dict:
    return modal("action_reassign", lang, "modal.reassign_title", [
        section(action_title(action)),
        input_block("owners", t(lang, "modal.reassign_to", number=action.number),
                    {"type": "multi_users_select", "action_id": "value", "initial_users": list(action.owners)}),
    ], metadata=metadata)


def setup_modal(mission: Mission, lang: str) -> dict:
    director = {"type": "users_select", "action_id": "value"}
    if mission.director_id:
        director["initial_user"] = mission.director_id
    languages = [{"text": plain(t(lang, f"lang.{code}")), "value": code} for code in ("fr", "en")]
    days = [{"text": plain(name), "value": str(i + 1)} for i, name in enumerate(WEEKDAYS_SHORT[lang])]
    skip = {"text": plain(t(lang, "modal.skip_holidays")), "value": "FR"}
    holidays = {"type": "checkboxes", "action_id": "value", "options": [skip]}
    if mission.holiday_country:
        holidays["initial_options"] = [skip]
    return modal("mission_setup", lang, "modal.setup_title", metadata={"channel": mission.channel_id}, blocks=[
            input_block("director", t(lang, "modal.director"), director),
            input_block("timezone", t(lang, "modal.timezone"),
                   {"type": "plain_text_input", "action_id": "value", "initial_value": mission.timezone,
                    "max_length": 64}),
            input_block("language", t(lang, "modal.language"),
                   {"type": "static_select", "action_id": "value", "options": languages,
                    "initial_option": next(o for o in languages if o["value"] == mission.language)}),
            input_block("work_start", t(lang, "modal.work_start"),
                   {"type": "timepicker", "action_id": "value", "initial_time": mission.work_start}),
            input_block("work_end", t(lang, "modal.work_end"),
                   {"type": "timepicker", "action_id": "value", "initial_time": mission.work_end}),
            input_block("work_days", t(lang, "modal.work_days"),
                   {"type": "checkboxes", "action_id": "value", "options": days,
                    "initial_options": [d for d in days if d["value"] in mission.work_days]}),
            input_block("holidays", t(lang, "modal.holidays"), holidays, optional=True),
    ])


def prefs_modal(prefs: Prefs, lang: str) -> dict:
    options = [{"text": plain(t(lang, f"prefs.{name}")), "value": name}
               for name in ("before", "due", "overdue", "summary")]
    chosen = [o for o in options if getattr(prefs, o["value"])]
    element = {"type": "checkboxes", "action_id": "value", "options": options}
    if chosen:
        element["initial_options"] = chosen
    return modal("user_prefs", lang, "modal.prefs_title", [
        context(t(lang, "prefs.intro")), input_block("reminders", t(lang, "prefs.label"), element, optional=True)])
