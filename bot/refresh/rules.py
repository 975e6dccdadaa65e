"""When a canvas is written: soon after a change, at most once a minute per canvas, and each morning. Pure."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dates import wall_time
from bot.notices import Planned

SETTLE = timedelta(seconds=5)  # a burst of changes (a plan import, a form) makes one write
SPACING = timedelta(minutes=1)  # at most one write a minute per canvas
KEEP = timedelta(days=2)  # a write waiting longer than this (a long outage) gives way to the next change
MORNING = time(7, 0)  # the daily refresh, in the mission's time zone: "late" and "today" move on
MISSION_KEY = "mission"  # the mission canvas's key (a sitting's minutes have theirs: minutes_key)


def minutes_key(meeting_id: int, occurrence: datetime) -> str:
    """The canvas key of a sitting's minutes: one canvas per meeting occurrence."""
    return f"minutes:{meeting_id}:{occurrence:%Y%m%dT%H%M}"


def next_write(now: datetime, last_written: datetime | None) -> datetime:
    """The earliest a write for a change made `now` may go: within a minute, a minute after the last."""
    soon = now + SETTLE
    return soon if last_written is None else max(soon, last_written + SPACING)


def refresh_key(canvas_id: int, at: datetime) -> str:
    """Unique per write (to the microsecond: two changes racing in two transactions never share one)."""
    return f"canvas:{canvas_id}:{at:%Y%m%dT%H%M%S%f}"


def morning_refresh(canvas_id: int, channel: str, now: datetime, tz: ZoneInfo) -> Planned:
    """The next morning's refresh of a canvas: today's if still ahead, else tomorrow's (planned again
    every hour, so there is always one ahead)."""
    today = now.astimezone(tz).date()
    day = today if now < wall_time(today, MORNING, tz) else today + timedelta(days=1)
    at = wall_time(day, MORNING, tz)
    return Planned(
        key=f"canvas:{canvas_id}:morning:{day:%Y%m%d}",
        kind="canvas.morning",
        target=channel,
        at=at,
        expires=at + timedelta(hours=12),
    )
