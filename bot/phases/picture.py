"""The mission plan as a picture: a Gantt-style chart of phases, their milestones (done, to come, late)
and today's line, drawn with Pillow. Pure: the plan and today in, PNG bytes out."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import font_source_sans_pro
from PIL import Image, ImageDraw, ImageFont

from bot.i18n import N_, format_month, t
from bot.phases.values import Plan

WIDTH, LABELS, RIGHT, TOP, ROW = 1400, 380, 30, 70, 44
BAR, DONE, LATE, TO_COME = (74, 120, 181), (46, 158, 91), (214, 69, 65), (242, 163, 58)
GRID, TEXT, BACKGROUND = (225, 228, 232), (33, 37, 41), (255, 255, 255)


@dataclass(frozen=True)
class Row:
    label: str
    y: int  # the row's middle
    bar: tuple[int, int] | None  # x from, x to
    marks: list[tuple[int, tuple[int, int, int]]]  # milestone x and colour


@dataclass(frozen=True)
class Layout:
    height: int
    start: date
    end: date
    today_x: int
    rows: list[Row]

    def x(self, day: date) -> int:
        span = max((self.end - self.start).days, 1)
        return LABELS + round((day - self.start).days / span * (WIDTH - LABELS - RIGHT))


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Source Sans Pro (SIL OFL, from PyPI): French accents in any environment."""
    return ImageFont.truetype(font_source_sans_pro.font_files_ttf["SourceSansProSemibold" if bold else "SourceSansPro"],
                              size)


def _colour(milestone, today: date) -> tuple[int, int, int]:
    if milestone.status == "done":
        return DONE
    return LATE if milestone.due_on < today else TO_COME


def layout(plan: Plan, today: date, lang: str) -> Layout:
    """Where everything goes: computed apart from drawing so that tests can check the picture."""
    days = [today, *(d for p, _ in plan.phases for d in (p.starts_on, p.ends_on)),
            *(m.due_on for _, ms in plan.phases for m in ms), *(m.due_on for m in plan.loose)]
    frame = Layout(0, min(days) - timedelta(days=7), max(days) + timedelta(days=7), 0, [])
    rows = []
    for i, (phase, milestones) in enumerate(plan.phases):
        y = TOP + ROW * i + ROW // 2
        left = frame.x(phase.starts_on)
        bar = (left, max(frame.x(phase.ends_on + timedelta(days=1)), left + 3))
        rows.append(Row(f"{phase.number}. {phase.name}", y, bar, [(frame.x(m.due_on), _colour(m, today))
                                                                  for m in milestones]))
    if plan.loose:
        y = TOP + ROW * len(rows) + ROW // 2
        marks = [(frame.x(m.due_on), _colour(m, today)) for m in plan.loose]
        rows.append(Row(t(lang, "phase.loose"), y, None, marks))
    height = TOP + ROW * max(len(rows), 1) + 50
    return Layout(height, frame.start, frame.end, frame.x(today), rows)


def _months(start: date, end: date):
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            yield day
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)


def draw(plan: Plan, today: date, lang: str) -> bytes:
    frame = layout(plan, today, lang)
    image = Image.new("RGB", (WIDTH, frame.height), BACKGROUND)
    pen = ImageDraw.Draw(image)
    font, small = _font(17), _font(14)
    pen.text((20, 16), t(lang, "phase.timeline"), fill=TEXT, font=_font(24, bold=True))
    bottom = frame.height - 40
    for month in _months(frame.start, frame.end):
        x = frame.x(month)
        pen.line([(x, TOP - 8), (x, bottom)], fill=GRID, width=1)
        pen.text((x + 3, TOP - 24), format_month(month, lang), fill=TEXT,
                 font=small)
    for row in frame.rows:
        label = row.label if len(row.label) <= 40 else row.label[:39] + "…"
        pen.text((20, row.y - 9), label, fill=TEXT, font=font)
        if row.bar:
            pen.rectangle([(row.bar[0], row.y - 11), (row.bar[1], row.y + 11)], fill=BAR)
        for x, colour in row.marks:
            pen.polygon([(x, row.y - 13), (x + 9, row.y), (x, row.y + 13), (x - 9, row.y)], fill=colour,
                        outline=TEXT)
    for y in range(TOP - 8, bottom, 10):  # today's line, dashed
        pen.line([(frame.today_x, y), (frame.today_x, min(y + 5, bottom))], fill=LATE, width=2)
    pen.text((frame.today_x + 4, bottom + 4), t(lang, "phase.today"), fill=LATE, font=small)
    for i, (colour, key) in enumerate(((DONE, N_("phase.legend_done")), (TO_COME, N_("phase.legend_to_come")),
                                       (LATE, N_("phase.legend_late")))):
        pen.rectangle([(WIDTH - 300 + i * 95, 22), (WIDTH - 288 + i * 95, 34)], fill=colour)
        pen.text((WIDTH - 282 + i * 95, 20), t(lang, key), fill=TEXT, font=small)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
