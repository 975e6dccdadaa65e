"""What actions say in Slack, through the outbox: the post in the channel, its updates, the DM to a new
owner, and the reminders. Planned in the change's transaction; composed when delivered, from the action
as it stands then (a post delivered late shows the action as it is, not as it was)."""

from __future__ import annotations

from datetime import datetime

from bot.actions.blocks import action_message, action_reminder, assigned_dm, deleted_message
from bot.actions.values import ActionView, view_of
from bot.context import channel_context
from bot.notices import LATE_AFTER, Drop, Later, NoticeKind, Outgoing
from bot.outbox import plan_now, reader
from storage.db import Session
from storage.models import Action, AuditEntry, Milestone, Mission, Notification, Phase, id_of
from storage.outbox import has_later, row_by_key
from storage.prefetch import get, keep, kept, preload
from storage.queries import last_audit, owners_of

POST, UPDATE, ASSIGNED = "action.post", "action.update", "action.assigned"
EFFECTS = (POST, UPDATE, ASSIGNED)
NOT_POSTED_YET = 2.0  # seconds before an update whose post is not in Slack yet is looked at again
OWNERS = "actions.owners"  # what `warm` keeps: the owners of the round's actions, by action


def link_label(session: Session, action: Action) -> str | None:
    """ "M3 Invitations envoyées" or "2. Ateliers": what the action serves, if anything."""
    if action.milestone_id:
        milestone = session.get_one(Milestone, action.milestone_id)
        return f"M{milestone.number} {milestone.name}"
    if action.phase_id:
        phase = session.get_one(Phase, action.phase_id)
        return f"{phase.number}. {phase.name}"
    return None


def stored_view(session: Session, action: Action) -> ActionView:
    action_id = id_of(action)
    owners = kept(session, OWNERS, action_id)
    if owners is None:  # not read ahead by `warm`
        owners = owners_of(session, [action_id])[action_id]
    return view_of(action, owners, link_label(session, action))


# --- planned with the change ------------------------------------------------------------------
def _plan(session: Session, action: Action, now: datetime, kind: str, target: str, key: str) -> None:
    plan_now(
        session,
        team_id=action.team_id,
        mission_id=action.mission_id,
        entity="action",
        entity_id=id_of(action),
        key=key,
        kind=kind,
        target=target,
        now=now,
    )


def post_key(action_id: int) -> str:
    return f"action:{action_id}:post"


def plan_created(session: Session, action: Action, mission: Mission, change: AuditEntry, now: datetime) -> None:
    """A new action: its post in the channel, and a DM to each owner but its author."""
    _plan(session, action, now, POST, mission.channel_id, post_key(id_of(action)))
    plan_assigned(session, action, [o for o in stored_view(session, action).owners if o != change.actor], change, now)


def plan_changed(session: Session, action: Action, change: AuditEntry, now: datetime) -> None:
    """A change to an action: its post brought up to date (the one after it covers it, if any)."""
    if action.message_ts or row_by_key(session, action.team_id, post_key(id_of(action))) is not None:
        _plan(session, action, now, UPDATE, action.message_channel or "", f"action:{id_of(action)}:update:{change.id}")


def plan_assigned(session: Session, action: Action, owners: list[str], change: AuditEntry, now: datetime) -> None:
    """A DM to each of `owners`, told who gave them the action (the change's actor)."""
    for owner in owners:
        _plan(session, action, now, ASSIGNED, owner, f"action:{id_of(action)}:assigned:{owner}:{change.id}")


# --- composed when due ------------------------------------------------------------------------
def warm(session: Session, rows: list[Notification]) -> None:
    """Read at once what composing these rows reads one by one: their actions, what each serves, and owners
    (a read scope only: the owners are kept for the session's life)."""
    ids = [row.entity_id for row in rows if row.entity_id is not None]
    preload(session, Action, ids)
    actions = [a for a in (get(session, Action, i) for i in set(ids)) if a is not None]
    preload(session, Milestone, {a.milestone_id for a in actions if a.milestone_id})
    preload(session, Phase, {a.phase_id for a in actions if a.phase_id})
    keep(session, OWNERS, owners_of(session, ids))


def compose(session: Session, row: Notification, now: datetime) -> Outgoing | Drop | Later:
    """What to send for one of an action's rows, or why not."""
    action = session.get(Action, row.entity_id)
    if action is None:
        return Drop("the action was deleted")
    mission = session.get_one(Mission, action.mission_id)
    if row.kind == POST:
        return _post(session, action, mission, now)
    if row.kind == UPDATE:
        return _update(session, row, action, mission, now)
    if row.kind == ASSIGNED:
        return _assigned(session, row, action, mission, now)
    return _reminder(session, row, action, mission, now)


def _post(session: Session, action: Action, mission: Mission, now: datetime) -> Outgoing | Drop:
    if action.status == "deleted":
        return Drop("the action was deleted before it could be posted")
    return Outgoing(mission.channel_id, action_message(stored_view(session, action), channel_context(mission, now)))


def _update(
    session: Session, row: Notification, action: Action, mission: Mission, now: datetime
) -> Outgoing | Drop | Later:
    if has_later(session, row):
        return Drop("superseded: a later update shows the action as it is")
    if not (action.message_channel and action.message_ts):
        post = row_by_key(session, action.team_id, post_key(id_of(action)))
        if post is not None and post.state in ("pending", "sending"):
            return Later(NOT_POSTED_YET, "its post is not in Slack yet")
        return Drop("the action has no message in Slack to update")
    view = stored_view(session, action)
    if action.status == "deleted":
        deleted = last_audit(session, action.team_id, "action", id_of(action), "delete")
        message = deleted_message(view, deleted.actor if deleted else action.created_by, mission.language)
    else:
        message = action_message(view, channel_context(mission, now))
    return Outgoing(action.message_channel, message, ts=action.message_ts)


def _to_owner(session: Session, row: Notification, action: Action) -> ActionView | Drop:
    """The action, for a DM to one of its owners; or why that DM no longer makes sense."""
    view = stored_view(session, action)
    if action.status != "open":
        return Drop("the action is closed")
    if row.target not in view.owners:
        return Drop("no longer an owner")
    return view


def _assigned(session: Session, row: Notification, action: Action, mission: Mission, now: datetime) -> Outgoing | Drop:
    if isinstance(view := _to_owner(session, row, action), Drop):
        return view
    change = session.get(AuditEntry, int(row.key.rsplit(":", 1)[1]))
    author = change.actor if change else action.created_by
    return Outgoing(
        row.target,
        assigned_dm(view, author=author, channel=mission.channel_id, ctx=reader(session, row, mission, now)),
    )


def _reminder(session: Session, row: Notification, action: Action, mission: Mission, now: datetime) -> Outgoing | Drop:
    if isinstance(view := _to_owner(session, row, action), Drop):
        return view
    late_since = row.planned_at if now - row.planned_at > LATE_AFTER else None
    message = action_reminder(
        row.kind, view, channel=mission.channel_id, ctx=reader(session, row, mission, now), late_since=late_since
    )
    return Outgoing(row.target, message)


def recorded(session: Session, row: Notification, channel: str, ts: str) -> None:
    """Slack has the action's post: remember where, so that its updates replace it."""
    if row.kind == POST:
        action = session.get(Action, row.entity_id)
        if action is not None:
            action.message_channel, action.message_ts = channel, ts


KIND = NoticeKind(compose, warm=warm, recorded=recorded, leaves_no_trace=lambda row: row.kind == UPDATE)
