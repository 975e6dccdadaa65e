"""Delivery: claim what is due, post it to Slack, record what happened. One call = one tick.

Guarantee: a row is posted at most once and, unless Slack refuses it for good, at least once.
- Claims are atomic and leased (see storage.outbox), so two workers never hold the same row.
- Each post carries the row's key in the message metadata. If a worker dies between Slack
  accepting a post and the database recording it, the row's lease runs out; whoever takes it over
  first looks for the key in the conversation's history and records the post it finds instead of
  posting again (scheduler.recovery). So does the next attempt after one whose answer never came (the
  connection dropped, timed out, or Slack answered 5xx): Slack may have posted it.
- Rate limits: posts to one conversation are at least a second apart, whichever clocks post them
  (the turn is shared in the database, storage.pace); a 429 pauses that conversation for Retry-After
  without counting as an attempt; other conversations go on.
- A mission whose channel is closed to the bot (archived, or the bot removed) has its rows held, not failed
  (storage.outbox `deliverable`); a post Slack refuses as `is_archived` before the archive's event came holds
  the mission as that event will.
- Workspaces: each row is posted with its own workspace's token (`client_for(team_id)`); a row of a
  workspace that uninstalled the app is dropped, never posted with another workspace's token. A DM
  to someone of another organisation (Slack Connect) goes through their own workspace's bot when it
  has installed the app too (scheduler.speakers).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.canvas.service import record_write
from bot.clock import Clock
from bot.logcontext import bound
from bot.missions.channel_life import close
from bot.notices import BookmarksSync, CanvasWrite, Drop, Later, Outgoing
from bot.outbox import CHANNEL_NOTICES, report_failure
from scheduler.bookmarks import sync_bookmarks
from scheduler.cadence import plan_next
from scheduler.canvases import write_canvas
from scheduler.compose import EXPIRED, compose, leaves_no_trace, recorded, warm
from scheduler.kinds import RECURRING
from scheduler.outcomes import COUNTED, Composed, Ready, Sent, TickReport, Turn
from scheduler.policy import Fail, decide, unanswered
from scheduler.recovery import find_posted, key_metadata
from scheduler.speakers import ClientFor, Speakers
from scheduler.turns import Turns
from storage.db import Engine, Session, read_scope, session_scope
from storage.models import Canvas, Mission, Notification, id_of
from storage.outbox import abandoned, claim_due, drop_expired, settle, settle_sent, take_over
from storage.pace import give_back

log = logging.getLogger(__name__)
DELIVERY_ERRORS = (SlackApiError, URLError, OSError, TimeoutError)
UNINSTALLED = "the workspace uninstalled the app"
ARCHIVED = "is_archived"  # Slack's answer to a post into an archived channel


Each = Callable[[Callable[[Any], Any], list[Any]], list[Any]]  # map, in the calling thread or a pool


class Deliverer:
    def __init__(
        self,
        engine: Engine,
        client: WebClient | ClientFor,
        clock: Clock,
        *,
        worker: str,
        lease: timedelta = timedelta(seconds=60),
        batch: int = 1000,
        per_target: int = 20,
        spacing: timedelta = timedelta(seconds=1),
        workers: int = 8,
        burst: timedelta = timedelta(0),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`client`: the one workspace's client, or a `client_for(team_id)` for several. `burst`: how far
        ahead of the pace a post may go (Slack takes short bursts to a conversation: a command's post and
        DMs need not wait a second each behind the last; a clock's backlog keeps to one a second)."""
        self.engine, self.clock, self.worker = engine, clock, worker
        self.speakers = Speakers(client)
        self.lease, self.batch, self.per_target, self.spacing = lease, batch, per_target, spacing
        self.workers, self.burst, self.sleep = workers, burst, sleep
        self.slice = workers * 8  # rows of distinct conversations sent together, their turns taken at once
        self.turns = Turns(engine, clock, worker=worker, lease=lease, burst=burst, spacing=spacing, sleep=sleep)

    # --- one tick ---------------------------------------------------------------------------
    def tick(self) -> TickReport:
        """Settle what a dead clock left, drop in bulk what expired (so that a clock back from days down does
        not spend its ticks dropping one conversation's backlog while others wait), then deliver what is due."""
        report = TickReport()
        self.recover(report)
        with session_scope(self.engine) as session:
            report.dropped = drop_expired(session, now=self.clock.now(), reason=EXPIRED, keep=RECURRING)
        if report.dropped:
            log.info("dropped %s notifications whose time to matter had passed", report.dropped)
        with session_scope(self.engine) as session:
            rows = claim_due(
                session,
                now=self.clock.now(),
                worker=self.worker,
                lease=self.lease,
                limit=self.batch,
                passing=CHANNEL_NOTICES,
            )
        self._deliver_claimed(rows, report)
        return report

    def deliver(self, team_id: str, entity: str, entity_id: int) -> None:
        """Deliver now what is due about one thing: the rows a change just planned (its post, its DMs), from
        the process that made the change, as a clock would (same claims, turns and keys). What cannot go now
        (a turn too far off, a retry) is left to the clocks. Never raises: the change is made already."""
        try:
            with session_scope(self.engine) as session:
                rows = claim_due(
                    session,
                    now=self.clock.now(),
                    worker=self.worker,
                    lease=self.lease,
                    limit=self.batch,
                    about=(team_id, entity, entity_id),
                    passing=CHANNEL_NOTICES,
                )
            self._deliver_claimed(rows, TickReport())
        except Exception:  # the rows stay claimed until their lease runs out; then a clock takes them over
            log.exception("could not deliver the notices of %s %s at once; a clock will", entity, entity_id)

    def _deliver_claimed(self, rows: list[Notification], report: TickReport) -> None:
        report.claimed = len(rows)
        queues: dict[str, list[Notification]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r.run_at):
            queues[row.target].append(row)
        for held in [q[self.per_target :] for q in queues.values()]:
            for row in held:  # a busy conversation yields to the next tick
                self._release(row, self.clock.now())
        self._deliver_in_rounds({t: q[: self.per_target] for t, q in queues.items()}, report)

    def _deliver_in_rounds(self, queues: dict[str, list[Notification]], report: TickReport) -> None:
        """Round r sends the r-th row of every conversation. A conversation that answers 429, or that another
        clock keeps busy, is paused: its remaining rows go back for later. One conversation's rows (a post,
        say) are sent in the calling thread; several conversations', by a pool of `workers`."""
        if len(queues) == 1:
            self._rounds(queues, report, lambda fn, items: [fn(item) for item in items])
            return
        with ThreadPoolExecutor(self.workers, thread_name_prefix="deliver") as pool:
            self._rounds(queues, report, lambda fn, items: list(pool.map(fn, items)))

    def _rounds(self, queues: dict[str, list[Notification]], report: TickReport, each: Each) -> None:
        while queues:
            heads = [queue.pop(0) for queue in queues.values()]
            for part in (heads[n : n + self.slice] for n in range(0, len(heads), self.slice)):
                for target, paused_until in self._round(part, report, each).items():
                    for row in queues[target]:
                        self._release(row, paused_until)
                    queues[target] = []
            queues = {t: q for t, q in queues.items() if q}

    def _round(self, rows: list[Notification], report: TickReport, each: Each) -> dict[str, datetime]:
        """Send rows of distinct conversations: composed in one read, their turns taken in one transaction,
        sent in parallel (each waiting for its turn's time), and what Slack answered recorded in one
        transaction: a handful of writes for the whole round, not a few per post. Returns the conversations
        paused, and until when. (`slice` bounds a round, so that the claims the turns renewed do not run out
        before the last of its posts.)"""
        ready = [r for r in each(lambda composed: self._ready(composed, report), self._compose(rows)) if r is not None]
        if not ready:
            return {}
        turns = self.turns.take([r.row for r in ready])
        outcomes = each(lambda item: self._send(item[0], item[1], report), list(zip(ready, turns, strict=True)))
        sent = [o for o in outcomes if isinstance(o, Sent)]
        if sent:
            self._record_sent(sent, report)
        return {r.row.target: o for r, o in zip(ready, outcomes, strict=True) if isinstance(o, datetime)}

    def _release(self, row: Notification, run_at: datetime) -> None:
        """Hand a claimed row back untouched (its attempt not counted)."""
        with session_scope(self.engine) as session:
            settle(
                session,
                id_of(row),
                worker=self.worker,
                now=self.clock.now(),
                state="pending",
                run_at=run_at,
                attempts=row.attempts - 1,
            )

    def _compose(self, rows: list[Notification]) -> list[Composed]:
        """Compose a round's rows in one read scope (composing only reads: it holds up no writer), what they
        share read at once rather than row by row."""
        now = self.clock.now()
        composed = []
        with read_scope(self.engine) as session:
            warm(session, rows)
            homes = self.speakers.homes(session, [row.target for row in rows])
            for row in rows:
                with bound(team=row.team_id, mission=row.mission_id, notification=row.key, target=row.target):
                    client = self.speakers.of(session, row, homes)
                    outgoing = None if client is None else compose(session, session.get_one(Notification, row.id), now)
                composed.append(Composed(row, client, outgoing, now))
        return composed

    def _ready(self, composed: Composed, report: TickReport) -> Ready | None:
        """A composed row, to be sent; None if it is not to be sent now (dropped, put off, or found posted by an
        attempt whose answer was lost)."""
        row, client, outgoing, now = composed.row, composed.client, composed.outgoing, composed.at
        with bound(team=row.team_id, mission=row.mission_id, notification=row.key, target=row.target):
            if client is None or isinstance(outgoing, Drop):
                reason = outgoing.reason if isinstance(outgoing, Drop) else UNINSTALLED
                with session_scope(self.engine) as session:
                    self._drop(session, row, reason, now, report)
                return None
            assert outgoing is not None
            if isinstance(outgoing, Later):
                log.info("notification %s waits %s s: %s", row.id, outgoing.seconds, outgoing.reason)
                self._release(row, now + timedelta(seconds=outgoing.seconds))
                return None
            if unanswered(row.last_error) and isinstance(outgoing, Outgoing) and outgoing.ts is None:
                # the lost attempt came after the row fell due, and before its last change (a re-plan since, as
                # a clock back from downtime makes, moves `updated_at` on: the post may be well before it)
                since = min(row.planned_at, row.updated_at - self.lease) - timedelta(minutes=1)
                found = self._find_posted(row, since)
                if found is not None:  # the last attempt reached Slack, its answer did not reach us
                    self._posted_before(row, found, now, report)
                    return None
            return Ready(row, client, outgoing)

    def _send(self, ready: Ready, turn: Turn | None, report: TickReport) -> Sent | datetime | None:
        """Send one row in its conversation's turn, at the turn's time. Returns what Slack answered, to be
        recorded; or when its conversation may be posted to again after a 429 (or when another clock keeps
        it busy); None if it is not to be recorded here. What is logged meanwhile names the row."""
        row, outgoing, client = ready.row, ready.outgoing, ready.client
        with bound(team=row.team_id, mission=row.mission_id, notification=row.key, target=row.target):
            if turn is None:
                turn = self.turns.wait(row)
            if turn[0] == "later":
                self._release(row, turn[1])
                return turn[1]
            if turn[0] == "gone":
                return None
            allowed = turn[1]
            if (wait := (allowed - self.burst - self.clock.now()).total_seconds()) > 0:
                self.sleep(wait)
            try:
                if isinstance(outgoing, CanvasWrite):
                    return Sent(ready, allowed, written=write_canvas(client, outgoing), at=self.clock.now())
                if isinstance(outgoing, BookmarksSync):
                    sync_bookmarks(client, outgoing)
                    return Sent(ready, allowed, at=self.clock.now())
                if outgoing.ts is not None:
                    posted = client.chat_update(channel=outgoing.channel, ts=outgoing.ts, **outgoing.message)
                else:
                    posted = client.chat_postMessage(
                        channel=outgoing.channel, **outgoing.message, metadata=key_metadata(row)
                    )
                return Sent(ready, allowed, where=(posted["channel"], posted["ts"]), at=self.clock.now())
            except DELIVERY_ERRORS as err:
                paused_until = self._failed_attempt(row, err, report)
                self.turns.end(row.target, max(paused_until or self.clock.now(), self.clock.now() + self.spacing))
                return paused_until
            except BaseException:
                self.turns.end(row.target, self.clock.now() + self.spacing)
                raise

    def _record_sent(self, sent: list[Sent], report: TickReport) -> None:
        """Record what Slack took, and give the conversations' turns back, the next post timed from Slack's
        answer (the pace is Slack's, nothing more): one transaction for the round."""
        with session_scope(self.engine) as session:
            give_back(
                session,
                [(d.ready.row.target, max(d.allowed, d.at) + self.spacing) for d in sent],
                worker=self.worker,
            )
            for done in sent:
                outgoing = done.ready.outgoing
                if isinstance(outgoing, CanvasWrite) and done.written is not None:
                    record_write(
                        session,
                        session.get_one(Canvas, outgoing.canvas),
                        canvas_id=done.written.canvas_id,
                        placement=done.written.placement,
                        content_hash=outgoing.content_hash if done.written.canvas_id else None,
                        title=outgoing.title,
                        now=done.at,
                        notice=done.written.notice,
                    )
            self._mark_sent(
                session, [(d.ready.row, d.at, *(d.where or (d.ready.outgoing.channel, None))) for d in sent]
            )
        for done in sent:
            row, outgoing = done.ready.row, done.ready.outgoing
            if done.written is not None and done.written.notice and row.mission_id:
                self.deliver(row.team_id, "mission", row.mission_id)  # the channel's word about it, at once
            report.count(COUNTED.get(type(outgoing), "sent"))

    def _mark_sent(self, session: Session, settled: list[tuple[Notification, datetime, str, str | None]]) -> None:
        """Settle rows Slack has (sent now, or found in the history after a crash), each (row, when, channel, ts):
        what its feature keeps of the message (`ts`: none for a canvas or bookmarks), and its next recurring
        notice."""
        settle_sent(session, [(id_of(row), at, channel, ts) for row, at, channel, ts in settled], worker=self.worker)
        for row, at, channel, ts in settled:
            if ts is not None:
                recorded(session, row, channel, ts)
            plan_next(session, row, at)

    def _drop(self, session: Session, row: Notification, reason: str, now: datetime, report: TickReport) -> None:
        """Settle a row that is not to be sent (any more), and why."""
        settle(session, id_of(row), worker=self.worker, now=now, state="dropped", last_error=reason[:200])
        plan_next(session, row, now)
        log.info("dropped notification %s (%s): %s", row.id, row.key, reason)
        report.count("dropped")

    def _failed_attempt(self, row: Notification, err: Exception, report: TickReport) -> datetime | None:
        decision = decide(err, row.attempts)
        now = self.clock.now()
        with session_scope(self.engine) as session:
            mission = session.get(Mission, row.mission_id) if row.mission_id else None
            into_its_channel = mission is not None and row.target == mission.channel_id
            if isinstance(decision, Fail) and decision.reason == ARCHIVED and mission and into_its_channel:
                # archived before its event came (or the event was lost): the mission is held as the event would
                # hold it, this row with it, its attempt not counted
                settle(session, id_of(row), worker=self.worker, now=now, state="pending", attempts=row.attempts - 1)
                close(session, mission, now, archived=True)
                log.info("notification %s held: its channel %s is archived", row.id, row.target)
                report.count("held")
                return None
            if isinstance(decision, Fail):
                settle(
                    session, id_of(row), worker=self.worker, now=now, state="failed", last_error=decision.reason[:200]
                )
                failed = session.get_one(Notification, row.id)
                report_failure(session, failed, now)
                plan_next(session, row, now)
                log.warning("notification %s (%s) failed for good: %s", row.id, row.key, decision.reason)
                report.count("failed")
                return None
            attempts = row.attempts - 1 if decision.rate_limited else row.attempts
            settle(
                session,
                id_of(row),
                worker=self.worker,
                now=now,
                state="pending",
                run_at=now + decision.after,
                attempts=attempts,
                last_error=decision.reason[:200],
            )
        log.info("notification %s will be retried in %s: %s", row.id, decision.after, decision.reason)
        report.count("retried")
        return now + decision.after if decision.rate_limited else None

    # --- crash recovery ---------------------------------------------------------------------
    def recover(self, report: TickReport) -> None:
        """Settle rows left in flight by a worker whose lease ran out: posted already, or not."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            stale = abandoned(session, now=now, limit=self.batch)
        for row in stale:
            with session_scope(self.engine) as session:
                if not take_over(
                    session, id_of(row), stale_claimer=row.claimed_by, worker=self.worker, now=now, lease=self.lease
                ):
                    continue
            assert row.claimed_until is not None  # abandoned: its lease ran out
            since = row.claimed_until - self.lease - timedelta(minutes=1)
            found = None if leaves_no_trace(row) else self._find_posted(row, since)
            if found is not None:
                self._posted_before(row, found, now, report)
                continue
            with session_scope(self.engine) as session:
                settle(session, id_of(row), worker=self.worker, now=now, state="pending", run_at=now)

    def _posted_before(self, row: Notification, found: tuple[str, str], now: datetime, report: TickReport) -> None:
        """Record as sent a row whose post was found in its conversation: it is not posted again."""
        with session_scope(self.engine) as session:
            self._mark_sent(session, [(row, now, *found)])
        log.info("notification %s was posted already, its answer lost; recorded, not re-sent", row.id)
        report.count("recovered")

    def _find_posted(self, row: Notification, since: datetime) -> tuple[str, str] | None:
        with read_scope(self.engine) as session:
            client = self.speakers.of(session, row, self.speakers.homes(session, [row.target]))
        if client is None:  # uninstalled since: nothing can be checked, and nothing will be sent
            return None
        return find_posted(client, row, since, DELIVERY_ERRORS)
