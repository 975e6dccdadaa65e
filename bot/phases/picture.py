"""The mission plan as a picture: a Gantt-style chart of phases in plan order, each followed by its
milestones on lines of their own (so every one is labelled, none overlaps another), and today's line.
Drawn with Pillow, which gives the exact placement this needs with the font we ship (matplotlib would add a
large dependency for less control over label placement). Pure: the plan and today in, PNG bytes out.

It is made for Slack's preview (1400 px wide, large type, white ground) and prints well in grey: milestone
states differ by shape as well as colour (done: filled, to come: hollow, late: filled with a bold ring)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import font_source_sans_pro
from babel.dates import format_date
from PIL import Image, ImageDraw, ImageFont

from bot.i18n import N_, format_month, language, t
from bot.phases.values import Plan

WIDTH, LABELS, RIGHT, TOP = 1400, 470, 40, 96
PHASE_ROW, MILESTONE_ROW, GAP = 38, 28, 8
BAR, DONE, LATE, TO_COME = (74, 120, 181), (46, 158, 91), (214, 69, 65), (242, 163, 58)
GRID, TEXT, MUTED, BACKGROUND, STRIPE = (214, 218, 224), (33, 37, 41), (95, 102, 110), (255, 255, 255), (244, 246, 249)


@dataclass(frozen=True)
class Row:
    label: str
    y: int  # the row's middle
    bar: tuple[int, int] | None  # x from, x to
    marks: list[tuple[int, tuple[int, int, int]]]  # milestone x and colour, on the phase's bar (none: own rows)


@dataclass(frozen=True)
class MilestoneRow:
    label: str  # `M3 Plan média validé`
    day: str  # `18 déc.`, beside the diamond
    y: int
    x: int
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class Layout:
    height: int
    start: date
    end: date
    today_x: int
    rows: list[Row]
    milestones: list[MilestoneRow]
    groups: list[tuple[int, int]]  # each phase's band, y from and to, striped alternately

    def x(self, day: date) -> int:
        span = max((self.end - self.start).days, 1)
        return LABELS + round((day - self.start).days / span * (WIDTH - LABELS - RIGHT))


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Source Sans Pro (SIL OFL, from PyPI): French accents in any environment."""
    return ImageFont.truetype(
        font_source_sans_pro.font_files_ttf["SourceSansProSemibold" if bold else "SourceSansPro"], size
    )


def _colour(milestone, today: date) -> tuple[int, int, int]:
    if milestone.status == "done":
        return DONE
    return LATE if milestone.due_on < today else TO_COME


