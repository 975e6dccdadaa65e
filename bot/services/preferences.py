"""Each person's reminder preferences (`/concerto settings`); changing them re-plans their reminders."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.reminders import Prefs
from bot.services.notifications import sync_action
from storage.db import session_scope
from storage.models import Mission, UserPrefs
from storage.queries import open_actions_owned


class Preferences:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def get(self, team_id: str, user_id: str) -> Prefs:
        with session_scope(self.engine) as session:
            row = session.get(UserPrefs, (team_id, user_id))
            return Prefs(row.remind_before, row.remind_due, row.nudge_overdue) if row else Prefs()

    def save(self, team_id: str, user_id: str, prefs: Prefs) -> int:
        """Store the preferences and re-plan the person's open actions; returns how many."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            session.merge(UserPrefs(team_id=team_id, user_id=user_id, remind_before=prefs.before,
                                    remind_due=prefs.due, nudge_overdue=prefs.overdue, updated_at=now))
            session.flush()
            actions = open_actions_owned(session, team_id, user_id)
            for action in actions:
                sync_action(session, action, session.get(Mission, action.mission_id), now)
            return len(actions)
