"""Block Kit for meetings. Pure: values in, JSON-ready dicts out; user text escaped here."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.actions.blocks import action_title, due_text, more_text, owners_text
from bot.actions.values import ActionView
from bot.blocks import MAX_SECTION, button, context, input_block, message, modal, option, plain, section, sections_of
from bot.context import Context
from bot.i18n import N_, format_hhmm, format_time, t, tn, weekday_names
from bot.meetings.phrases import BYDAY, MAX_LINKED_ITEM
from bot.meetings.rules import KIND_DEFAULTS, REPEATS, parse_leads
from bot.meetings.values import HolidayNote, MeetingView
from bot.payloads import Json
from bot.recurrence import Occurrence
from bot.slacktext import attendee, escape, mention

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import AgendaItem, Decision, Meeting

KIND_NAMES = {
    "weekly": N_("kind.weekly"),
    "cotech": N_("kind.cotech"),
    "elected": N_("kind.elected"),
    "seminar": N_("kind.seminar"),
    "workshop": N_("kind.workshop"),
    "debate": N_("kind.debate"),
    "other": N_("kind.other"),
}
REPEAT_NAMES = {
    "once": N_("repeat.once"),
    "weekly": N_("repeat.weekly"),
    "biweekly": N_("repeat.biweekly"),
    "monthly": N_("repeat.monthly"),
}
ORDINALS = {
    1: N_("ordinal.first"),
    2: N_("ordinal.second"),
    3: N_("ordinal.third"),
    4: N_("ordinal.fourth"),
    -1: N_("ordinal.last"),
}


def describe_rule(meeting: Meeting, lang: str) -> str:
    """`every Tuesday` / `tous les mardis`, `every other …`, `the first Monday of the month`."""
    if not meeting.rrule:
        return t(lang, "meeting.once")
    parts = dict(p.split("=", 1) for p in meeting.rrule.split(";"))
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if parts.get("FREQ") == "MONTHLY" and days:
        ordinal, day = int(days[0][:-2]), days[0][-2:]
        return t(lang, "meeting.monthly", ordinal=t(lang, ORDINALS[ordinal]), day=weekday_names(lang)[BYDAY.index(day)])
    names = [weekday_names(lang)[BYDAY.index(d)] for d in days]
    if parts.get("INTERVAL") == "2":  # `un mardi sur deux`: the weekday in the singular
        return t(lang, "meeting.every_other", days=f" {t(lang, 'meeting.and')} ".join(names))
    return t(
        lang, "meeting.every", days=f" {t(lang, 'meeting.and')} ".join(t(lang, "format.weekdays", day=n) for n in names)
    )


def when_text(occ: Occurrence, ctx: Context) -> str:
    """`Tue 1 Dec, 09:30–10:30` in the reader's zone (mrkdwn: in a channel, in each reader's)."""
    return f"{ctx.moment_md(occ.start)}–{ctx.time_md(occ.end)}"


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


def summary(meeting: Meeting, nxt: Occurrence | None, ctx: Context) -> list[Json]:
    lines = [f":calendar: {meeting_title(meeting)} · {t(ctx.lang, KIND_NAMES[meeting.kind])}"]
    rule = describe_rule(meeting, ctx.lang)
    if meeting.rrule:
        rule += f", {format_time(meeting.starts_local, ctx.lang)}"
    lines.append(f"{rule} ({duration_text(meeting.duration_minutes, ctx.lang)})")
    upcoming = when_text(nxt, ctx) if nxt else t(ctx.lang, "meeting.none_left")
    lines.append(t(ctx.lang, "meeting.next", when=upcoming))
    if meeting.location:
        lines.append(t(ctx.lang, "meeting.where_line", where=escape(meeting.location)))
    if meeting.attendees:
        lines.append(t(ctx.lang, "meeting.with_line", people=", ".join(attendee(a) for a in meeting.attendees.split())))
    lines.append(t(ctx.lang, "meeting.reminders_line", leads=leads_text(meeting.reminders, ctx.lang)))
    return [section("\n".join(lines)[:MAX_SECTION])]


def leads_text(spec: str, lang: str) -> str:
    """Reminder lead times as people say them: `7 days before, the day before at 16:00, 1 hour before`."""
    said = []
    for lead in parse_leads(spec):
        count, unit, at = int(lead[1:].split("@")[0][:-1]), lead.split("@")[0][-1], lead.partition("@")[2]
        if unit == "h":
            said.append(tn(lang, "lead.hours", count, count=count))
            continue
        day = t(lang, "lead.day_before") if count == 1 else tn(lang, "lead.days", count, count=count)
        said.append(t(lang, "lead.at", lead=day, time=format_hhmm(at, lang)) if at else day)
    return ", ".join(said) if said else t(lang, "lead.none")


def meeting_edited(view: MeetingView, *, actor: str, ctx: Context) -> Json:
    """The channel's notice of a meeting changed for every sitting to come: the meeting as it is now."""
    text = t(ctx.lang, "meeting.edited", title=meeting_title(view.meeting), user=mention(actor))
    return message(text, [section(text), *summary(view.meeting, view.next, ctx)])


