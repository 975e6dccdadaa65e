"""Clocks' heartbeats: one row per clock process, its last tick; rows of clocks gone for a day are removed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import Heartbeat

FORGOTTEN = timedelta(days=1)  # a clock silent this long is gone (a restart has another pid)


def beat(session: Session, process: str, now: datetime) -> None:
    row = session.get(Heartbeat, process)
    if row is None:
        session.add(Heartbeat(process=process, beat_at=now))
    else:
        row.beat_at = now
    session.exec(delete(Heartbeat).where(col(Heartbeat.beat_at) < now - FORGOTTEN))


def last_beat(session: Session) -> datetime | None:
    """When a clock last ticked, any clock; None when none ever did."""
    return session.exec(select(func.max(Heartbeat.beat_at))).one()
