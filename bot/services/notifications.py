"""The notification core's domain side: derive outbox rows from actions, and compose each message.

Rows are re-derived whenever what they are about changes: a pending row that is no longer wanted
is cancelled, a wanted one is added (or revived), and a key that was sent is never sent again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import digest, render, render_home, render_meetings, render_phases
from bot.action_types import COUNT_UP_TO, view_of
from bot.dates import wall_time
from bot.i18n import format_moment, language, t
from bot.reminders import ActionDue, Planned, Prefs, Recipient, plan_action
from bot.services.occurrences import upcoming
from bot.worktime import WorkWeek
from storage.db import Session, read_scope, session_scope
from storage.models import (
    Action,
    Meeting,
    Milestone,
    Mission,
    Notification,
    Phase,
    SlackUser,
    UserPrefs,
)
from storage.outbox import for_entity, key_exists, listing, requeue
from storage.planning import agenda
from storage.queries import open_actions, owners_of, slack_users, user_prefs

log = logging.getLogger(__name__)
LATE_AFTER = timedelta(minutes=10)  # later than this, a reminder says it is late


@dataclass(frozen=True)
class Outgoing:
    """A message ready to post."""

    channel: str
    message: dict


@dataclass(frozen=True)
class Drop:
    """Nothing to send any more, and why (logged, and kept on the row)."""

    reason: str


def work_week(mission: Mission) -> WorkWeek:
    return WorkWeek.of(mission.work_start, mission.work_end, mission.work_days, mission.holiday_country)


def _zone(name: str | None, fallback: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or fallback)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(fallback)


def recipients(session: Session, team_id: str, user_ids: list[str], fallback_tz: str) -> list[Recipient]:
    """Each user with their cached time zone (else the mission's) and reminder preferences."""
    users, prefs = slack_users(session, team_id, user_ids), user_prefs(session, team_id, user_ids)
    out = []
    for uid in user_ids:
        p = prefs.get(uid)
        out.append(Recipient(uid, _zone(users[uid].timezone if uid in users else None, fallback_tz),
                             Prefs(p.remind_before, p.remind_due, p.nudge_overdue, p.weekly_summary) if p else Prefs()))
    return out


def sync_action(session: Session, action: Action, mission: Mission, now: datetime) -> None:
    """Bring the action's pending reminders in line with its current state."""
    planned: list[Planned] = []
    if action.status == "open" and action.due_at is not None:
        owners = owners_of(session, [action.id])[action.id]
        due = ActionDue(action.id, action.due_at, action.due_date, action.due_all_day)
        planned = plan_action(due, recipients(session, action.team_id, owners, mission.timezone), work_week(mission))
    apply_plan(session, team_id=action.team_id, mission_id=mission.id, entity="action", entity_id=action.id,
               planned=planned, now=now)


def apply_plan(session: Session, *, team_id: str, mission_id: int | None, entity: str, entity_id: int,
               planned: list[Planned], now: datetime, scope: str = "") -> None:
    """Make the pending rows of (entity, entity_id) — those whose key starts with `scope` — match `planned`."""
    existing = {row.key: row for row in for_entity(session, team_id, entity, entity_id) if row.key.startswith(scope)}
    wanted = {p.key: p for p in planned}
    for key, row in existing.items():
        if row.state == "pending" and key not in wanted:
            row.state, row.updated_at = "cancelled", now
    for key, p in wanted.items():
        row = existing.get(key)
        if row is None:
            if p.at > now:  # never create a reminder that is already late
                session.add(Notification(
                    team_id=team_id, mission_id=mission_id, key=key, kind=p.kind, entity=entity,
                    entity_id=entity_id, target=p.target, planned_at=p.at, run_at=p.at, expires_at=p.expires,
                    about_at=p.about, created_at=now, updated_at=now))
        elif row.state == "pending" or (row.state == "cancelled" and p.at > now):
            row.state, row.planned_at, row.run_at = "pending", p.at, p.at
            row.expires_at, row.about_at, row.updated_at = p.expires, p.about, now


def compose(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    """What to post for a due row, or why not to post it at all."""
    if row.expires_at is not None and now >= row.expires_at:
        return Drop("expired: superseded or pointless by the time it could be sent")
    if row.entity == "action":
        return _action_reminder(session, row, now)
    if row.entity == "meeting":
        return _meeting_reminder(session, row, now)
    if row.entity == "milestone":
        return _milestone_alert(session, row, now)
    if row.entity == "digest":
        return _digest(session, row, now)
    if row.entity == "summary":
        return _summary(session, row, now)
    if row.kind == "delivery.failed":
        return _failure_notice(session, row)
    return Drop(f"unknown kind {row.kind}")


def _profile(session: Session, row: Notification, mission: Mission) -> tuple[ZoneInfo, str]:
    user = session.get(SlackUser, (row.team_id, row.target))
    tz = _zone(user.timezone if user else None, mission.timezone)
    return tz, language(user.locale if user else None, mission.language)


def _action_reminder(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    action = session.get(Action, row.entity_id)
    if action is None or action.status != "open":
        return Drop("the action is closed")
    mission = session.get(Mission, action.mission_id)
    owners = owners_of(session, [action.id])[action.id]
    if row.target not in owners:
        return Drop("no longer an owner")
    tz, lang = _profile(session, row, mission)
    late_since = row.planned_at if now - row.planned_at > LATE_AFTER else None
    msg = render.action_reminder(row.kind, view_of(action, owners), channel=mission.channel_id, lang=lang, tz=tz,
                                 now=now, late_since=late_since)
    return Outgoing(row.target, msg)


def _meeting_reminder(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    meeting = session.get(Meeting, row.entity_id)
    if meeting is None or meeting.status != "active":
        return Drop("the meeting was deleted")
    window = upcoming(session, meeting, now - timedelta(days=4)) if row.kind == "meeting.followup" \
        else upcoming(session, meeting, now)
    occ = next((o for o in window if o.original == row.about_at), None)
    if occ is None:
        return Drop("the occurrence was cancelled, moved or ended")
    mission = session.get(Mission, meeting.mission_id)
    if row.kind == "meeting.followup":
        tz, lang = _profile(session, row, mission)
        return Outgoing(row.target, render_meetings.follow_up(meeting, occ, lang=lang, tz=tz, now=now))
    if row.target == mission.channel_id:
        tz, lang = ZoneInfo(mission.timezone), mission.language
    else:
        tz, lang = _profile(session, row, mission)
    items = agenda(session, meeting.id, occ.original)
    day_after = occ.start.astimezone(ZoneInfo(mission.timezone)).date() + timedelta(days=1)
    # actions due by the end of the meeting's day (an all-day due falls due at that midnight)
    review_until = wall_time(day_after, time(0), ZoneInfo(mission.timezone)) + timedelta(seconds=1)
    due, total = open_actions(session, mission, due_before=review_until, from_meeting=(meeting.id, occ.original),
                              limit=10, count_up_to=COUNT_UP_TO)
    owners = owners_of(session, [a.id for a in due])
    late_since = row.planned_at if now - row.planned_at > LATE_AFTER else None
    msg = render_meetings.meeting_reminder(meeting, occ, items, [view_of(a, owners[a.id]) for a in due],
                                           total, lang=lang, tz=tz, now=now, late_since=late_since)
    return Outgoing(row.target, msg)


def _milestone_alert(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    milestone = session.get(Milestone, row.entity_id)
    if milestone is None or milestone.status != "open":
        return Drop("the milestone is done or deleted")
    mission = session.get(Mission, milestone.mission_id)
    if row.target == mission.channel_id:
        tz, lang = ZoneInfo(mission.timezone), mission.language
    else:
        tz, lang = _profile(session, row, mission)
    late = now - row.planned_at > LATE_AFTER
    late_since = t(lang, "reminder.late", when=format_moment(row.planned_at.astimezone(tz), lang)) if late else None
    phase = session.get(Phase, milestone.phase_id) if milestone.phase_id else None
    msg = render_phases.milestone_alert(milestone, phase, kind=row.kind, lang=lang, today=now.astimezone(tz).date(),
                                        late_since=late_since)
    return Outgoing(row.target, msg)


def _digest(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    from bot.services.digests import digest_data  # the digest service builds on this module

    mission = session.get(Mission, row.entity_id)
    if mission is None or mission.director_id != row.target:
        return Drop("the mission has another project director now")
    tz, lang = _profile(session, row, mission)
    return Outgoing(row.target, digest.digest_message(digest_data(session, mission, now), lang, tz, now))


def _summary(session: Session, row: Notification, now: datetime) -> Outgoing | Drop:
    from bot.services.home import home_data  # the home builds on this module

    prefs = session.get(UserPrefs, (row.team_id, row.target))
    if prefs is None or not prefs.weekly_summary:
        return Drop("the person no longer wants the summary")
    user = session.get(SlackUser, (row.team_id, row.target))
    tz = _zone(user.timezone if user else None, "Europe/Paris")
    lang = language(user.locale if user else None, "fr")
    data = home_data(session, row.team_id, row.target, now, days=7)
    return Outgoing(row.target, render_home.weekly_summary(data, lang, tz, now))


def _failure_notice(session: Session, row: Notification) -> Outgoing | Drop:
    failed = session.get(Notification, row.entity_id)
    mission = session.get(Mission, row.mission_id) if row.mission_id else None
    if failed is None or mission is None:
        return Drop("nothing to report")
    tz, lang = _profile(session, row, mission)
    return Outgoing(row.target, render.delivery_failure(failed.kind, failed.target, failed.last_error or "?",
                                                        lang=lang))


def report_failure(session: Session, failed: Notification, now: datetime) -> None:
    """Tell the mission's project director, once, that a notification could not be delivered."""
    mission = session.get(Mission, failed.mission_id) if failed.mission_id else None
    if failed.kind == "delivery.failed" or mission is None or not mission.director_id:
        log.warning("notification %s (%s) failed for good: %s; no director to tell",
                    failed.id, failed.key, failed.last_error)
        return
    key = f"failed:{failed.id}"
    if not key_exists(session, failed.team_id, key):
        session.add(Notification(
            team_id=failed.team_id, mission_id=mission.id, key=key, kind="delivery.failed", entity="notification",
            entity_id=failed.id, target=mission.director_id, planned_at=now, run_at=now, created_at=now,
            updated_at=now))


class Outbox:
    """The operator's view of the outbox (`concerto outbox`)."""

    def __init__(self, engine, clock) -> None:
        self.engine, self.clock = engine, clock

    def list(self, *, states: tuple[str, ...], until: datetime | None = None, limit: int = 500) -> list[Notification]:
        with read_scope(self.engine) as session:
            return listing(session, states=states, until=until, limit=limit)

    def retry(self, row_id: int) -> bool:
        """Send a failed (or dropped) notification again, as soon as the clock ticks."""
        with session_scope(self.engine) as session:
            return requeue(session, row_id, now=self.clock.now())
