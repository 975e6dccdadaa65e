"""Tables. Every row carries the Slack team id; instants are UTC."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from pydantic import NaiveDatetime
from sqlalchemy import DateTime, Index, Table, UniqueConstraint, false, true
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Stored(Protocol):
    """A row with a generated id: None until it is flushed."""

    id: int | None


def id_of(row: Stored) -> int:
    """The id of a row read from the database or flushed into it (a row's id is None only before that)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} not flushed yet: it has no id")
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Table, which SQLModel sets on every `table=True` class but does not declare."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # undeclared in SQLModel's types
    return table


class Mission(SQLModel, table=True):
    """One consultation mission per Slack channel, with its settings. A Slack Connect channel keeps
    its id in every organisation that shares it, so the channel alone is the key: `team_id` is the
    workspace that started the mission (its rows all carry it), `enterprise_id` its Grid organisation."""

    __tablename__ = "missions"
    __table_args__ = (UniqueConstraint("channel_id", name="uq_missions_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    enterprise_id: str | None = Field(default=None, max_length=32)
    channel_id: str = Field(max_length=32)
    director_id: str | None = Field(default=None, max_length=32)
    timezone: str = Field(default="Europe/Paris", max_length=64)
    language: str = Field(default="fr", max_length=8)
    work_start: str = Field(default="09:00", max_length=5)
    work_end: str = Field(default="18:00", max_length=5)
    work_days: str = Field(default="12345", max_length=7)  # ISO weekdays, Monday = 1
    holiday_country: str | None = Field(default="FR", max_length=2)  # None: holidays are working days
    holiday_subdivision: str | None = Field(default=None, max_length=8)  # "6AE": Alsace-Moselle's too
    next_action_number: int = Field(default=1)
    next_meeting_number: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    next_phase_number: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    next_milestone_number: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    alert_days: str = Field(
        default="14 7 3 1 0",
        max_length=40,  # milestone alerts, days before
        sa_column_kwargs={"server_default": "14 7 3 1 0"},
    )
    digest_rhythm: str = Field(default="weekly", max_length=8, sa_column_kwargs={"server_default": "weekly"})
    digest_weekday: int = Field(default=5, sa_column_kwargs={"server_default": "5"})  # ISO, Friday
    digest_time: str = Field(default="17:00", max_length=5, sa_column_kwargs={"server_default": "17:00"})
    digest_sections: str = Field(
        default="overdue soon owners done meetings milestones",
        max_length=80,
        sa_column_kwargs={"server_default": "overdue soon owners done meetings milestones"},
    )
    calendar_token: str | None = Field(default=None, max_length=64, index=True)  # the ICS feed's secret
    channel_name: str | None = Field(default=None, max_length=80)  # as Slack last named it (channel_rename)
    # the channel closed to the bot: archived, or the bot removed from it; either holds its notifications
    channel_archived: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    bot_removed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    uninstalled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # its workspace left: purged later
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class MissionTeam(SQLModel, table=True):
    """A workspace other than the owner's that a mission's channel is shared with (Slack Connect), as its
    requests show: its people's Homes include what they own in the mission."""

    __tablename__ = "mission_teams"

    mission_id: int = Field(foreign_key="missions.id", primary_key=True, ondelete="CASCADE")
    team_id: str = Field(max_length=32, primary_key=True, index=True)
    seen_at: datetime = Field(sa_type=UTCDateTime)


class Action(SQLModel, table=True):
    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("mission_id", "number"),
        Index("ix_actions_mission_status_due", "mission_id", "status", "due_at"),
        Index("ix_actions_team_status_due", "team_id", "status", "due_at"),  # a person's Home, every mission
        UniqueConstraint("team_id", "request_key", name="uq_actions_team_request_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    mission_id: int = Field(foreign_key="missions.id")
    number: int
    text: str
    status: str = Field(default="open", max_length=8)
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    due_date: date | None = None  # the calendar day as the author meant it
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the instant it falls due
    due_all_day: bool = True
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: str | None = Field(default=None, max_length=32)
    permalink: str | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id")  # captured at this meeting …
    meeting_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # … occurrence (as the rule put it)
    phase_id: int | None = Field(default=None, foreign_key="phases.id")  # the phase it serves, if any
    milestone_id: int | None = Field(default=None, foreign_key="milestones.id")  # or the milestone
    message_channel: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    request_key: str | None = Field(default=None, max_length=100)  # the Slack request that created it, once


class ActionOwner(SQLModel, table=True):
    __tablename__ = "action_owners"
    __table_args__ = (Index("ix_action_owners_user", "team_id", "user_id"),)

    action_id: int = Field(foreign_key="actions.id", primary_key=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32, primary_key=True)
    team_id: str = Field(max_length=32)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when: one row per change, never updated."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entity", "team_id", "entity", "entity_id"),
        UniqueConstraint("team_id", "request_key", name="uq_audit_team_request_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mission_id: int | None = None
    entity: str = Field(max_length=16)
    entity_id: int
    actor: str = Field(max_length=32)
    verb: str = Field(max_length=16)
    detail: str = "{}"  # JSON
    at: datetime = Field(sa_type=UTCDateTime)
    request_key: str | None = Field(default=None, max_length=100)  # the Slack request that made it, once


class SlackUser(SQLModel, table=True):
    """Cache of users.info: time zone, locale, name, kind of account and home workspace, refreshed daily
    (`team_id` is the workspace that asked; `home_team_id` the person's own, another organisation's in Slack
    Connect)."""

    __tablename__ = "slack_users"

    team_id: str = Field(max_length=32, primary_key=True)
    user_id: str = Field(max_length=32, primary_key=True)
    timezone: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=16)
    name: str | None = Field(default=None, max_length=128)
    known: bool = Field(default=True, sa_column_kwargs={"server_default": true()})  # False: user_not_found
    is_bot: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    deleted: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    is_admin: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # admin or owner
    home_team_id: str | None = Field(default=None, max_length=32)
    home_enterprise_id: str | None = Field(default=None, max_length=32)  # their Grid organisation, if any
    handle: str | None = Field(default=None, max_length=128)  # users.info's `name`: how mentions show in text
    fetched_at: datetime = Field(sa_type=UTCDateTime)


class UserPrefs(SQLModel, table=True):
    """What a person wants to be reminded of (`/concerto settings`), and when they are away."""

    __tablename__ = "user_prefs"

    team_id: str = Field(max_length=32, primary_key=True)
    user_id: str = Field(max_length=32, primary_key=True)
    remind_before: bool = True
    remind_due: bool = True
    nudge_overdue: bool = True
    weekly_summary: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})  # Monday mornings
    away_from: date | None = None  # away (`/concerto absent`) from this day to `away_until`, both included
    away_until: date | None = None
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """The outbox: one row per message to send, derived from domain objects, sent at most once.

    States: pending → sending (claimed, with a lease) → sent | failed | dropped; or cancelled
    when the thing it is about changes before it is due.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        Index("ix_notifications_due", "state", "run_at"),
        Index("ix_notifications_expiry", "state", "expires_at"),  # what expired, dropped in bulk each tick
        Index("ix_notifications_entity", "team_id", "entity", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mission_id: int | None = None
    key: str = Field(max_length=200)  # dedupe key, e.g. action:12:due:U123:2027-02-03T0900
    kind: str = Field(max_length=32)
    entity: str = Field(max_length=16)
    entity_id: int
    target: str = Field(max_length=32)  # a user id (DM) or a channel id
    planned_at: datetime = Field(sa_type=UTCDateTime)
    run_at: datetime = Field(sa_type=UTCDateTime)  # next attempt; later than planned_at after a retry
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    about_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # e.g. the meeting occurrence
    state: str = Field(default="pending", max_length=10)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_channel: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    payload: str | None = None  # JSON: a message rendered with its change (an announcement), else composed when due
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Meeting(SQLModel, table=True):
    """A meeting or a series: its first wall-clock start in its own time zone and an RFC 5545 RRULE."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("mission_id", "number"), UniqueConstraint("mission_id", "plan_key"))

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    mission_id: int = Field(foreign_key="missions.id")
    number: int
    kind: str = Field(max_length=16)
    title: str = Field(max_length=200)
    organiser_id: str = Field(max_length=32)
    starts_local: NaiveDatetime = Field(sa_type=DateTime(timezone=False))  # wall time of the first one, in `timezone`
    timezone: str = Field(max_length=64)
    duration_minutes: int
    rrule: str | None = Field(default=None, max_length=200)  # e.g. FREQ=WEEKLY;BYDAY=TU
    ends_on: date | None = None  # the series stops after this day (UNTIL)
    location: str | None = Field(default=None, max_length=300)
    attendees: str = ""  # space-separated user ids
    dm_attendees: bool = False
    skip_holidays: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})
    reminders: str = ""  # lead times, e.g. "-1d@16:00 -1h" (see bot.meetings)
    status: str = Field(default="active", max_length=10)  # active | deleted
    sequence: int = 0  # bumped on every change (ICS SEQUENCE)
    plan_key: str | None = Field(default=None, max_length=80)  # its key in an imported mission plan
    validator_id: str | None = Field(default=None, max_length=32)  # who approves its minutes (storage.approvals)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class MeetingChange(SQLModel, table=True):
    """One occurrence of a series cancelled or moved, without touching the series.

    Keyed on the occurrence's day (in the meeting's zone), not its start: an exception survives an
    edit of the series' time, duration or title."""

    __tablename__ = "meeting_changes"
    __table_args__ = (UniqueConstraint("meeting_id", "occurrence_on", name="uq_meeting_changes_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    occurrence_on: date  # the day the rule puts the occurrence on, in the meeting's zone
    moved_to: datetime | None = Field(default=None, sa_type=UTCDateTime)  # None: cancelled
    created_at: datetime = Field(sa_type=UTCDateTime)


class AgendaItem(SQLModel, table=True):
    """An item queued for a meeting occurrence; open items carry forward to the next one."""

    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_meeting", "meeting_id", "occurrence_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    occurrence_at: datetime = Field(sa_type=UTCDateTime)
    text: str
    added_by: str = Field(max_length=32)
    done: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)


class Decision(SQLModel, table=True):
    """The decision register: what a meeting occurrence decided, and who recorded it."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_mission", "mission_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mission_id: int = Field(foreign_key="missions.id")
    meeting_id: int = Field(foreign_key="meetings.id")
    occurrence_at: datetime = Field(sa_type=UTCDateTime)
    text: str
    author: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Phase(SQLModel, table=True):
    """A stage of the consultation (launch seminar, workshops, debates, forum), with its dates."""

    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("mission_id", "number"), UniqueConstraint("mission_id", "plan_key"))

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    mission_id: int = Field(foreign_key="missions.id")
    number: int
    name: str = Field(max_length=150)
    starts_on: date
    ends_on: date
    created_by: str = Field(max_length=32)
    status: str = Field(default="active", max_length=10)  # active | deleted
    plan_key: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Milestone(SQLModel, table=True):
    """A hard deadline. Inside a phase it is kept relative to the phase's start, or to its end (`anchor`,
    `offset_days`), so moving the phase, or that end, moves it."""

    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("mission_id", "number"),
        UniqueConstraint("mission_id", "plan_key"),
        Index("ix_milestones_mission", "mission_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mission_id: int = Field(foreign_key="missions.id")
    number: int
    name: str = Field(max_length=150)
    phase_id: int | None = Field(default=None, foreign_key="phases.id")
    offset_days: int | None = None  # from the phase's `anchor`, when in a phase
    anchor: str = Field(default="start", max_length=5, sa_column_kwargs={"server_default": "start"})  # start | end
    due_on: date
    owner_id: str | None = Field(default=None, max_length=32)
    created_by: str = Field(max_length=32)
    status: str = Field(default="open", max_length=10)  # open | done | deleted
    plan_key: str | None = Field(default=None, max_length=80)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class SeenEvent(SQLModel, table=True):
    """Events API deliveries already handled: Slack retries carry the same event id."""

    __tablename__ = "seen_events"

    event_id: str = Field(max_length=64, primary_key=True)
    seen_at: datetime = Field(sa_type=UTCDateTime, index=True)


class OpenForm(SQLModel, table=True):
    """A modal the bot opened, and what it was opened for: by whom, the mission channel it acts in (the one
    Slack said it was opened from, or the mission of what it is about once reached) and the ids it acts on.
    A submission is read against this record, never against the `private_metadata` the submitter's client
    sends back. Kept a day (a form left open longer is opened again)."""

    __tablename__ = "open_forms"

    external_id: str = Field(max_length=255, primary_key=True)  # ours, set when the modal is opened
    team_id: str = Field(max_length=32)  # the workspace that asked (Slack's, not the mission's owner)
    user_id: str = Field(max_length=32)
    channel: str | None = Field(default=None, max_length=32)  # the mission channel it acts in
    meta: str = Field(default="{}", max_length=3000)  # JSON: what the form acts on
    opened_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Canvas(SQLModel, table=True):
    """A canvas Concerto keeps: the mission's (key `mission`) or a sitting's minutes
    (`minutes:<meeting id>:<occurrence>`). Slack's id is known once the first write succeeded."""

    __tablename__ = "canvases"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mission_id: int = Field(foreign_key="missions.id")
    key: str = Field(max_length=80)
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id")  # minutes: the sitting …
    occurrence_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # … as the rule put it
    canvas_id: str | None = Field(default=None, max_length=32)  # Slack's file id (F…)
    placement: str = Field(default="channel", max_length=12)  # channel | standalone | unavailable
    content_hash: str | None = Field(default=None, max_length=64)  # of the markdown last written
    title: str | None = Field(default=None, max_length=200)  # as last given to Slack (a renamed channel changes it)
    written_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class InboxRequest(SQLModel, table=True):
    """A request the web process acknowledged, recorded before the ack: the durable hand-off to the work
    processes. One row per (request, lazy listener), unique on Slack's retry identity.

    States: pending → running (claimed, with a lease renewed while it runs) → done; a running row whose
    lease ran out (its work process died) is claimed again.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("key"),
        Index("ix_inbox_state_claimed", "state", "claimed_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)  # retry identity + lazy listener, e.g. event:Ev0123:handle_mention
    body: str  # the raw body Slack signed
    headers: str  # JSON: the request's headers, for the work process's dispatch
    state: str = Field(default="pending", max_length=8)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    received_at: datetime = Field(sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ConversationPace(SQLModel, table=True):
    """When the next post to a conversation may go out, shared by every clock: a clock takes the turn
    (compare-and-set on `next_at`), posts, then sets `next_at` from Slack's answer (or its Retry-After)."""

    __tablename__ = "conversation_pace"

    target: str = Field(primary_key=True, max_length=32)  # a user id (DM) or a channel id
    next_at: datetime = Field(sa_type=UTCDateTime)
    held_by: str | None = Field(default=None, max_length=64)  # the clock posting to it right now…
    held_until: datetime | None = Field(default=None, sa_type=UTCDateTime)  # …unless it died: free after this


class Heartbeat(SQLModel, table=True):
    """When each clock last ticked: `/readyz` reads the latest, and says when no clock has for a while."""

    __tablename__ = "heartbeats"

    process: str = Field(primary_key=True, max_length=128)  # host:pid
    beat_at: datetime = Field(sa_type=UTCDateTime)
