"""What the Home says through the outbox: a person's Monday summary of their actions and meetings, for those
who asked for it (`/concerto settings`), one at a time, the next planned as each is settled."""

from __future__ import annotations

from datetime import datetime

from bot.context import Context, zone
from bot.home.blocks import weekly_summary
from bot.home.service import home_data
from bot.i18n import language
from bot.notices import Drop, NoticeKind, Outgoing
from bot.people.preferences import sync_summary
from storage.db import Session
from storage.models import Notification, SlackUser, UserPrefs
from storage.prefetch import get


def compose(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    """The week ahead, in the person's language and zone, or why not: they no longer want it."""
    prefs = get(session, UserPrefs, (row.team_id, row.target))
    if prefs is None or not prefs.weekly_summary:
        return Drop("the person no longer wants the summary")
    user = get(session, SlackUser, (row.team_id, row.target))
    ctx = Context(
        language(user.locale if user else None, "fr"), zone(user.timezone if user else None, "Europe/Paris"), now
    )
    return Outgoing(row.target, weekly_summary(home_data(session, row.team_id, row.target, now, days=7), ctx))


def plan_next(session: Session, row: Notification, now: datetime) -> None:
    sync_summary(session, row.team_id, row.target, now, since=row.planned_at)


KIND = NoticeKind(compose, plan_next=plan_next)
