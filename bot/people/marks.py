"""Who, among people listed as owners, is no longer there (a deactivated account) or away today: read once
for a digest, a Home or a canvas."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.people.values import Mark
from storage.db import Session
from storage.queries import deactivated, user_prefs


def marks(session: Session, team_id: str, user_ids: Iterable[str], today: date) -> dict[str, Mark]:
    """The people among `user_ids` with something to say beside their name."""
    ids = sorted(set(user_ids))
    gone = deactivated(session, team_id, ids)
    away = {
        uid: p.away_until
        for uid, p in user_prefs(session, team_id, ids).items()
        if p.away_from and p.away_until and p.away_from <= today <= p.away_until
    }
    return {uid: Mark(uid in gone, None if uid in gone else away.get(uid)) for uid in ids if uid in gone or uid in away}