def layout(plan: Plan, today: date, lang: str) -> Layout:
    """Where everything goes: computed apart from drawing so that tests can check the picture."""
    days = [
        today,
        *(d for p, _ in plan.phases for d in (p.starts_on, p.ends_on + timedelta(days=1))),
        *(m.due_on for _, ms in plan.phases for m in ms),
        *(m.due_on for m in plan.loose),
    ]
    frame = Layout(0, min(days) - timedelta(days=10), max(days) + timedelta(days=24), 0, [], [], [])
    groups: list[tuple[str, tuple[int, int] | None, list]] = []
    for phase, marks in sorted(plan.phases, key=lambda pair: pair[0].number):
        left = frame.x(phase.starts_on)
        groups.append(
            (f"{phase.number}. {phase.name}", (left, max(frame.x(phase.ends_on + timedelta(days=1)), left + 4)), marks)
        )
    if plan.loose:
        groups.append((t(lang, "phase.loose"), None, plan.loose))
    rows, milestones, bands, y = [], [], [], TOP
    for label, bar, marks in groups:
        top = y
        rows.append(Row(label, y + PHASE_ROW // 2, bar, []))
        y += PHASE_ROW
        for m in sorted(marks, key=lambda m: (m.due_on, m.number)):
            milestones.append(
                MilestoneRow(
                    f"M{m.number} {m.name}",
                    format_date(m.due_on, "d MMM", locale=language(lang)),
                    y + MILESTONE_ROW // 2,
                    frame.x(m.due_on),
                    _colour(m, today),
                )
            )
            y += MILESTONE_ROW
        y += GAP
        bands.append((top, y))
    height = y + 56
    return Layout(height, frame.start, frame.end, frame.x(today), rows, milestones, bands)


def _months(start: date, end: date):
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            yield day
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text cut with `…` to fit `width` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _diamond(pen: ImageDraw.ImageDraw, x: int, y: int, colour: tuple[int, int, int], today_late: bool) -> None:
    points = [(x, y - 10), (x + 10, y), (x, y + 10), (x - 10, y)]
    if colour == TO_COME:  # hollow: still to come
        pen.polygon(points, fill=BACKGROUND, outline=colour, width=3)
    else:
        pen.polygon(points, fill=colour, outline=TEXT if today_late else colour, width=2 if today_late else 1)


def draw(plan: Plan, today: date, lang: str) -> bytes:
    frame = layout(plan, today, lang)
    image = Image.new("RGB", (WIDTH, frame.height), BACKGROUND)
    pen = ImageDraw.Draw(image)
    phase_font, milestone_font, small = _font(19, bold=True), _font(16), _font(15)
    pen.text((24, 18), t(lang, "phase.timeline"), fill=TEXT, font=_font(28, bold=True))
    bottom = frame.height - 48
    for i, (top, end) in enumerate(frame.groups):
        if i % 2 == 0:
            pen.rectangle([(0, top), (WIDTH, end - 1)], fill=STRIPE)
    label_end = 0.0
    for month in _months(frame.start, frame.end):
        x = frame.x(month)
        pen.line([(x, TOP - 10), (x, bottom)], fill=GRID, width=1)
        text = format_month(month, lang)
        if x + 4 > label_end and x + 4 + small.getlength(text) < WIDTH - 4:  # only where it fits whole
            pen.text((x + 4, TOP - 32), text, fill=MUTED, font=small)
            label_end = x + 4 + small.getlength(text) + 10
    for row in frame.rows:
        pen.text((24, row.y - 11), _fit(row.label, phase_font, LABELS - 40), fill=TEXT, font=phase_font)
        if row.bar:
            pen.rounded_rectangle([(row.bar[0], row.y - 11), (row.bar[1], row.y + 11)], radius=4, fill=BAR)
    for m in frame.milestones:
        pen.text((44, m.y - 10), _fit(m.label, milestone_font, LABELS - 64), fill=TEXT, font=milestone_font)
        pen.line([(LABELS, m.y), (m.x, m.y)], fill=GRID, width=1)
        _diamond(pen, m.x, m.y, m.colour, m.colour == LATE)
        width = small.getlength(m.day)
        at = m.x + 16 if m.x + 16 + width < WIDTH - 8 else m.x - 16 - width  # never off the edge
        pen.text((at, m.y - 10), m.day, fill=TEXT, font=small)
    for y in range(TOP - 11, bottom, 10):  # today's line, dashed
        pen.line([(frame.today_x, y), (frame.today_x, min(y + 5, bottom))], fill=LATE, width=2)
    word = t(lang, "phase.today")
    today_text = f"{word[:1].upper() + word[1:]} · {format_date(today, 'd MMM y', locale=language(lang))}"
    pen.text((frame.today_x + 6, bottom + 6), today_text, fill=LATE, font=small)
    x = 24
    for colour, key in (
        (DONE, N_("phase.legend_done")),
        (TO_COME, N_("phase.legend_to_come")),
        (LATE, N_("phase.legend_late")),
    ):
        _diamond(pen, x + 10, frame.height - 22, colour, colour == LATE)
        pen.text((x + 26, frame.height - 32), t(lang, key), fill=TEXT, font=small)
        x += 40 + round(small.getlength(t(lang, key)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
