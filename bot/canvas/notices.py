"""What canvases say through the outbox: the mission canvas and each sitting's minutes, written as they stand
when due (one write covers every change before it). Planned by bot/refresh; written by scheduler/canvases.py.
Done again, a write replaces the same content: it leaves nothing to look for after a crash."""

from __future__ import annotations

import hashlib
from datetime import datetime

from bot.canvas.markdown import minutes_markdown, minutes_title, mission_markdown
from bot.canvas.service import minutes_of, mission_picture
from bot.context import mission_context
from bot.i18n import N_
from bot.missions.blocks import naming_channel
from bot.notices import CanvasWrite, Drop, NoticeKind
from storage.db import Session
from storage.models import Canvas, Meeting, Mission, Notification, id_of


def compose(session: Session, row: Notification, now: datetime) -> CanvasWrite | Drop:
    """The canvas as it stands now (one write covers every change before it), unless Slack has it already."""
    canvas = session.get(Canvas, row.entity_id)
    mission = session.get(Mission, canvas.mission_id) if canvas else None
    if canvas is None or mission is None or canvas.placement == "unavailable":
        return Drop("this workspace cannot have the canvas")
    ctx = mission_context(mission, now)
    if canvas.meeting_id is None:
        title = naming_channel(ctx.lang, N_("canvas.title"), N_("canvas.title_of"), mission.channel_name)
        markdown = mission_markdown(mission_picture(session, mission, now), ctx=ctx)
    else:
        assert canvas.occurrence_at is not None  # a sitting's minutes: its meeting and occurrence are both set
        minutes = minutes_of(session, mission, session.get_one(Meeting, canvas.meeting_id), canvas.occurrence_at)
        if minutes is None:
            return Drop("the sitting was cancelled or its meeting deleted")
        title = minutes_title(minutes, ctx)
        markdown = minutes_markdown(minutes, ctx=ctx)
    shown = markdown.split("\n", 1)[1] if canvas.meeting_id is None else markdown  # without "updated on …"
    digest = hashlib.sha256(shown.encode()).hexdigest()
    retitle = canvas.canvas_id is not None and canvas.title is not None and title != canvas.title
    if canvas.canvas_id and digest == canvas.content_hash and row.kind != "canvas.morning" and not retitle:
        return Drop("the canvas already shows this")
    return CanvasWrite(
        id_of(canvas),
        mission.channel_id,
        title,
        markdown,
        canvas.canvas_id,
        canvas.meeting_id is not None or canvas.placement == "standalone",
        ctx.lang,
        digest,
        retitle,
    )


KIND = NoticeKind(compose, leaves_no_trace=lambda _row: True)
