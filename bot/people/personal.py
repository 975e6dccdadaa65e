"""A person forgotten (`concerto people forget`): the pseudonym that stands for them in the missions' record,
"ancien membre 3fa2", one random tag per person, in each mission's language (storage.personal erases)."""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.i18n import t
from storage.db import Session
from storage.personal import Forgotten, forget_person


def forget(session: Session, user_id: str, now: datetime) -> Forgotten:
    tag = secrets.token_hex(2)
    return forget_person(session, user_id, now, lambda lang: f"{t(lang, 'person.former')} {tag}")
