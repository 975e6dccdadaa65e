"""The timeline picture's layout: phases in plan order, every milestone on a line of its own with its label
and date (none overlapping another, none off the edge), month labels that cannot be read as days."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

from PIL import Image

from bot.i18n import format_month
from bot.phases.picture import DONE, LATE, MILESTONE_ROW, TO_COME, WIDTH, draw, layout
from bot.phases.values import Plan

TODAY = date(2026, 12, 4)


def phase(number: int, name: str, start: date, end: date) -> SimpleNamespace:
    return SimpleNamespace(number=number, name=name, starts_on=start, ends_on=end)


def milestone(number: int, name: str, due: date, status: str = "open") -> SimpleNamespace:
    return SimpleNamespace(number=number, name=name, due_on=due, status=status)


PLAN = Plan(
    [  # as storage gives them: by start date, not in plan order
        (
            phase(1, "Séminaire", date(2027, 1, 15), date(2027, 1, 15)),
            [
                milestone(1, "Programme arrêté", date(2026, 12, 1)),
                milestone(2, "Salle réservée", date(2026, 12, 2), "done"),
                milestone(3, "Invitations", date(2026, 12, 5)),
            ],
        ),
        (
            phase(4, "Forum en ligne", date(2027, 1, 15), date(2027, 6, 30)),
            [milestone(10, "Forum ouvert", date(2027, 1, 15))],
        ),
        (phase(2, "Ateliers", date(2027, 2, 1), date(2027, 4, 30)), [milestone(7, "Bilan", date(2027, 7, 20))]),
    ],
    [milestone(12, "Rapport final", date(2027, 7, 21))],
)


def test_phases_come_in_plan_order_and_milestones_each_on_their_own_line():
    frame = layout(PLAN, TODAY, "fr")
    assert [row.label for row in frame.rows] == ["1. Séminaire", "2. Ateliers", "4. Forum en ligne", "Autres jalons"]
    assert [m.label for m in frame.milestones] == [
        "M1 Programme arrêté",
        "M2 Salle réservée",
        "M3 Invitations",
        "M7 Bilan",
        "M10 Forum ouvert",
        "M12 Rapport final",
    ]
    ys = [m.y for m in frame.milestones]
    assert all(b - a >= MILESTONE_ROW for a, b in zip(ys, ys[1:], strict=False))  # three in three days: apart
    assert [m.colour for m in frame.milestones[:3]] == [LATE, DONE, TO_COME]
    assert [m.day for m in frame.milestones[:2]] == ["1 déc.", "2 déc."]


def test_month_labels_carry_the_year():
    picture_months = [format_month(date(2026, 12, 1), lang) for lang in ("fr", "en")]
    assert picture_months == ["déc. 2026", "Dec 2026"]


def test_the_last_milestone_is_inside_the_picture():
    frame = layout(PLAN, TODAY, "en")
    assert max(m.x for m in frame.milestones) < WIDTH - 60


def test_the_picture_is_a_png_of_the_whole_plan():
    picture = Image.open(io.BytesIO(draw(PLAN, TODAY, "fr")))
    frame = layout(PLAN, TODAY, "fr")
    assert picture.format == "PNG" and picture.size == (WIDTH, frame.height)
    for m in frame.milestones:
        assert picture.getpixel((m.x, m.y)) in (m.colour, (255, 255, 255))  # a filled or a hollow diamond
        assert picture.getpixel((m.x, m.y - 9)) != (255, 255, 255)  # its outline
