"""Block Kit for meetings. Pure: values in, JSON-ready dicts out; user text escaped here."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.actions.blocks import action_title, due_text, more_text, owners_text
from bot.actions.values import ActionView
from bot.blocks import MAX_SECTION, button, context, input_block, message, modal, option, plain, section, sections_of
from bot.i18n import N_, format_moment, format_time, t, weekday_names
from bot.meetings.grammar import BYDAY
from bot.meetings.rules import KIND_DEFAULTS, REPEATS
from bot.meetings.values import MeetingView
from bot.payloads import Json
from bot.recurrence import Occurrence
from bot.slacktext import attendee, escape, mention

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import AgendaItem, Decision, Meeting

KIND_NAMES = {"weekly": N_("kind.weekly"), "cotech": N_("kind.cotech"), "elected": N_("kind.elected"),
              "seminar": N_("kind.seminar"), "workshop": N_("kind.workshop"), "debate": N_("kind.debate"),
              "other": N_("kind.other")}
REPEAT_NAMES = {"once": N_("repeat.once"), "weekly": N_("repeat.weekly"), "biweekly": N_("repeat.biweekly"),
                "monthly": N_("repeat.monthly")}
ORDINALS = {1: N_("ordinal.first"), 2: N_("ordinal.second"), 3: N_("ordinal.third"), 4: N_("ordinal.fourth"),
            -1: N_("ordinal.last")}

def describe_rule(meeting: Meeting, lang: str) -> str:
    """`every Tuesday` / `tous les mardis`, `every other …`, `the first Monday of the month`."""
    if not meeting.rrule:
        return t(lang, "meeting.once")
    parts = dict(p.split("=", 1) for p in meeting.rrule.split(";"))
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if parts.get("FREQ") == "MONTHLY" and days:
        ordinal, day = int(days[0][:-2]), days[0][-2:]
        return t(lang, "meeting.monthly", ordinal=t(lang, ORDINALS[ordinal]),
                 day=weekday_names(lang)[BYDAY.index(day)])
    names = [weekday_names(lang)[BYDAY.index(d)] for d in days]
    if parts.get("INTERVAL") == "2":  # `un mardi sur deux`: the weekday in the singular
        return t(lang, "meeting.every_other", days=f" {t(lang, 'meeting.and')} ".join(names))
    return t(lang, "meeting.every", days=f" {t(lang, 'meeting.and')} ".join(t(lang, "format.weekdays", day=n)
                                                                             for n in names))


def when_text(occ: Occurrence, tz: ZoneInfo, lang: str, today: date | None = None) -> str:
    """`Tue 1 Dec, 09:30–10:30` in the reader's zone."""
    start, end = occ.start.astimezone(tz), occ.end.astimezone(tz)
    return f"{format_moment(start, lang, today)}–{format_time(end, lang)}"


