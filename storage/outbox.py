"""Outbox queries: atomic claims with leases, and the state changes of a delivery.

Claims are one statement, `UPDATE … WHERE id IN (due rows) AND state = 'pending' RETURNING`:
on PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED`, so concurrent claimers never
wait for or take each other's rows; on SQLite (which ignores row locks) the `state = 'pending'`
compare-and-set inside a `BEGIN IMMEDIATE` transaction does the same. Every later change is
conditional on the claim (`state = 'sending' AND claimed_by = me`), so a worker whose lease ran
out cannot overwrite what another has done since.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, func, or_, update
from sqlmodel import Session, col, select

from storage.models import Mission, Notification


def deliverable(passing: tuple[str, ...]) -> ColumnElement[bool]:
    """Rows that are not held. A mission whose channel is closed to the bot (archived, or the bot removed from
    it) holds its rows where they are, DMs about it included, until the channel opens again; but for the kinds
    in `passing` (the notices that tell its director of the hold, which must go out during it)."""
    closed = select(Mission.id).where(or_(col(Mission.channel_archived), col(Mission.bot_removed)))
    return or_(
        col(Notification.mission_id).is_(None),
        col(Notification.mission_id).not_in(closed),
        col(Notification.kind).in_(passing),
    )


def claim_due(
    session: Session,
    *,
    now: datetime,
    worker: str,
    lease: timedelta,
    limit: int,
    about: tuple[str, str, int] | None = None,
    passing: tuple[str, ...] = (),
) -> list[Notification]:
    """Claim due rows that are not held (see `deliverable`), the soonest first; only those about one thing,
    (team, entity, id), if `about`."""
    due = select(Notification.id).where(
        Notification.state == "pending", col(Notification.run_at) <= now, deliverable(passing)
    )
    if about is not None:
        team_id, entity, entity_id = about
        due = due.where(
            Notification.team_id == team_id, Notification.entity == entity, Notification.entity_id == entity_id
        )
    due = due.order_by(col(Notification.run_at)).limit(limit).with_for_update(skip_locked=True)
    stmt = (
        update(Notification)
        # `state || ''`: the compare-and-set must not steer SQLite's planner onto the state index
        # (a scan of every pending row); the ids found above are looked up by primary key.
        .where(col(Notification.id).in_(due.scalar_subquery()), (col(Notification.state) + "") == "pending")
        .values(
            state="sending",
            claimed_by=worker,
            claimed_until=now + lease,
            attempts=Notification.attempts + 1,
            updated_at=now,
        )
        .returning(Notification)
    )
    return list(session.execute(stmt, execution_options={"synchronize_session": False}).scalars())


def abandoned(session: Session, *, now: datetime, limit: int) -> list[Notification]:
    """Rows whose claimer's lease ran out: it may have crashed before or after posting."""
    stmt = select(Notification).where(Notification.state == "sending", col(Notification.claimed_until) < now)
    return list(session.exec(stmt.order_by(col(Notification.run_at)).limit(limit)))


def take_over(
    session: Session, row_id: int, *, stale_claimer: str | None, worker: str, now: datetime, lease: timedelta
) -> bool:
    """Move an abandoned claim to `worker` (compare-and-set on the old claimer)."""
    stmt = (
        update(Notification)
        .where(
            col(Notification.id) == row_id,
            col(Notification.state) == "sending",
            col(Notification.claimed_by) == stale_claimer,
            col(Notification.claimed_until) < now,
        )
        .values(claimed_by=worker, claimed_until=now + lease, updated_at=now)
    )
    return session.exec(stmt).rowcount == 1


def renew(session: Session, row_ids: list[int], *, worker: str, now: datetime, until: datetime) -> set[int]:
    """Extend `worker`'s claims on rows about to be posted to `until` (they may wait for their turns longer than
    the lease): the ids still its own. A row left out was taken over by another clock: this one must not post it."""
    if not row_ids:
        return set()
    stmt = (
        update(Notification)
        .where(
            col(Notification.id).in_(row_ids),
            col(Notification.state) == "sending",
            col(Notification.claimed_by) == worker,
        )
        .values(claimed_until=until, updated_at=now)
        .returning(col(Notification.id))
    )
    return set(session.scalars(stmt, execution_options={"synchronize_session": False}))


def settle(session: Session, row_id: int, *, worker: str, now: datetime, **values: object) -> bool:
    """Record what became of a claimed row (sent, retry, failed, dropped), if still ours."""
    if values.get("state") != "sending":
        values.setdefault("claimed_by", None)
        values.setdefault("claimed_until", None)
    stmt = (
        update(Notification)
        .where(
            col(Notification.id) == row_id, col(Notification.state) == "sending", col(Notification.claimed_by) == worker
        )
        .values(updated_at=now, **values)
    )
    return session.exec(stmt).rowcount == 1


def settle_sent(session: Session, sent: list[tuple[int, datetime, str, str | None]], *, worker: str) -> None:
    """Record rows Slack has, if still `worker`'s: (id, when, channel, ts; no ts for a canvas or bookmarks, which
    leaves the row's own). One statement, run for each row."""
    if not sent:
        return
    table = Notification.__table__  # type: ignore[attr-defined]
    stmt = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.state == "sending", table.c.claimed_by == worker)
        .values(
            state="sent",
            sent_at=bindparam("b_at"),
            updated_at=bindparam("b_at"),
            last_error=None,
            claimed_by=None,
            claimed_until=None,
            message_channel=bindparam("b_channel"),
            message_ts=func.coalesce(bindparam("b_ts", type_=table.c.message_ts.type), table.c.message_ts),
        )
    )
    session.execute(stmt, [{"b_id": i, "b_at": at, "b_channel": channel, "b_ts": ts} for i, at, channel, ts in sent])


