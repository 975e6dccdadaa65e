"""What each modal the bot opened was opened for. A modal's `private_metadata` comes back from the
submitter's client, which could change it; so what a form acts on (the mission channel, the action or
meeting it is about) is recorded when it is opened, and its submission read from here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock
from storage.db import Engine, read_scope, session_scope
from storage.models import OpenForm
from storage.queries import forget_forms

KEEP = timedelta(days=1)  # a form left open longer is opened again


@dataclass(frozen=True)
class Opened:
    """A recorded form: the mission channel it acts in (None: none, one's own settings), what it acts on."""

    channel: str | None
    meta: dict = field(default_factory=dict)


class Modals:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def record(self, external_id: str, *, team_id: str, user_id: str, opened: Opened) -> None:
        """Before the form is shown; forms older than a day are forgotten meanwhile."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            forget_forms(session, before=now - KEEP)
            session.merge(
                OpenForm(
                    external_id=external_id,
                    team_id=team_id,
                    user_id=user_id,
                    channel=opened.channel,
                    meta=json.dumps(opened.meta),
                    opened_at=now,
                )
            )

    def opened(self, external_id: str, *, team_id: str, user_id: str) -> Opened | None:
        """What the form was opened for, if this person of this workspace opened it (within a day)."""
        with read_scope(self.engine) as session:
            row = session.get(OpenForm, external_id)
        if row is None or (row.team_id, row.user_id) != (team_id, user_id) or row.opened_at < self.clock.now() - KEEP:
            return None
        return Opened(row.channel, json.loads(row.meta))
