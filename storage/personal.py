"""What Concerto holds about one person, for the GDPR: all of it written out (Art. 15 and 20), or erased
(Art. 17). Erased means their profile, preferences, open forms and notifications deleted, and their id
replaced, wherever the mission's record keeps what they did (actions, decisions, audit entries, meetings,
milestones), by a pseudonym that names nobody, worded by the caller (bot.people.personal).

`INVENTORY` is the one list of the columns that hold a person's id: docs/operations.md's data inventory reads
as it does, and tests/processes/test_people.py looks through every table after a `forget`."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from storage.approvals import MinutesApproval
from storage.installations import installations_table
from storage.models import (
    Action,
    ActionOwner,
    AgendaItem,
    AuditEntry,
    ConversationPace,
    Decision,
    InboxRequest,
    Meeting,
    Milestone,
    Mission,
    Notification,
    OpenForm,
    Phase,
    SlackUser,
    UserPrefs,
)

Columns = tuple[tuple[type[SQLModel], str], ...]
DELETED: Columns = ((SlackUser, "user_id"), (UserPrefs, "user_id"), (OpenForm, "user_id"), (ConversationPace, "target"))
# their rows: their profile as Slack gave it, their settings, forms they had open, the pace of their DMs
RECORD: Columns = (
    (ActionOwner, "user_id"),
    (Action, "created_by"),
    (Action, "done_by"),
    (AuditEntry, "actor"),
    (Meeting, "organiser_id"),
    (AgendaItem, "added_by"),
    (Decision, "author"),
    (Phase, "created_by"),
    (Milestone, "owner_id"),
    (Milestone, "created_by"),
    (Milestone, "done_by"),
    (MinutesApproval, "submitted_by"),
    (MinutesApproval, "decided_by"),
    (MinutesApproval, "validator_id"),
)
# what they did, kept for the mission's record under a pseudonym
TEXTS: Columns = (
    (Action, "text"),
    (Decision, "text"),
    (AgendaItem, "text"),
    (Meeting, "title"),
    (Milestone, "name"),
    (AuditEntry, "detail"),
    (Notification, "payload"),
    (MinutesApproval, "comment"),
)
# where their id (in JSON, or in Slack's mention markup) or their name (`@Name`) may be written
INVENTORY: Columns = (
    *DELETED,
    *RECORD,
    (Notification, "target"),
    (Meeting, "attendees"),
    (Meeting, "validator_id"),
    (Mission, "director_id"),
)


@dataclass(frozen=True)
class Forgotten:
    pseudonym: str  # as the first mission reads it
    deleted: dict[str, int]  # table -> rows
    pseudonymised: dict[str, int]  # table.column -> rows
    withdrawn: int  # notifications for them that were still to go


def export_person(session: Session, user_id: str, now: datetime) -> dict[str, Any]:
    """Everything held about `user_id`, as JSON-ready data."""
    owned = {o.action_id for o in _holding(session, ActionOwner, "user_id", user_id)}
    actions = session.exec(
        select(Action).where(
            or_(col(Action.id).in_(owned), col(Action.created_by) == user_id, col(Action.done_by) == user_id)
        )
    )
    meetings = session.exec(
        select(Meeting).where(or_(col(Meeting.organiser_id) == user_id, col(Meeting.attendees).contains(user_id)))
    )

    def listed(model: type[SQLModel], column: str, *fields: str) -> list[dict[str, Any]]:
        return [_plain(row, *fields) for row in _holding(session, model, column, user_id)]

    return {
        "person": user_id,
        "exported_at": now.isoformat(),
        "profiles": listed(SlackUser, "user_id", "team_id", "timezone", "locale", "name", "deleted", "home_team_id"),
        "preferences": listed(
            UserPrefs,
            "user_id",
            "team_id",
            "remind_before",
            "remind_due",
            "nudge_overdue",
            "weekly_summary",
            "away_from",
            "away_until",
        ),  # fmt: skip
        "directs": listed(Mission, "director_id", "team_id", "channel_id", "channel_name"),
        "actions": [
            {
                **_plain(a, "mission_id", "number", "text", "status", "due_at", "created_at", "done_at"),
                "owner": a.id in owned,
                "created": a.created_by == user_id,
            }
            for a in actions
        ],
        "meetings": [
            _plain(m, "mission_id", "number", "title", "organiser_id", "rrule", "starts_local") for m in meetings
        ],
        "agenda_items": listed(AgendaItem, "added_by", "meeting_id", "occurrence_at", "text", "created_at"),
        "decisions": listed(Decision, "author", "mission_id", "meeting_id", "occurrence_at", "text", "created_at"),
        "milestones": listed(Milestone, "owner_id", "mission_id", "number", "name", "due_on", "status"),
        "minutes_decided": listed(MinutesApproval, "decided_by", "meeting_id", "occurrence_at", "state", "comment"),
        "audit": listed(AuditEntry, "actor", "mission_id", "entity", "entity_id", "verb", "detail", "at"),
        "notifications": listed(Notification, "target", "kind", "planned_at", "state", "sent_at"),
    }


def forget_person(session: Session, user_id: str, now: datetime, former: Callable[[str], str]) -> Forgotten:
    """Erase `user_id`: see the module's docstring. `former(language)` words the pseudonym in a mission's
    language. Their id is left nowhere in clear, nor the name Slack gave them, in the columns above or in the
    texts and JSON the mission keeps (`@Name` becomes the pseudonym)."""
    names = {n for u in _holding(session, SlackUser, "user_id", user_id) for n in (u.name, u.handle) if n}
    languages = {m.id: m.language for m in session.exec(select(Mission))}

    def pseudonym(mission_id: int | None) -> str:
        return former(languages.get(mission_id, "fr"))

    withdrawn = [n for n in _holding(session, Notification, "target", user_id) if n.state in ("pending", "sending")]
    deleted = Counter[str]()
    purged: Columns = (*DELETED, (Notification, "target"))
    for model, column in purged:
        gone = session.exec(delete(model).where(getattr(model, column) == user_id))
        deleted[_table(model)] += gone.rowcount
    changed = Counter[str]()
    for model, column in RECORD:
        for row in _holding(session, model, column, user_id):
            setattr(row, column, pseudonym(_mission_of(session, row)))
            changed[f"{_table(model)}.{column}"] += 1
    for meeting in session.exec(select(Meeting).where(col(Meeting.attendees).contains(user_id))):
        meeting.attendees = " ".join(a for a in meeting.attendees.split() if a != user_id)
        changed["meetings.attendees"] += 1
    for meeting in _holding(session, Meeting, "validator_id", user_id):  # asked no more: someone else is named
        meeting.validator_id = None
        changed["meetings.validator_id"] += 1
    for mission in _holding(session, Mission, "director_id", user_id):
        mission.director_id, mission.updated_at = None, now
        changed["missions.director_id"] += 1
    for model, column in TEXTS:
        for row in session.exec(select(model)):
            before = getattr(row, column)
            after = _scrubbed(before, user_id, names, pseudonym(_mission_of(session, row)))
            if after != before:
                setattr(row, column, after)
                changed[f"{_table(model)}.{column}"] += 1
    installer = update(installations_table).where(installations_table.c.user_id == user_id)
    installed = session.exec(installer.values(user_id=pseudonym(None), user_token=None, user_refresh_token=None))
    if installed.rowcount:
        changed["slack_installations.user_id"] += installed.rowcount
    return Forgotten(pseudonym(next(iter(languages), None)), dict(deleted), dict(changed), len(withdrawn))


def forget_requests(session: Session, user_id: str) -> int:
    """Delete the requests of theirs the inbox keeps once run (an hour, to recognise Slack's retries); one not
    run yet stays, to run."""
    run = delete(InboxRequest).where(col(InboxRequest.state) == "done", col(InboxRequest.body).contains(user_id))
    return session.exec(run).rowcount


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _holding(session: Session, model: type[SQLModel], column: str, user_id: str) -> list[Any]:
    """The rows of `model` whose `column` is `user_id`."""
    return list(session.exec(select(model).where(getattr(model, column) == user_id)))


def _table(model: type[SQLModel]) -> str:
    return str(getattr(model, "__tablename__", model.__name__))


def _scrubbed(text: str | None, user_id: str, names: Iterable[str], pseudonym: str) -> str | None:
    if not text or (user_id not in text and not any(name in text for name in names)):
        return text
    text = re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", pseudonym, text)
    text = text.replace(user_id, pseudonym)
    for name in names:
        text = text.replace(f"@{name}", pseudonym).replace(name, pseudonym)
    return text


def _mission_of(session: Session, row: object) -> int | None:
    if isinstance(row, ActionOwner):
        action = session.get(Action, row.action_id)
        return action.mission_id if action else None
    if isinstance(row, AgendaItem):
        meeting = session.get(Meeting, row.meeting_id)
        return meeting.mission_id if meeting else None
    mission_id = getattr(row, "mission_id", None)
    return mission_id if isinstance(mission_id, int) else None


def _plain(row: object, *fields: str) -> dict[str, Any]:
    """A row's fields as JSON reads them (dates as ISO text)."""
    out = {}
    for name in fields:
        value = getattr(row, name, None)
        out[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return out
