"""Queries about the canvases Concerto keeps (the mission's, and each sitting's minutes)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import Canvas


def canvas_by_key(session: Session, mission_id: int, key: str) -> Canvas | None:
    return session.exec(select(Canvas).where(Canvas.mission_id == mission_id, Canvas.key == key)).first()


def minutes_of_meeting(session: Session, meeting_id: int) -> list[Canvas]:
    return list(session.exec(select(Canvas).where(Canvas.meeting_id == meeting_id).order_by(col(Canvas.id))))


def mission_canvases(session: Session) -> list[Canvas]:
    return list(session.exec(select(Canvas).where(Canvas.key == "mission").order_by(col(Canvas.id))))
