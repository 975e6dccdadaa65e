"""Planning canvas writes through the outbox: every change to what a canvas shows asks for one.

A write reads the state when it is sent, so one pending write covers every change made before it
goes: changes coalesce into at most one write a minute per canvas, none later than a minute after
the change. Features call `touch` in the transaction of their change; nothing here reads features.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.notices import Planned
from bot.outbox import apply_plan
from bot.refresh.rules import KEEP, MISSION_KEY, minutes_key, morning_refresh, next_write, refresh_key
from storage.canvases import canvas_by_key, minutes_of_meeting, mission_canvases
from storage.db import Session
from storage.models import Canvas, Mission, id_of
from storage.outbox import has_pending


def touch(session: Session, mission: Mission, now: datetime, *, meeting_id: int | None = None) -> None:
    """What the mission canvas shows changed (and the minutes of `meeting_id`'s sittings, if given).
    A mission has its canvas once it is set up (`start_canvas`)."""
    canvas = canvas_by_key(session, id_of(mission), MISSION_KEY)
    for c in [*([canvas] if canvas else []), *(minutes_of_meeting(session, meeting_id) if meeting_id else [])]:
        if c.placement != "unavailable":
            plan_write(session, c, mission, now)


def start_canvas(session: Session, mission: Mission, now: datetime) -> None:
    """Setting a mission up gives it its canvas (written soon), then kept current by `touch`."""
    if canvas_by_key(session, id_of(mission), MISSION_KEY) is None:
        session.add(
            Canvas(team_id=mission.team_id, mission_id=id_of(mission), key=MISSION_KEY, created_at=now, updated_at=now)
        )
        session.flush()
    touch(session, mission, now)


def write_minutes(session: Session, mission: Mission, meeting_id: int, occurrence: datetime, now: datetime) -> None:
    """A sitting's minutes as a canvas in the channel: made on first use, then written (again) soon."""
    key = minutes_key(meeting_id, occurrence)
    canvas = canvas_by_key(session, id_of(mission), key)
    if canvas is None:
        canvas = Canvas(
            team_id=mission.team_id,
            mission_id=id_of(mission),
            key=key,
            meeting_id=meeting_id,
            occurrence_at=occurrence,
            created_at=now,
            updated_at=now,
        )
        session.add(canvas)
        session.flush()
    plan_write(session, canvas, mission, now)


def plan_write(session: Session, canvas: Canvas, mission: Mission, now: datetime) -> None:
    """One pending write for the canvas, unless one is already waiting (it will show this change too)."""
    canvas_id = id_of(canvas)
    if has_pending(session, canvas.team_id, "canvas", canvas_id, "canvas.write"):
        return
    at = next_write(now, canvas.written_at)
    key = refresh_key(canvas_id, at)
    apply_plan(
        session,
        team_id=canvas.team_id,
        mission_id=mission.id,
        entity="canvas",
        entity_id=canvas_id,
        planned=[Planned(key, "canvas.write", mission.channel_id, at, at + KEEP)],
        now=now,
        scope=key,
    )


def plan_mornings(session: Session, now: datetime) -> int:
    """Tomorrow morning's refresh for every mission canvas (the clock runs this hourly)."""
    canvases = mission_canvases(session)
    for canvas in canvases:
        mission = session.get_one(Mission, canvas.mission_id)
        tz = ZoneInfo(mission.timezone)
        planned = (
            [] if canvas.placement == "unavailable" else [morning_refresh(id_of(canvas), mission.channel_id, now, tz)]
        )
        apply_plan(
            session,
            team_id=canvas.team_id,
            mission_id=mission.id,
            entity="canvas",
            entity_id=id_of(canvas),
            planned=planned,
            now=now,
            scope=f"canvas:{canvas.id}:morning:",
        )
    return len(canvases)
