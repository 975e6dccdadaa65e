"""Canvas markdown (Slack's canvas flavour: headings h1-h3, lists, checklists, tables, `![](@U…)`
mentions), rendered from what a canvas shows. Pure: values, language, time zone and `now` in, text out.

User text is made inert: each character that could open a construct (a link, an image — and so a
mention —, emphasis, code, a table cell, raw HTML, an entity) is backslash-escaped, and line breaks
become spaces, so nothing typed can ping anyone or break the document.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.actions.blocks import mark_text
from bot.actions.values import ActionView
from bot.approvals.blocks import state_text
from bot.canvas.values import AHEAD, Minutes, MissionPicture, Sitting
from bot.context import Context
from bot.i18n import N_, format_day, format_full_day, format_moment, format_time, t
from bot.meetings.blocks import when_text
from bot.people.values import Mark
from bot.recurrence import Occurrence
from bot.slacktext import is_user

if TYPE_CHECKING:
    from storage.models import Milestone, Phase

_SPECIAL = re.compile(r"([\\`*_~\[\]<>|!#&{}])")
_BREAKS = re.compile(r"\s+")
MAX_ACTIONS, MAX_DECISIONS, MAX_SITTINGS = 100, 10, 6
NONE = "—"  # a field of the minutes left empty


def inert(text: str) -> str:
    """User text, safe anywhere inline in canvas markdown (a table cell too)."""
    return _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", text).strip())


def person(user_id: str | None, lang: str) -> str:
    """A user mention as canvases write it; anything not a user id is shown, inert."""
    if not user_id:
        return t(lang, "canvas.nobody")
    return f"![](@{user_id})" if is_user(user_id) else inert(user_id)


def due_text(action: ActionView, ctx: Context) -> str:
    if action.due_at is None:
        return t(ctx.lang, "canvas.no_due")
    if action.due_all_day and action.due_date:
        return ctx.day(action.due_date)
    return ctx.moment(action.due_at)


def _sitting_title(sitting: Sitting) -> str:
    return f"#{sitting.meeting.number} {inert(sitting.meeting.title)}"


def _phase_state(phase: Phase, today: date, lang: str) -> str:
    if phase.ends_on < today:
        return t(lang, "canvas.phase_done")
    return t(lang, "canvas.phase_now") if phase.starts_on <= today else t(lang, "canvas.phase_next")


def _milestone(m: Milestone, lang: str, today: date) -> str:
    return f"M{m.number} {inert(m.name)} — {format_day(m.due_on, lang, today)} — {person(m.owner_id, lang)}"


def mission_markdown(picture: MissionPicture, *, ctx: Context) -> str:
    today = ctx.today
    out = [f"_{t(ctx.lang, 'canvas.updated', when=format_moment(ctx.local_now, ctx.lang, ctx.today))}_", ""]
    out += _plan(picture, ctx.lang, today)
    out += _sittings(picture.sittings, ctx)
    out += _actions(picture.actions, ctx, picture.marks)
    out += [f"## {t(ctx.lang, 'canvas.decisions')}"]
    out += [
        f"- {format_day(d.occurrence_at.astimezone(ctx.tz).date(), ctx.lang, today)} — {inert(m.title)} : "
        f"{inert(d.text)}"
        for m, d in picture.decisions[:MAX_DECISIONS]
    ] or [t(ctx.lang, "canvas.none")]
    return "\n".join(out) + "\n"


def _plan(picture: MissionPicture, lang: str, today: date) -> list[str]:
    out = [f"## {t(lang, 'canvas.plan')}"]
    if picture.plan.phases:
        out += [
            f"| {t(lang, 'canvas.phase')} | {t(lang, 'canvas.dates')} | {t(lang, 'canvas.state')} |",
            "| --- | --- | --- |",
        ]
        out += [
            f"| {p.number}. {inert(p.name)} | {format_day(p.starts_on, lang, today)} → "
            f"{format_day(p.ends_on, lang, today)} | {_phase_state(p, today, lang)} |"
            for p, _ in picture.plan.phases
        ]
    else:
        out.append(t(lang, "canvas.no_phase"))
    milestones = [m for _, ms in picture.plan.phases for m in ms] + picture.plan.loose
    late = sorted((m for m in milestones if m.status == "open" and m.due_on < today), key=lambda m: m.due_on)
    coming = sorted((m for m in milestones if m.status == "open" and m.due_on >= today), key=lambda m: m.due_on)
    done = sorted((m for m in milestones if m.status == "done"), key=lambda m: m.due_on)
    out += ["", f"### {t(lang, 'canvas.milestones')}"]
    if not milestones:
        return [*out, t(lang, "canvas.none"), ""]
    for label, group in ((N_("canvas.late"), late), (N_("canvas.coming"), coming), (N_("canvas.done"), done)):
        if group:
            out += [f"**{t(lang, label)}**"]
            out += [f"- [{'x' if m.status == 'done' else ' '}] {_milestone(m, lang, today)}" for m in group]
    return [*out, ""]


def _sittings(sittings: list[Sitting], ctx: Context) -> list[str]:
    out = [f"## {t(ctx.lang, 'canvas.meetings')}", f"_{t(ctx.lang, 'canvas.meetings_ahead', days=AHEAD.days)}_"]
    for s in sittings[:MAX_SITTINGS]:
        where = f" — {inert(s.meeting.location)}" if s.meeting.location else ""
        out.append(f"- **{_sitting_title(s)}** — {when_text(s.occurrence, ctx)}{where}")
        out += [f"  - {inert(i.text)}" for i in s.items] or [f"  - _{t(ctx.lang, 'canvas.no_agenda')}_"]
    return [*(out if sittings else [*out, t(ctx.lang, "canvas.none")]), ""]


def _actions(actions: list[ActionView], ctx: Context, marks: dict[str, Mark]) -> list[str]:
    """Open actions by owner (those with a late one first), each owner's late ones first; an owner whose
    account is deactivated, or who is away, flagged so."""
    out = [f"## {t(ctx.lang, 'canvas.actions')}"]
    if not actions:
        return [*out, t(ctx.lang, "canvas.none"), ""]
    far = ctx.now + timedelta(days=36500)
    by_owner: dict[str, list[ActionView]] = {}
    for a in actions[:MAX_ACTIONS]:
        for owner in a.owners or ("",):
            by_owner.setdefault(owner, []).append(a)

    def order(a: ActionView) -> tuple:
        return (not a.overdue(ctx.now), a.due_at or far, a.number)

    for owner, mine in sorted(by_owner.items(), key=lambda kv: (min(order(a) for a in kv[1]), kv[0])):
        flag = f" ({mark_text(marks[owner], ctx)})" if owner in marks else ""
        out.append(f"**{person(owner, ctx.lang)}**{flag}")
        for a in sorted(mine, key=order):
            late = f" — **{t(ctx.lang, 'canvas.late_one')}**" if a.overdue(ctx.now) else ""
            out.append(f"- #{a.number} {inert(a.text)} — {due_text(a, ctx)}{late}")
    if len(actions) > MAX_ACTIONS:
        out.append(t(ctx.lang, "canvas.more_actions", count=len(actions) - MAX_ACTIONS))
    return [*out, ""]


def minutes_title(minutes: Minutes, ctx: Context) -> str:
    start = minutes.sitting.occurrence.start.astimezone(ctx.tz)
    return t(
        ctx.lang, "minutes.title", title=minutes.sitting.meeting.title, day=format_full_day(start.date(), ctx.lang)
    )


def minutes_markdown(minutes: Minutes, *, ctx: Context) -> str:
    sitting, meeting = minutes.sitting, minutes.sitting.meeting
    start, end = sitting.occurrence.start.astimezone(ctx.tz), sitting.occurrence.end.astimezone(ctx.tz)
    attendees = [person(a, ctx.lang) for a in meeting.attendees.split()]
    out = [
        f"# {inert(minutes_title(minutes, ctx))}",
        "",
        f"**{t(ctx.lang, 'minutes.date')}** {format_full_day(start.date(), ctx.lang)}, "
        f"{format_time(start, ctx.lang)}–{format_time(end, ctx.lang)}",
        f"**{t(ctx.lang, 'minutes.place')}** {inert(meeting.location) if meeting.location else NONE}",
        f"**{t(ctx.lang, 'minutes.attendees')}** {', '.join(attendees) or NONE}",
        f"**{t(ctx.lang, 'minutes.organiser')}** {person(meeting.organiser_id, ctx.lang)}",
        *_approval(minutes, ctx),
        "",
        f"## {t(ctx.lang, 'minutes.agenda')}",
    ]
    out += [
        f"- [{'x' if i.done else ' '}] {inert(i.text)}{'' if i.done else ' — _' + t(ctx.lang, 'minutes.carried') + '_'}"
        for i in sitting.items
    ] or [t(ctx.lang, "canvas.none")]
    out += ["", f"## {t(ctx.lang, 'minutes.decisions')}"]
    out += [f"{n}. {inert(d.text)}" for n, d in enumerate(minutes.decisions, 1)] or [t(ctx.lang, "canvas.none")]
    out += ["", f"## {t(ctx.lang, 'minutes.actions')}"]
    out += [_captured(a, ctx) for a in minutes.actions] or [t(ctx.lang, "canvas.none")]
    out += ["", f"## {t(ctx.lang, 'minutes.next')}", _next(minutes.next, meeting.location, ctx)]
    return "\n".join(out) + "\n"


def _approval(minutes: Minutes, ctx: Context) -> list[str]:
    """Where the client's approval stands, once the meeting has a validator (or the minutes were submitted)."""
    if minutes.validator is None and minutes.approval is None:
        return []
    state = state_text(minutes.approval, ctx, lambda uid: person(uid, ctx.lang), inert)
    return [f"**{t(ctx.lang, 'approval.label')}** {state}"]


def _captured(a: ActionView, ctx: Context) -> str:
    owners = ", ".join(person(o, ctx.lang) for o in a.owners) or t(ctx.lang, "canvas.nobody")
    done = f" — {t(ctx.lang, 'minutes.action_done')}" if a.status == "done" else ""
    return f"- #{a.number} {inert(a.text)} — {owners} — {due_text(a, ctx)}{done}"


def _next(nxt: Occurrence | None, location: str | None, ctx: Context) -> str:
    if nxt is None:
        return t(ctx.lang, "minutes.no_next")
    where = f" — {inert(location)}" if location else ""
    return f"{ctx.moment(nxt.start)}{where}"