def for_entity(session: Session, team_id: str, entity: str, entity_id: int, prefix: str = "") -> list[Notification]:
    """The rows about one thing, only those whose key starts with `prefix` if given (a canvas has many)."""
    stmt = select(Notification).where(
        Notification.team_id == team_id, Notification.entity == entity, Notification.entity_id == entity_id
    )
    if prefix:
        stmt = stmt.where(col(Notification.key).startswith(prefix, autoescape=True))
    return list(session.exec(stmt))


def latest_rows(session: Session, team_id: str, entity: str, entity_id: int, kind: str, n: int) -> list[Notification]:
    """The last `n` rows of one kind about one thing, newest first."""
    stmt = select(Notification).where(
        Notification.team_id == team_id,
        Notification.entity == entity,
        Notification.entity_id == entity_id,
        Notification.kind == kind,
    )
    return list(session.exec(stmt.order_by(col(Notification.id).desc()).limit(n)))


def has_pending(session: Session, team_id: str, entity: str, entity_id: int, kind: str) -> bool:
    stmt = select(Notification.id).where(
        Notification.state == "pending",
        Notification.team_id == team_id,
        Notification.entity == entity,
        Notification.entity_id == entity_id,
        Notification.kind == kind,
    )
    return session.exec(stmt.limit(1)).first() is not None


def listing(
    session: Session,
    *,
    states: tuple[str, ...],
    until: datetime | None,
    limit: int,
    passing: tuple[str, ...] | None = None,
) -> list[Notification]:
    """Rows in these states, the soonest first; only those not held (see `deliverable`) if `passing` is given."""
    stmt = select(Notification).where(col(Notification.state).in_(states))
    if passing is not None:
        stmt = stmt.where(deliverable(passing))
    if until is not None:
        stmt = stmt.where(col(Notification.run_at) <= until)
    return list(session.exec(stmt.order_by(col(Notification.run_at)).limit(limit)))


def requeue(session: Session, row_id: int, *, now: datetime) -> bool:
    """An operator's retry of a failed row: pending again, now, with a fresh attempt count."""
    stmt = (
        update(Notification)
        .where(col(Notification.id) == row_id, col(Notification.state).in_(("failed", "dropped")))
        .values(state="pending", run_at=now, attempts=0, last_error=None, updated_at=now)
    )
    return session.exec(stmt).rowcount == 1


def drop_expired(session: Session, *, now: datetime, reason: str, keep: tuple[str, ...]) -> int:
    """Drop, in one statement, every pending row whose time to matter has passed (a clock down for days
    finds hundreds), but those about the entities in `keep` (a recurring notice plans its next one as it
    settles, one by one)."""
    stmt = (
        update(Notification)
        .where(
            col(Notification.state) == "pending",
            col(Notification.expires_at) <= now,
            col(Notification.entity).not_in(keep),
        )
        .values(state="dropped", last_error=reason[:200], updated_at=now)
    )
    return session.exec(stmt).rowcount


def drop_pending(session: Session, team_id: str, *, now: datetime, reason: str) -> int:
    """Drop every pending row of a workspace (it uninstalled the app); rows in flight settle as they may."""
    stmt = (
        update(Notification)
        .where(col(Notification.team_id) == team_id, col(Notification.state) == "pending")
        .values(state="dropped", last_error=reason[:200], updated_at=now)
    )
    return session.exec(stmt).rowcount


def last_sent(session: Session, entity: str, entity_id: int) -> datetime | None:
    """When a notification about this entity (a mission's digest, say) last went out."""
    return session.exec(
        select(func.max(Notification.sent_at)).where(
            Notification.entity == entity, Notification.entity_id == entity_id, Notification.state == "sent"
        )
    ).one()


def failed_between(session: Session, mission_id: int, since: datetime | None, until: datetime) -> list[Notification]:
    """The mission's notifications that failed for good after `since` (if given), up to `until`."""
    query = select(Notification).where(
        Notification.mission_id == mission_id, Notification.state == "failed", col(Notification.updated_at) <= until
    )
    if since is not None:
        query = query.where(col(Notification.updated_at) > since)
    return list(session.exec(query))


def release_held(session: Session, team_id: str, target: str, *, now: datetime) -> int:
    """Let every row for `target` that waits past its time (held for an absence) be looked at again now."""
    stmt = (
        update(Notification)
        .where(
            col(Notification.team_id) == team_id,
            col(Notification.target) == target,
            col(Notification.state) == "pending",
            col(Notification.planned_at) <= now,
            col(Notification.run_at) > now,
        )
        .values(run_at=now)
    )
    return session.exec(stmt).rowcount


def row_by_key(session: Session, team_id: str, key: str) -> Notification | None:
    return session.exec(select(Notification).where(Notification.team_id == team_id, Notification.key == key)).first()


def has_later(session: Session, row: Notification) -> bool:
    """Whether a later row of the same kind about the same thing is planned or sent (it supersedes `row`)."""
    stmt = select(Notification.id).where(
        Notification.team_id == row.team_id,
        Notification.entity == row.entity,
        Notification.entity_id == row.entity_id,
        Notification.kind == row.kind,
        col(Notification.id) > row.id,
        col(Notification.state).in_(("pending", "sending", "sent")),
    )
    return session.exec(stmt.limit(1)).first() is not None


def key_exists(session: Session, team_id: str, key: str) -> bool:
    return (
        session.exec(select(Notification.id).where(Notification.team_id == team_id, Notification.key == key)).first()
        is not None
    )
