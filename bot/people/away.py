"""Someone away (`/concerto absent du … au …`): what is sent to them waits for their return (scheduler.compose
holds it), and the open actions that fall due meanwhile are said, to them and to each director concerned."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from bot.actions.values import ActionView, view_of
from bot.outbox import plan_message
from bot.people.blocks import person_away
from storage.db import Session
from storage.models import id_of
from storage.queries import missions_of_team, open_actions_owned, owners_of

AWAY = "person.away"


def away_noted(
    session: Session, team_id: str, user_id: str, span: tuple[date, date], now: datetime
) -> list[tuple[ActionView, str]]:
    """The person's open actions due while away (soonest first), with their channels; each director of a
    mission where some fall due gets one DM listing them (the same absence set again: no second one)."""
    start, end = span
    missions = missions_of_team(session, team_id)
    due = sorted(
        (a for a in open_actions_owned(session, team_id, user_id) if a.due_date and start <= a.due_date <= end),
        key=lambda a: (a.due_date, a.number),
    )
    owners = owners_of(session, [id_of(a) for a in due])
    views = [(view_of(a, owners[id_of(a)]), a.mission_id) for a in due]
    for mission_id, mission in missions.items():
        theirs = [view for view, of in views if of == mission_id]
        if not theirs or mission.director_id in (None, user_id):
            continue
        plan_message(
            session,
            mission,
            mission.director_id,
            key=f"away:{mission_id}:{user_id}:{start}:{end}",
            kind=AWAY,
            render=partial(person_away, user_id, span, mission.channel_id, theirs),
            now=now,
        )
    return [(view, missions[of].channel_id) for view, of in views]
