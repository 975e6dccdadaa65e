"""The action and decision log as CSV, for the client's end-of-consultation review: UTF-8 with a BOM
and `;` between fields, as Excel in French expects, so that accents and columns come out right.

Headers and statuses are in the mission's language, people by name beside their Slack ids (names from
users.info, cached in slack_users), decisions in columns of their own, and any cell Excel would run as a
formula made inert (OWASP's CSV-injection advice: a leading `'` before `=`, `+`, `-`, `@`, tab or CR)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions.service import link_label
from bot.clock import Clock
from bot.errors import Refused
from bot.i18n import N_, t
from bot.permissions import may_export
from storage.db import Engine, read_scope
from storage.models import Mission, id_of
from storage.planning import decisions_of_mission, meetings_of_mission
from storage.queries import logged_actions, owners_of, slack_users

COLUMNS = [
    N_("export.col_type"),
    N_("export.col_number"),
    N_("export.col_text"),
    N_("export.col_status"),
    N_("export.col_owners"),
    N_("export.col_owner_ids"),
    N_("export.col_created_by"),
    N_("export.col_created_by_id"),
    N_("export.col_created"),
    N_("export.col_due"),
    N_("export.col_done"),
    N_("export.col_done_by"),
    N_("export.col_done_by_id"),
    N_("export.col_meeting"),
    N_("export.col_phase_or_milestone"),
    N_("export.col_link"),
    N_("export.col_decision"),
    N_("export.col_decided_on"),
    N_("export.col_recorded_by"),
    N_("export.col_recorded_by_id"),
]
KINDS = {"action": N_("export.kind_action"), "decision": N_("export.kind_decision")}
STATUSES = {"open": N_("export.status_open"), "done": N_("export.status_done")}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Names = Callable[[list[str]], dict[str, str]]  # user ids -> names, when Slack can be asked


def inert(cell: object) -> str:
    """A cell as text Excel shows and never runs: a formula-looking start gets a leading `'`."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Exports:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def actions_csv(self, mission: Mission, *, actor: str | None = None, names: Names | None = None) -> bytes:
        """With `actor`, only if they may export (asked in Slack); the operator's CLI names none, and has
        only the names already cached (without `names`, ids stand in for the others)."""
        if actor is not None and not may_export(actor, director=mission.director_id):
            raise Refused("export.refused", director=mission.director_id)
        tz, lang = ZoneInfo(mission.timezone), mission.language

        def local(moment: datetime | None) -> str:
            return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""

        rows: list[list[object]] = []
        with read_scope(self.engine) as session:
            actions = logged_actions(session, id_of(mission))
            owners = owners_of(session, [id_of(a) for a in actions])
            meetings = meetings_of_mission(session, id_of(mission))
            decisions = decisions_of_mission(session, id_of(mission))
            people = sorted(
                {u for a in actions for u in (*owners[id_of(a)], a.created_by, a.done_by) if u}
                | {d.author for d in decisions}
            )
            cached = {uid: u.name for uid, u in slack_users(session, mission.team_id, people).items() if u.name}
            known = {**cached, **(names(people) if names else {})}

            def who(ids: list[str]) -> tuple[str, str]:
                return ", ".join(known.get(uid, uid) for uid in ids), " ".join(ids)

            for a in actions:
                due = a.due_date.isoformat() if a.due_all_day and a.due_date else local(a.due_at)
                meeting = meetings.get(a.meeting_id) if a.meeting_id is not None else None
                done_by = [a.done_by] if a.done_by else []
                rows.append(
                    [
                        t(lang, KINDS["action"]),
                        a.number,
                        a.text,
                        t(lang, STATUSES[a.status]),
                        *who(owners[id_of(a)]),
                        *who([a.created_by]),
                        local(a.created_at),
                        due,
                        local(a.done_at),
                        *who(done_by),
                        f"#{meeting.number} {meeting.title}" if meeting else "",
                        link_label(session, a) or "",
                        a.permalink or "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
            for d in decisions:
                meeting = meetings[d.meeting_id]
                rows.append(
                    [
                        t(lang, KINDS["decision"]),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        f"#{meeting.number} {meeting.title}",
                        "",
                        "",
                        d.text,
                        local(d.occurrence_at),
                        *who([d.author]),
                    ]
                )
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([t(lang, key) for key in COLUMNS])
        writer.writerows([[inert(cell) for cell in row] for row in rows])
        return out.getvalue().encode("utf-8-sig")