def add_item_button(meeting: Meeting, lang: str) -> Json:
    return {
        "type": "actions",
        "block_id": f"meeting:{meeting.id}",
        "elements": [button(t(lang, "button.add_item"), "meeting_add_item", str(meeting.id))],
    }


def meeting_created(
    meeting: Meeting, nxt: Occurrence | None, ctx: Context, holidays: Sequence[HolidayNote] = ()
) -> Json:
    """The channel's notice of a meeting scheduled, with the public holidays that skip or move a sitting."""
    blocks = [
        *summary(meeting, nxt, ctx),
        *([section(holidays_text(holidays, ctx))] if holidays else []),
        context(t(ctx.lang, "meeting.organised_by", user=mention(meeting.organiser_id))),
        add_item_button(meeting, ctx.lang),
    ]
    return message(f"#{meeting.number} {escape(meeting.title)}", blocks)


def holidays_text(holidays: Sequence[HolidayNote], ctx: Context) -> str:
    """`Public holidays: no sitting on Mon 5 Apr (Easter Monday); Thu 6 May (Ascension Day) is held on Fri 7 May.`"""
    said = [
        t(ctx.lang, "meeting.holiday_skipped", day=ctx.day_md(h.day), name=h.name)
        if h.held_on is None
        else t(ctx.lang, "meeting.holiday_moved", day=ctx.day_md(h.day), name=h.name, to=ctx.day_md(h.held_on))
        for h in holidays
    ]
    return t(ctx.lang, "meeting.holidays", list="\n".join(f"• {s}" for s in said))


def imported_holidays(notes: Sequence[tuple[Meeting, Sequence[HolidayNote]]], ctx: Context) -> Json:
    """The channel's word, after a plan import, on the sittings of its new series that holidays skip or move."""
    blocks = [section(f"{meeting_title(m)}\n{holidays_text(h, ctx)}"[:MAX_SECTION]) for m, h in notes]
    return message(
        t(ctx.lang, "meeting.imported_holidays"), [section(t(ctx.lang, "meeting.imported_holidays")), *blocks]
    )


def meeting_list(views: list[MeetingView], ctx: Context) -> Json:
    """Every active meeting with its next occurrence; at most 45 of them, the rest counted."""
    if not views:
        return message(t(ctx.lang, "meeting.none"))
    blocks: list[Json] = [{"type": "header", "text": plain(t(ctx.lang, "meeting.list"))}]
    for view in views[:45]:
        blocks.extend(summary(view.meeting, view.next, ctx))
    if len(views) > 45:
        blocks.append(context(f"+{len(views) - 45}"))
    return message(t(ctx.lang, "meeting.list"), blocks)


def agenda_lines(items: list[AgendaItem], occ: Occurrence, lang: str, number: int) -> str:
    if not items:
        return t(lang, "meeting.agenda_empty", number=number)
    lines = []
    for i, item in enumerate(items, 1):
        mark = "~" if item.done else ""
        carried = f" _({t(lang, 'meeting.carried')})_" if item.occurrence_at != occ.original else ""
        lines.append(f"{i}. {mark}{escape(item.text)}{mark} — {mention(item.added_by)}{carried}")
    return "\n".join(lines)


def agenda_message(meeting: Meeting, occ: Occurrence, items: list[AgendaItem], ctx: Context) -> Json:
    heading = f"{meeting_title(meeting)} — {when_text(occ, ctx)}"
    body = f"*{t(ctx.lang, 'meeting.agenda')}*\n{agenda_lines(items, occ, ctx.lang, meeting.number)}"
    return message(
        f"{escape(meeting.title)}", [section(heading), section(body[:MAX_SECTION]), add_item_button(meeting, ctx.lang)]
    )


