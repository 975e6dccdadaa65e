"""Each person's reminder preferences (`/concerto settings`); changing them re-plans their reminders."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.actions.service import sync_action
from bot.actions.values import ActionView
from bot.clock import Clock
from bot.dates import wall_time
from bot.notices import Planned, Prefs
from bot.outbox import apply_plan, recipients
from bot.people.away import away_noted
from bot.worktime import WorkWeek, work_week
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Mission, UserPrefs
from storage.outbox import release_held
from storage.queries import missions_of_team, open_actions_owned, summary_subscribers

SUMMARY_AT = time(9)


SUMMARY_VALID = timedelta(hours=10)


def next_summary(now: datetime, tz: ZoneInfo, week: WorkWeek) -> datetime:
    """The next Monday's summary, at 09:00 in the person's zone; a Monday off moves it to the next
    working day of that week, as reminders move off days off."""
    local = now.astimezone(tz).date()
    monday = local - timedelta(days=local.weekday())
    for _ in range(3):
        day = week.working_day_on_or_after(monday)
        at = wall_time(day, SUMMARY_AT, tz).astimezone(timezone.utc)
        if at > now:
            return at
        monday += timedelta(days=7)
    raise ValueError("no working day to come")


def _week_of(session: Session, team_id: str) -> WorkWeek:
    """The working week a person's summary keeps to: their team's first mission's, else the default."""
    missions = missions_of_team(session, team_id)
    return work_week(missions[min(missions)]) if missions else WorkWeek()


def sync_summary(session: Session, team_id: str, user_id: str, now: datetime, since: datetime | None = None) -> None:
    """Keep one pending Monday-morning summary for those who want it (09:00 in their own zone);
    `since`, as for digests: the summary after one just settled is owed even if already late."""
    prefs = session.get(UserPrefs, (team_id, user_id))
    planned = []
    if prefs is not None and prefs.weekly_summary:
        (person,) = recipients(session, team_id, [user_id], "Europe/Paris")
        week = _week_of(session, team_id)
        owed = next_summary(since, person.tz, week) if since is not None else None
        owed = owed if owed is not None and owed + SUMMARY_VALID > now else None  # else pointless: not owed
        planned = [
            Planned(f"summary:{user_id}:{at:%Y%m%d}", "summary.weekly", user_id, at, at + SUMMARY_VALID, owed=at <= now)
            for at in {a for a in (owed, next_summary(now, person.tz, week)) if a is not None}
        ]
    apply_plan(
        session,
        team_id=team_id,
        mission_id=None,
        entity="summary",
        entity_id=0,
        planned=planned,
        now=now,
        scope=f"summary:{user_id}:",
    )


class Preferences:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def get(self, team_id: str, user_id: str) -> Prefs:
        with read_scope(self.engine) as session:
            row = session.get(UserPrefs, (team_id, user_id))
            return Prefs(row.remind_before, row.remind_due, row.nudge_overdue, row.weekly_summary) if row else Prefs()

    def save(self, team_id: str, user_id: str, prefs: Prefs) -> int:
        """Store the preferences and re-plan the person's open actions; returns how many."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = _prefs_row(session, team_id, user_id, now)
            row.remind_before, row.remind_due, row.nudge_overdue = prefs.before, prefs.due, prefs.overdue
            row.weekly_summary, row.updated_at = prefs.summary, now
            session.flush()
            sync_summary(session, team_id, user_id, now)
            actions = open_actions_owned(session, team_id, user_id)
            for action in actions:
                sync_action(session, action, session.get_one(Mission, action.mission_id), now)
            return len(actions)

    def set_away(self, team_id: str, user_id: str, span: tuple[date, date] | None) -> list[tuple[ActionView, str]]:
        """Note (or end, `span` None) someone's absence: what is sent to them meanwhile waits for their
        return (scheduler.compose). Returns their open actions due while away, with their channels; each
        mission's director concerned is told once."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = _prefs_row(session, team_id, user_id, now)
            row.away_from, row.away_until = span or (None, None)
            row.updated_at = now
            release_held(session, team_id, user_id, now=now)  # looked at again: held anew, or sent
            if span is None:
                return []
            return away_noted(session, team_id, user_id, span, now)

    def resync_summaries(self) -> int:
        """Plan the next summary of everyone who asked for one (the clock runs this hourly)."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            people = summary_subscribers(session)
            for prefs in people:
                sync_summary(session, prefs.team_id, prefs.user_id, now)
            return len(people)


def _prefs_row(session: Session, team_id: str, user_id: str, now: datetime) -> UserPrefs:
    """The person's row, made with the defaults the first time."""
    row = session.get(UserPrefs, (team_id, user_id))
    if row is None:
        row = UserPrefs(team_id=team_id, user_id=user_id, updated_at=now)
        session.add(row)
    return row
