"""A meeting's occurrences as stored: its rule, and the occurrences moved or cancelled."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.meeting_rules import HORIZON
from bot.recurrence import Occurrence, Series, occurrences
from bot.worktime import is_holiday
from storage.models import Meeting, MeetingChange, Mission


def series_of(meeting: Meeting) -> Series:
    return Series(meeting.starts_local, ZoneInfo(meeting.timezone), meeting.rrule,
                  timedelta(minutes=meeting.duration_minutes), meeting.ends_on)


def changes_of(session: Session, meeting_id: int) -> dict[datetime, datetime | None]:
    return {c.original_at: c.moved_to for c in session.exec(
        select(MeetingChange).where(MeetingChange.meeting_id == meeting_id))}


def upcoming(session: Session, meeting: Meeting, now: datetime, until: datetime | None = None) -> list[Occurrence]:
    """Occurrences not yet ended, up to `until` (default: the planning horizon); public holidays
    of the mission's country are left out of series that skip them."""
    country = session.get(Mission, meeting.mission_id).holiday_country if meeting.skip_holidays else None
    return occurrences(series_of(meeting), now - timedelta(minutes=meeting.duration_minutes),
                       until or now + HORIZON, changes=changes_of(session, meeting.id),
                       skip_day=lambda day: meeting.rrule is not None and is_holiday(country, day))

