"""The action and decision log as CSV, for the client's end-of-consultation review: UTF-8 with a BOM
and `;` between fields, as Excel in French expects, so that accents and columns come out right."""
from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from bot.actions.service import link_label
from bot.clock import Clock
from bot.errors import Refused
from bot.permissions import may_export
from storage.db import Engine, read_scope
from storage.models import Mission
from storage.planning import decisions_of_mission, meetings_of_mission
from storage.queries import logged_actions, owners_of

COLUMNS = ["type", "number", "text", "status", "owners", "created_by", "created", "due", "done", "done_by",
           "meeting", "phase_or_milestone", "link"]


class Exports:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def actions_csv(self, mission: Mission, *, actor: str | None = None) -> bytes:
        """With `actor`, only if they may export (asked in Slack); the operator's CLI names none."""
        if actor is not None and not may_export(actor, director=mission.director_id):
            raise Refused("export.refused", director=mission.director_id)
        tz = ZoneInfo(mission.timezone)

        def local(moment) -> str:
            return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        with read_scope(self.engine) as session:
            actions = logged_actions(session, mission.id)
            owners = owners_of(session, [a.id for a in actions])
            meetings = meetings_of_mission(session, mission.id)
            for a in actions:
                due = a.due_date.isoformat() if a.due_all_day and a.due_date else local(a.due_at)
                meeting = meetings.get(a.meeting_id)
                writer.writerow(["action", a.number, a.text, a.status, " ".join(owners[a.id]), a.created_by,
                                 local(a.created_at), due, local(a.done_at), a.done_by or "",
                                 f"#{meeting.number} {meeting.title}" if meeting else "",
                                 link_label(session, a) or "", a.permalink or ""])
            for d in decisions_of_mission(session, mission.id):
                meeting = meetings[d.meeting_id]
                writer.writerow(["decision", meeting.number, d.text, "", "", d.author, local(d.created_at),
                                 local(d.occurrence_at), "", "", f"#{meeting.number} {meeting.title}", "", ""])
        return out.getvalue().encode("utf-8-sig")
