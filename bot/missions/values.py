"""A mission's settings as the set-up form sends them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MissionSettings:
    director_id: str | None
    timezone: str
    language: str
    work_start: str
    work_end: str
    work_days: str
    holiday_country: str | None = "FR"  # None: public holidays are working days
    holiday_subdivision: str | None = None  # a subdivision's own holidays too: "6AE", Alsace-Moselle