def meeting_reminder(
    meeting: Meeting,
    occ: Occurrence,
    items: list[AgendaItem],
    actions: list[ActionView],
    total_actions: int,
    *,
    ctx: Context,
    late_since: datetime | None = None,
    dm_about: str | None = None,
) -> Json:
    """Before a meeting: when and where, the agenda, and the open actions to review; by DM, `dm_about`
    names the mission's channel."""
    lang = ctx.lang
    when = when_text(occ, ctx)
    soon = ctx.soon(occ.start)
    intro = t(lang, "meeting.reminder", title=meeting_title(meeting), when=f"{soon} ({when})" if soon else when)
    if dm_about:
        intro += "\n" + t(lang, "channel.line", channel=f"<#{dm_about}>")
    if meeting.location:
        intro += "\n" + t(lang, "meeting.where_line", where=escape(meeting.location))
    if meeting.attendees:
        intro += "\n" + t(lang, "meeting.with_line", people=", ".join(attendee(a) for a in meeting.attendees.split()))
    agenda = f"*{t(lang, 'meeting.agenda')}*\n{agenda_lines(items, occ, lang, meeting.number)}"
    if actions:
        rows = [f"• {action_title(a)} — {owners_text(a.owners)} — {due_text(a, ctx)}" for a in actions]
        review = f"*{t(lang, 'meeting.actions')}*\n" + "\n".join(rows)
    else:
        review = f"*{t(lang, 'meeting.actions')}*\n{t(lang, 'meeting.no_actions')}"
    blocks = [section(intro[:MAX_SECTION]), section(agenda[:MAX_SECTION]), section(review[:MAX_SECTION])]
    if total_actions > len(actions):
        blocks.append(context(more_text(lang, "meeting.more_actions", total_actions, len(actions))))
    if late_since is not None:
        blocks.append(context(t(lang, "reminder.late", when=ctx.moment_md(late_since))))
    blocks.append(add_item_button(meeting, lang))
    return message(t(lang, "meeting.notification", title=escape(meeting.title), when=when), blocks)


def agenda_modal(meeting: Meeting, lang: str) -> Json:
    return modal(
        "agenda_add",
        lang,
        "modal.agenda_title",
        [
            input_block(
                "item",
                t(lang, "modal.agenda_item", title=meeting.title)[:2000],
                {"type": "plain_text_input", "action_id": "value", "max_length": 500},
            )
        ],
        metadata={"meeting": meeting.id},
    )


def agenda_from_message_modal(
    views: Sequence[MeetingView], text: str, ctx: Context, *, permalink: str | None, note: str | None
) -> Json:
    """ "Add to the agenda" on a message: which meeting (each named with its next sitting), and the item,
    prefilled with the message; its link is added on saving (the form's metadata, as recorded when opened)."""
    choices = [
        option(f"#{v.meeting.number} {v.meeting.title} · {when_text(v.next, ctx)}"[:75], str(v.meeting.id))
        for v in views
        if v.next is not None
    ][:100]
    meeting = {"type": "static_select", "action_id": "value", "options": choices}
    blocks = [
        input_block("meeting", t(ctx.lang, "modal.agenda_meeting"), {**meeting, "initial_option": choices[0]}),
        input_block(
            "item",
            t(ctx.lang, "modal.agenda_from_message"),
            {"type": "plain_text_input", "action_id": "value", "max_length": MAX_LINKED_ITEM, "initial_value": text},
        ),
    ]
    blocks += [context(note)] if note else []
    return modal("agenda_from_message", ctx.lang, "modal.agenda_title", blocks, metadata={"permalink": permalink})


def occurrence_value(meeting: Meeting, occ: Occurrence) -> str:
    """What the follow-up buttons carry: the meeting and the occurrence, as the rule put it."""
    return json.dumps({"m": meeting.id, "o": occ.original.isoformat()})


