"""Planning the outbox: which notifications should be pending, and the operator's view of it.

Rows are re-derived whenever what they are about changes: a pending row that is no longer wanted
is cancelled, a wanted one is added (or revived), and a key that was sent is never sent again.
A row whose time has come, or that is claimed, is no longer the plan's to change: it is sent
(late if need be) or dropped by the downtime policy, which says why.
Each feature says what it wants planned (its `sync_*`); `apply_plan` makes the outbox match.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.context import Context, channel_context, zone
from bot.errors import AlreadyDone
from bot.i18n import language
from bot.notices import Planned, Prefs, Recipient
from bot.slacktext import SLACK_ID
from bot.worktime import work_week
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import (
    Mission,
    Notification,
    SlackUser,
    id_of,
)
from storage.outbox import drop_pending, for_entity, key_exists, listing, requeue, row_by_key
from storage.prefetch import get
from storage.purge import mark_uninstalled
from storage.queries import deactivated, slack_users, user_prefs

log = logging.getLogger(__name__)
T = TypeVar("T")


def recipients(session: Session, team_id: str, user_ids: list[str], fallback_tz: str) -> list[Recipient]:
    """Each user with their cached time zone (else the mission's) and reminder preferences."""
    users, prefs = slack_users(session, team_id, user_ids), user_prefs(session, team_id, user_ids)
    out = []
    for uid in user_ids:
        p = prefs.get(uid)
        out.append(
            Recipient(
                uid,
                zone(users[uid].timezone if uid in users else None, fallback_tz),
                Prefs(p.remind_before, p.remind_due, p.nudge_overdue, p.weekly_summary) if p else Prefs(),
            )
        )
    return out


def settled(row: Notification, now: datetime) -> bool:
    """Whether a row is the deliverer's, out of the re-plan's reach: claimed, or its time has come.

    Invariant 1 of the schedule (docs/reminders.md#invariants-of-the-schedule): a re-plan never
    withdraws, moves or revives such a row; only the downtime policy (scheduler.compose: Drop, expiry)
    may drop it, with a reason."""
    return row.state == "sending" or (row.state == "pending" and row.planned_at <= now)


def apply_plan(
    session: Session,
    *,
    team_id: str,
    mission_id: int | None,
    entity: str,
    entity_id: int,
    planned: list[Planned],
    now: datetime,
    scope: str = "",
) -> None:
    """Make the pending rows of (entity, entity_id) — those whose key starts with `scope` — match `planned`.

    Rows already due or claimed are left alone (see `settled`), and a row is written only when it
    differs from what is wanted, so that re-planning twice changes nothing (invariant 2). Nothing is
    planned for a deactivated person: what was is withdrawn (re-planned if the account comes back); nor for
    someone forgotten (`concerto people forget`), whose pseudonym is no Slack id."""
    existing = {row.key: row for row in for_entity(session, team_id, entity, entity_id, scope)}
    gone = deactivated(session, team_id, [p.target for p in planned])
    wanted = {p.key: p for p in planned if p.target not in gone and SLACK_ID.fullmatch(p.target)}
    for key, row in existing.items():
        if row.state == "pending" and key not in wanted and not settled(row, now):
            row.state, row.updated_at = "cancelled", now
    for key, p in wanted.items():
        current = existing.get(key)
        if current is None:
            if p.at > now or p.owed:  # never create a reminder that is already late, unless it is owed
                session.add(
                    Notification(
                        team_id=team_id,
                        mission_id=mission_id,
                        key=key,
                        kind=p.kind,
                        entity=entity,
                        entity_id=entity_id,
                        target=p.target,
                        planned_at=p.at,
                        run_at=p.at,
                        expires_at=p.expires,
                        about_at=p.about,
                        created_at=now,
                        updated_at=now,
                    )
                )
        elif settled(current, now):
            continue
        elif p.at <= now and not p.owed:  # moved into the past (a new zone, say): too late, as a new one would be
            if current.state == "pending":
                current.state, current.updated_at = "cancelled", now
        elif current.state in ("pending", "cancelled"):
            values = {
                "state": "pending",
                "planned_at": p.at,
                "run_at": p.at,
                "expires_at": p.expires,
                "about_at": p.about,
            }
            if any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                current.updated_at = now


def plan_now(
    session: Session,
    *,
    team_id: str,
    mission_id: int | None,
    entity: str,
    entity_id: int,
    key: str,
    kind: str,
    target: str,
    now: datetime,
    payload: str | None = None,
) -> None:
    """An effect of a change (a post, its update, a DM), due at once: written in the change's transaction,
    so that it is delivered exactly once whatever dies after the commit. A key already planned (the same
    request run again) plans nothing more."""
    if key_exists(session, team_id, key):
        return
    session.add(
        Notification(
            team_id=team_id,
            mission_id=mission_id,
            key=key,
            kind=kind,
            entity=entity,
            entity_id=entity_id,
            target=target,
            planned_at=now,
            run_at=now,
            payload=payload,
            created_at=now,
            updated_at=now,
        )
    )


def plan_message(
    session: Session,
    mission: Mission,
    target: str,
    *,
    key: str,
    kind: str,
    render: Callable[[Context], dict[str, Any]],
    now: datetime,
) -> None:
    """A message about the mission to `target` (a person, or its channel), rendered now in what `target`
    reads (`reader_of`) and planned with the change that causes it; a key already planned plans nothing more."""
    plan_now(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity="mission",
        entity_id=id_of(mission),
        key=key,
        kind=kind,
        target=target,
        now=now,
        payload=json.dumps(render(reader_of(session, mission, target, now))),
    )


ANNOUNCEMENT = "channel.post"


@dataclass(frozen=True)
class Announce(Generic[T]):
    """The post in the mission's channel a change makes (a meeting added, a sitting moved, a decision, a
    milestone reached), rendered from the change's result and planned in its transaction, so that it goes
    out once whatever dies after the commit. `request`: the Slack request making the change; the same
    request run again finds it made (`check` raises AlreadyDone) and changes nothing more."""

    request: str
    render: Callable[[T], dict[str, Any]]

    @property
    def key(self) -> str:
        return f"post:{self.request}"

    def check(self, session: Session, mission: Mission) -> None:
        """Raise AlreadyDone if this request's change was committed already (its post was planned with it)."""
        if key_exists(session, mission.team_id, self.key):
            raise AlreadyDone("request.already_done")

    def plan(self, session: Session, mission: Mission, result: T, now: datetime) -> None:
        plan_now(
            session,
            team_id=mission.team_id,
            mission_id=mission.id,
            entity="mission",
            entity_id=id_of(mission),
            key=self.key,
            kind=ANNOUNCEMENT,
            target=mission.channel_id,
            now=now,
            payload=json.dumps(self.render(result)),
        )


def post_state(session: Session, mission: Mission, request: str) -> tuple[str, str | None]:
    """Where the announcement a request planned stands (pending, sending, sent, failed, dropped; missing)."""
    row = row_by_key(session, mission.team_id, f"post:{request}")
    return (row.state, row.last_error) if row else ("missing", None)


def reader(session: Session, row: Notification, mission: Mission, now: datetime) -> Context:
    """What the row's target reads in (see `reader_of`)."""
    return reader_of(session, mission, row.target, now)


def reader_of(session: Session, mission: Mission, target: str, now: datetime) -> Context:
    """What a message to `target` reads in: the mission's channel, its language and zone, its times as date
    tokens (its members are not all in its zone); a person, their own (cached from users.info), else the
    mission's."""
    channel = channel_context(mission, now)
    if target == mission.channel_id:
        return channel
    user = get(session, SlackUser, (mission.team_id, target))
    return channel.read_by(
        language(user.locale if user else None, mission.language),
        zone(user.timezone if user else None, mission.timezone),
    )


# what tells the director that the mission's channel closed to the bot, or opened again: never held itself
CHANNEL_NOTICES = ("channel.held", "channel.resumed")

# what a request caused: the asker hears, the director is not paged
TOLD_TO_ASKER = ("action.post", "action.update", "action.assigned", ANNOUNCEMENT, "bookmarks.sync")


PROBLEMS = "delivery.problems"


def report_failure(session: Session, failed: Notification, now: datetime) -> None:
    """See that the mission's project director hears that a notice could not be delivered: in one DM a
    day at most, in working hours, which gathers every failure since the last (scheduler.compose). What a
    request caused (its post, its DMs) is told to whoever asked, and kept on the row with its reason."""
    mission = session.get(Mission, failed.mission_id) if failed.mission_id else None
    if failed.kind in (*TOLD_TO_ASKER, PROBLEMS) or mission is None or not mission.director_id:
        log.warning("%s %s (%s) failed for good: %s", failed.kind, failed.id, failed.key, failed.last_error)
        return
    tz, week = ZoneInfo(mission.timezone), work_week(mission)
    at = week.next_opening(now, tz)
    key = f"problems:{mission.id}:{at.astimezone(tz).date()}"
    if (today := row_by_key(session, mission.team_id, key)) is not None:
        if today.state == "pending":
            return  # it will tell this one too
        at = week.opening(week.working_day_on_or_after(at.astimezone(tz).date() + timedelta(days=1)), tz)
        key = f"problems:{mission.id}:{at.astimezone(tz).date()}"
        if key_exists(session, mission.team_id, key):
            return
    session.add(
        Notification(
            team_id=mission.team_id,
            mission_id=mission.id,
            key=key,
            kind=PROBLEMS,
            entity="problems",
            entity_id=id_of(mission),
            target=mission.director_id,
            planned_at=at,
            run_at=at,
            created_at=now,
            updated_at=now,
        )
    )


class Outbox:
    """The operator's view of the outbox (`concerto outbox`)."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def list(
        self, *, states: tuple[str, ...], until: datetime | None = None, limit: int = 500, held: bool = True
    ) -> list[Notification]:
        """The rows in these states, the soonest first; without those a closed channel holds unless `held`."""
        with read_scope(self.engine) as session:
            passing = None if held else CHANNEL_NOTICES
            return listing(session, states=states, until=until, limit=limit, passing=passing)

    def stop_workspace(self, team_id: str, reason: str) -> int:
        """A workspace uninstalled the app (or revoked its token): nothing more is sent to it. Its
        missions, actions and history stay, for a reinstall or an export, until retention purges them
        (bot.missions.retention)."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            mark_uninstalled(session, team_id, now)
            return drop_pending(session, team_id, now=now, reason=reason)

    def post_state(self, mission: Mission, request: str) -> tuple[str, str | None]:
        with read_scope(self.engine) as session:
            return post_state(session, mission, request)

    def retry(self, row_id: int) -> bool:
        """Send a failed (or dropped) notification again, as soon as the clock ticks."""
        with session_scope(self.engine) as session:
            return requeue(session, row_id, now=self.clock.now())
