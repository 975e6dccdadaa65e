"""A sitting's minutes as a Word document (python-docx), for the client's circulation. Pure: the same
minutes as the canvas, values in, bytes out. Word escapes nothing: user text goes in as plain runs."""

from __future__ import annotations

import io

from docx import Document

from bot.approvals.blocks import state_text
from bot.canvas.markdown import NONE, due_text
from bot.canvas.values import Minutes
from bot.context import Context
from bot.i18n import format_full_day, format_time, t


def minutes_docx(minutes: Minutes, *, ctx: Context, names: dict[str, str]) -> bytes:
    """`names`: user id → the name to print (Word has no mentions); unknown ids are printed as they are."""
    lang = ctx.lang
    sitting, meeting = minutes.sitting, minutes.sitting.meeting
    start, end = sitting.occurrence.start.astimezone(ctx.tz), sitting.occurrence.end.astimezone(ctx.tz)

    def who(user_id: str | None) -> str:
        return names.get(user_id, user_id) if user_id else t(lang, "canvas.nobody")

    doc = Document()
    doc.core_properties.title = t(lang, "minutes.title", title=meeting.title, day=format_full_day(start.date(), lang))
    doc.core_properties.language = lang
    doc.add_heading(doc.core_properties.title, level=0)
    hours = f"{format_time(start, lang)}–{format_time(end, lang)}"
    for label, value in (
        ("minutes.date", f"{format_full_day(start.date(), lang)}, {hours}"),
        ("minutes.place", meeting.location or NONE),
        ("minutes.attendees", ", ".join(who(a) for a in meeting.attendees.split()) or NONE),
        ("minutes.organiser", who(meeting.organiser_id)),
        *(
            [("approval.label", state_text(minutes.approval, ctx, who, str))]
            if minutes.validator or minutes.approval
            else []
        ),
    ):
        line = doc.add_paragraph()
        line.add_run(t(lang, label)).bold = True
        line.add_run(f" {value}")
    doc.add_heading(t(lang, "minutes.agenda"), level=1)
    if not sitting.items:
        doc.add_paragraph(t(lang, "canvas.none"))
    for item in sitting.items:
        mark = "☑" if item.done else "☐"
        doc.add_paragraph(
            f"{mark} {item.text}" + ("" if item.done else f" — {t(lang, 'minutes.carried')}"), style="List Bullet"
        )
    doc.add_heading(t(lang, "minutes.decisions"), level=1)
    for decision in minutes.decisions:
        doc.add_paragraph(decision.text, style="List Number")
    if not minutes.decisions:
        doc.add_paragraph(t(lang, "canvas.none"))
    doc.add_heading(t(lang, "minutes.actions"), level=1)
    if minutes.actions:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, label in zip(
            table.rows[0].cells,
            ("#", t(lang, "minutes.col_action"), t(lang, "minutes.col_owners"), t(lang, "minutes.col_due")),
            strict=True,
        ):
            cell.text = label
        for a in minutes.actions:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(a.number), a.text
            cells[2].text = ", ".join(who(o) for o in a.owners) or who(None)
            cells[3].text = due_text(a, ctx)
    else:
        doc.add_paragraph(t(lang, "canvas.none"))
    doc.add_heading(t(lang, "minutes.next"), level=1)
    nxt = minutes.next
    doc.add_paragraph(ctx.moment(nxt.start) if nxt else t(lang, "minutes.no_next"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