def follow_up(
    meeting: Meeting, occ: Occurrence, *, channel: str, ctx: Context, late_since: datetime | None = None
) -> Json:
    """After a meeting, to its organiser (by DM: it names the mission's channel): record what was decided,
    capture what must be done."""
    text = t(
        ctx.lang, "meeting.follow_up", title=meeting_title(meeting), when=when_text(occ, ctx), channel=f"<#{channel}>"
    )
    value = occurrence_value(meeting, occ)
    blocks = [
        section(text),
        {
            "type": "actions",
            "block_id": "follow_up",
            "elements": [
                button(t(ctx.lang, "button.decisions"), "meeting_decisions", value, "primary"),
                button(t(ctx.lang, "button.new_action"), "meeting_new_action", value),
            ],
        },
    ]
    if late_since is not None:
        blocks.append(context(t(ctx.lang, "reminder.late", when=ctx.moment(late_since))))
    return message(text, blocks)


def decisions_modal(meeting: Meeting, sitting: Json, lang: str) -> Json:
    return modal(
        "decisions_add",
        lang,
        "modal.decisions_title",
        [
            input_block(
                "decisions",
                t(lang, "modal.decisions_label", title=meeting.title)[:2000],
                {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2900},
            )
        ],
        metadata=sitting,
    )


def decisions_recorded(meeting: Meeting, occ: Occurrence, texts: list[str], *, actor: str, ctx: Context) -> Json:
    heading = t(
        ctx.lang, "meeting.decided", title=meeting_title(meeting), when=when_text(occ, ctx), user=mention(actor)
    )
    body = "\n".join(f"• {escape(text)}" for text in texts)
    return message(heading, [section(heading), section(body[:MAX_SECTION])])


def decision_register(rows: Sequence[tuple[Meeting, Decision]], ctx: Context, total: int | None = None) -> Json:
    """The newest decisions (`total`: how many the register holds), saying how many it leaves out."""
    if not rows:
        return message(t(ctx.lang, "meeting.no_decisions"))
    lines = [f"• {escape(d.text)} — {meeting_title(m)}, {ctx.moment(d.occurrence_at)}" for m, d in rows]
    blocks = [{"type": "header", "text": plain(t(ctx.lang, "meeting.register"))}, *sections_of(lines)]
    left_out = (total or len(rows)) - len(rows)
    if left_out > 0:
        blocks.append(context(t(ctx.lang, "meeting.register_more", count=left_out)))
    return message(t(ctx.lang, "meeting.register"), blocks)


def meeting_modal(lang: str) -> Json:
    """The form behind `/meeting` alone."""

    def options(pairs: Iterable[tuple[str, str]]) -> list[Json]:
        return [option(label[:75], value) for value, label in pairs]

    kinds = options((k, t(lang, KIND_NAMES[k])) for k in KIND_DEFAULTS)
    repeats = options((r, t(lang, REPEAT_NAMES[r])) for r in REPEATS)
    durations = options((str(m), duration_text(m, lang)) for m in (30, 60, 90, 120, 180, 240))
    return modal(
        "meeting_create",
        lang,
        "modal.meeting_title",
        submit_key=N_("modal.create"),
        blocks=[
            input_block(
                "kind",
                t(lang, "modal.meeting_kind"),
                {"type": "static_select", "action_id": "value", "options": kinds, "initial_option": kinds[0]},
            ),
            input_block(
                "title",
                t(lang, "modal.meeting_name"),
                {"type": "plain_text_input", "action_id": "value", "max_length": 150},
            ),
            input_block("date", t(lang, "modal.meeting_date"), {"type": "datepicker", "action_id": "value"}),
            input_block("time", t(lang, "modal.meeting_time"), {"type": "timepicker", "action_id": "value"}),
            input_block(
                "repeat",
                t(lang, "modal.meeting_repeat"),
                {"type": "static_select", "action_id": "value", "options": repeats, "initial_option": repeats[0]},
            ),
            input_block(
                "duration",
                t(lang, "modal.meeting_duration"),
                {"type": "static_select", "action_id": "value", "options": durations},
                optional=True,
            ),
            input_block(
                "location",
                t(lang, "meeting.where"),
                {"type": "plain_text_input", "action_id": "value", "max_length": 300},
                optional=True,
            ),
            input_block(
                "attendees",
                t(lang, "meeting.with"),
                {"type": "multi_users_select", "action_id": "value"},
                optional=True,
                hint=t(lang, "modal.meeting_attendees_hint"),
            ),
        ],
    )