def duration_text(minutes: int, lang: str) -> str:
    """`90 min`, and past 90 minutes in hours: `2 h`, `2 h 30`."""
    if minutes <= 90:
        return t(lang, "meeting.duration_minutes", minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if rest:
        return t(lang, "meeting.duration_hours_minutes", hours=hours, minutes=f"{rest:02d}")
    return t(lang, "meeting.duration_hours", hours=hours)


def meeting_title(meeting: Meeting) -> str:
    return f"*#{meeting.number} {escape(meeting.title)}*"


def summary(meeting: Meeting, nxt: Occurrence | None, lang: str, tz: ZoneInfo, now: datetime) -> list[Json]:
    today = now.astimezone(tz).date()
    lines = [f":calendar: {meeting_title(meeting)} · {t(lang, KIND_NAMES[meeting.kind])}"]
    rule = describe_rule(meeting, lang)
    if meeting.rrule:
        rule += f", {format_time(meeting.starts_local, lang)}"
    lines.append(f"{rule} ({duration_text(meeting.duration_minutes, lang)})")
    upcoming = when_text(nxt, tz, lang, today) if nxt else t(lang, "meeting.none_left")
    lines.append(t(lang, "meeting.next", when=upcoming))
    if meeting.location:
        lines.append(t(lang, "meeting.where_line", where=escape(meeting.location)))
    if meeting.attendees:
        lines.append(t(lang, "meeting.with_line", people=", ".join(attendee(a) for a in meeting.attendees.split())))
    return [section("\n".join(lines)[:MAX_SECTION])]


def add_item_button(meeting: Meeting, lang: str) -> Json:
    return {"type": "actions", "block_id": f"meeting:{meeting.id}",
            "elements": [button(t(lang, "button.add_item"), "meeting_add_item", str(meeting.id))]}


def meeting_created(meeting: Meeting, nxt: Occurrence | None, lang: str, tz: ZoneInfo, now: datetime) -> Json:
    blocks = [*summary(meeting, nxt, lang, tz, now),
              context(t(lang, "meeting.organised_by", user=mention(meeting.organiser_id))),
              add_item_button(meeting, lang)]
    return message(f"#{meeting.number} {escape(meeting.title)}", blocks)


def meeting_list(views: list[MeetingView], lang: str, tz: ZoneInfo, now: datetime) -> Json:
    """Every active meeting with its next occurrence; at most 45 of them, the rest counted."""
    if not views:
        return message(t(lang, "meeting.none"))
    blocks: list[Json] = [{"type": "header", "text": plain(t(lang, "meeting.list"))}]
    for view in views[:45]:
        blocks.extend(summary(view.meeting, view.next, lang, tz, now))
    if len(views) > 45:
        blocks.append(context(f"+{len(views) - 45}"))
    return message(t(lang, "meeting.list"), blocks)


def agenda_lines(items: list[AgendaItem], occ: Occurrence, lang: str, number: int) -> str:
    if not items:
        return t(lang, "meeting.agenda_empty", number=number)
    lines = []
    for i, item in enumerate(items, 1):
        mark = "~" if item.done else ""
        carried = f" _({t(lang, 'meeting.carried')})_" if item.occurrence_at != occ.original else ""
        lines.append(f"{i}. {mark}{escape(item.text)}{mark} — {mention(item.added_by)}{carried}")
    return "\n".join(lines)


def agenda_message(meeting: Meeting, occ: Occurrence, items: list[AgendaItem], lang: str, tz: ZoneInfo,
                   now: datetime) -> Json:
    heading = f"{meeting_title(meeting)} — {when_text(occ, tz, lang, now.astimezone(tz).date())}"
    body = f"*{t(lang, 'meeting.agenda')}*\n{agenda_lines(items, occ, lang, meeting.number)}"
    return message(f"{escape(meeting.title)}", [section(heading), section(body[:MAX_SECTION]),
                                                 add_item_button(meeting, lang)])


def meeting_reminder(meeting: Meeting, occ: Occurrence, items: list[AgendaItem], actions: list[ActionView],
                     total_actions: int, *, lang: str, tz: ZoneInfo, now: datetime,
                     late_since: datetime | None = None) -> Json:
    """Before a meeting: when and where, the agenda, and the open actions to review."""
    when = when_text(occ, tz, lang, now.astimezone(tz).date())
    intro = t(lang, "meeting.reminder", title=meeting_title(meeting), when=when)
    if meeting.location:
        intro += "\n" + t(lang, "meeting.where_line", where=escape(meeting.location))
    if meeting.attendees:
        intro += "\n" + t(lang, "meeting.with_line", people=", ".join(attendee(a) for a in meeting.attendees.split()))
    agenda = f"*{t(lang, 'meeting.agenda')}*\n{agenda_lines(items, occ, lang, meeting.number)}"
    if actions:
        rows = [f"• {action_title(a)} — {owners_text(a.owners)} — {due_text(a, lang, tz, now)}" for a in actions]
        review = f"*{t(lang, 'meeting.actions')}*\n" + "\n".join(rows)
    else:
        review = f"*{t(lang, 'meeting.actions')}*\n{t(lang, 'meeting.no_actions')}"
    blocks = [section(intro[:MAX_SECTION]), section(agenda[:MAX_SECTION]), section(review[:MAX_SECTION])]
    if total_actions > len(actions):
        blocks.append(context(more_text(lang, "meeting.more_actions", total_actions, len(actions))))
    if late_since is not None:
        blocks.append(context(t(lang, "reminder.late", when=format_moment(late_since.astimezone(tz), lang))))
    blocks.append(add_item_button(meeting, lang))
    return message(t(lang, "meeting.notification", title=escape(meeting.title), when=when), blocks)


def occurrence_change(meeting: Meeting, occ: Occurrence, *, moved: bool, actor: str, lang: str, tz: ZoneInfo,
                      now: datetime) -> Json:
    key = N_("meeting.moved") if moved else N_("meeting.cancelled")
    text = t(lang, key, title=meeting_title(meeting), when=when_text(occ, tz, lang, now.astimezone(tz).date()),
             user=mention(actor))
    return message(text)


def agenda_modal(meeting: Meeting, lang: str) -> Json:
    return modal("agenda_add", lang, "modal.agenda_title", [
        input_block("item", t(lang, "modal.agenda_item", title=meeting.title)[:2000],
                    {"type": "plain_text_input", "action_id": "value", "max_length": 500})],
        metadata={"meeting": meeting.id})


def occurrence_value(meeting: Meeting, occ: Occurrence) -> str:
    """What the follow-up buttons carry: the meeting and the occurrence, as the rule put it."""
    return json.dumps({"m": meeting.id, "o": occ.original.isoformat()})


def follow_up(meeting: Meeting, occ: Occurrence, *, lang: str, tz: ZoneInfo, now: datetime,
              late_since: datetime | None = None) -> Json:
    """After a meeting, to its organiser: record what was decided, capture what must be done."""
    text = t(lang, "meeting.follow_up", title=meeting_title(meeting),
             when=when_text(occ, tz, lang, now.astimezone(tz).date()))
    value = occurrence_value(meeting, occ)
    blocks = [section(text), {"type": "actions", "block_id": "follow_up", "elements": [
        button(t(lang, "button.decisions"), "meeting_decisions", value, "primary"),
        button(t(lang, "button.new_action"), "meeting_new_action", value),
    ]}]
    if late_since is not None:
        blocks.append(context(t(lang, "reminder.late", when=format_moment(late_since.astimezone(tz), lang))))
    return message(text, blocks)


def decisions_modal(meeting: Meeting, sitting: Json, lang: str) -> Json:
    return modal("decisions_add", lang, "modal.decisions_title", [
        input_block("decisions", t(lang, "modal.decisions_label", title=meeting.title)[:2000],
                    {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2900})],
        metadata=sitting)


def decisions_recorded(meeting: Meeting, occ: Occurrence, texts: list[str], *, actor: str, lang: str,
                       tz: ZoneInfo, now: datetime) -> Json:
    heading = t(lang, "meeting.decided", title=meeting_title(meeting),
                when=when_text(occ, tz, lang, now.astimezone(tz).date()), user=mention(actor))
    body = "\n".join(f"• {escape(text)}" for text in texts)
    return message(heading, [section(heading), section(body[:MAX_SECTION])])


def decision_register(rows: Sequence[tuple[Meeting, Decision]], lang: str, tz: ZoneInfo, now: datetime,
                      total: int | None = None) -> Json:
    """The newest decisions (`total`: how many the register holds), saying how many it leaves out."""
    if not rows:
        return message(t(lang, "meeting.no_decisions"))
    today = now.astimezone(tz).date()
    lines = [f"• {escape(d.text)} — {meeting_title(m)}, {format_moment(d.occurrence_at.astimezone(tz), lang, today)}"
             for m, d in rows]
    blocks = [{"type": "header", "text": plain(t(lang, "meeting.register"))}, *sections_of(lines)]
    left_out = (total or len(rows)) - len(rows)
    if left_out > 0:
        blocks.append(context(t(lang, "meeting.register_more", count=left_out)))
    return message(t(lang, "meeting.register"), blocks)


def meeting_modal(lang: str) -> Json:
    """The form behind `/meeting` alone."""
    def options(pairs: Iterable[tuple[str, str]]) -> list[Json]:
        return [option(label[:75], value) for value, label in pairs]

    kinds = options((k, t(lang, KIND_NAMES[k])) for k in KIND_DEFAULTS)
    repeats = options((r, t(lang, REPEAT_NAMES[r])) for r in REPEATS)
    durations = options((str(m), duration_text(m, lang)) for m in (30, 60, 90, 120, 180, 240))
    return modal("meeting_create", lang, "modal.meeting_title",
                 submit_key=N_("modal.create"), blocks=[
            input_block("kind", t(lang, "modal.meeting_kind"),
                        {"type": "static_select", "action_id": "value", "options": kinds, "initial_option": kinds[0]}),
            input_block("title", t(lang, "modal.meeting_name"),
                        {"type": "plain_text_input", "action_id": "value", "max_length": 150}),
            input_block("date", t(lang, "modal.meeting_date"), {"type": "datepicker", "action_id": "value"}),
            input_block("time", t(lang, "modal.meeting_time"), {"type": "timepicker", "action_id": "value"}),
            input_block("repeat", t(lang, "modal.meeting_repeat"),
                        {"type": "static_select", "action_id": "value", "options": repeats,
                         "initial_option": repeats[0]}),
            input_block("duration", t(lang, "modal.meeting_duration"),
                        {"type": "static_select", "action_id": "value", "options": durations}, optional=True),
            input_block("location", t(lang, "meeting.where"),
                        {"type": "plain_text_input", "action_id": "value", "max_length": 300}, optional=True),
            input_block("attendees", t(lang, "meeting.with"),
                        {"type": "multi_users_select", "action_id": "value"}, optional=True,
                        hint=t(lang, "modal.meeting_attendees_hint")),
    ])
