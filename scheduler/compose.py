"""Composing a due notification: what to post for an outbox row, or why not to post it. What holds for every
row is here (expired, its person gone or away, what a round reads at once); each feature composes its own
(bot/<feature>/notices.py), found through the registry of kinds (scheduler/kinds.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.context import zone
from bot.dates import wall_time
from bot.notices import Composition, Drop, Later
from bot.slacktext import is_user
from bot.worktime import WorkWeek, work_week
from scheduler.kinds import KINDS
from storage.db import Session
from storage.models import Mission, Notification, SlackUser, UserPrefs, id_of
from storage.prefetch import get, preload

EXPIRED = "expired: superseded or pointless by the time it could be sent"
GONE = "the person's account is deactivated"


def warm(session: Session, rows: list[Notification]) -> None:
    """Read at once what composing `rows` reads row by row (one query a table, not one a row): the rows,
    their missions, the people they are for and their settings, and what each feature reads."""
    preload(session, Notification, [id_of(row) for row in rows])
    preload(session, Mission, {row.mission_id for row in rows if row.mission_id})
    people = [(row.team_id, row.target) for row in rows if is_user(row.target)]
    preload(session, SlackUser, people)
    preload(session, UserPrefs, people)
    for entity, kind in KINDS.items():
        if kind.warm and (its := [row for row in rows if row.entity == entity]):
            kind.warm(session, its)


def compose(session: Session, row: Notification, now: datetime) -> Composition:
    """What to post for a due row, or why not to post it at all (or not yet)."""
    if row.expires_at is not None and now >= row.expires_at:
        return Drop(EXPIRED)
    if is_user(row.target):  # a person: gone, or away
        user = get(session, SlackUser, (row.team_id, row.target))  # kept in the session for the composer
        if user is not None and user.deleted:  # due before Slack said so: too late to withdraw
            return Drop(GONE)
        if (back := returns_at(session, row, user, now)) is not None:
            return Later((back - now).total_seconds(), f"the person is away until {back:%Y-%m-%d}")
    kind = KINDS.get(row.entity)
    return kind.compose(session, row, now) if kind else Drop(f"unknown kind {row.kind}")


def returns_at(session: Session, row: Notification, user: SlackUser | None, now: datetime) -> datetime | None:
    """When the person a row is for (`user`, as Slack said), if away today, is back: when work starts on the
    first working day after their absence, in their zone and the mission's working week. None: not away."""
    prefs = get(session, UserPrefs, (row.team_id, row.target))
    if prefs is None or prefs.away_from is None or prefs.away_until is None:
        return None
    mission = session.get(Mission, row.mission_id) if row.mission_id else None
    tz = zone(user.timezone if user else None, mission.timezone if mission else "Europe/Paris")
    if not prefs.away_from <= now.astimezone(tz).date() <= prefs.away_until:
        return None
    week = work_week(mission) if mission else WorkWeek()
    return week.next_opening(wall_time(prefs.away_until + timedelta(days=1), time(0), tz), tz)


def recorded(session: Session, row: Notification, channel: str, ts: str) -> None:
    """Slack has the row's message (posted now, or found after a crash): what its feature keeps of it."""
    kind = KINDS.get(row.entity)
    if kind and kind.recorded:
        kind.recorded(session, row, channel, ts)


def leaves_no_trace(row: Notification) -> bool:
    """A write that leaves no new message to look for after a crash (a canvas, bookmarks, a message update):
    done again, it replaces the same content."""
    kind = KINDS.get(row.entity)
    return kind is not None and kind.leaves_no_trace(row)
