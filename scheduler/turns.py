"""A conversation's turn, as every clock shares it (storage/pace.py): taken for a round of rows, their claims
extended over the wait to come; looked for again a while when another clock holds it; given back with the
time Slack allows the next post. A turn further off than the longest Retry-After was set by a clock whose
time ran ahead: it is stale, logged, and posted to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from math import ceil

from bot.clock import Clock
from scheduler.outcomes import Turn
from scheduler.policy import LONGEST_RETRY_AFTER
from storage.db import Engine, Session, session_scope
from storage.models import Notification, id_of
from storage.outbox import renew
from storage.pace import give_back, take_turns

log = logging.getLogger(__name__)
BUSY_POLL, BUSY_POLLS = 0.05, 100  # a conversation another clock posts to: look again for up to 5 s
MAX_WAIT = timedelta(seconds=5)  # a turn further off than this: the row goes back for a later tick
STALE_TURN = timedelta(seconds=LONGEST_RETRY_AFTER) + timedelta(minutes=1)  # further off: a skewed clock set it


class Turns:
    """The turns one clock (`worker`) takes. `burst`: how far ahead of the pace a post may go; `spacing`: the
    pace. A turn is held a lease and the longest wait: one held by a clock that died frees itself when its
    claims would."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        *,
        worker: str,
        lease: timedelta,
        burst: timedelta,
        spacing: timedelta,
        sleep: Callable[[float], None],
    ) -> None:
        self.engine, self.clock, self.worker, self.lease = engine, clock, worker, lease
        self.burst, self.spacing, self.sleep = burst, spacing, sleep

    def take(self, rows: list[Notification]) -> list[Turn | None]:
        """The turns of a round's rows (of distinct conversations), in one transaction: see `take_in`."""
        with session_scope(self.engine) as session:
            return self.take_in(session, rows, self.clock.now())

    def take_in(self, session: Session, rows: list[Notification], now: datetime) -> list[Turn | None]:
        """Take the turns of `rows`' conversations (distinct), and extend their claims over the wait to come. For
        each: ("post", the turn's next allowed time, from which the next one is reckoned); ("later", when) if that
        is too far off: the row goes back for a later tick instead of holding a thread; ("gone", None) if the
        claim was taken over meanwhile (it waited past its lease): another clock posts it. None: another clock
        holds the turn. A handful of statements however many rows."""
        targets = [row.target for row in rows]
        allowed = self._fresh(
            take_turns(session, targets, worker=self.worker, now=now, hold=self.lease + MAX_WAIT), now
        )
        # a burst may go `burst` ahead of the pace; a turn within MAX_WAIT is waited for, in the claim renewed
        ready = {id_of(row): allowed[row.target] - self.burst for row in rows if row.target in allowed}
        soon = {i: at for i, at in ready.items() if at - now <= MAX_WAIT}
        ours = self._renew(session, soon, now)
        turns: list[Turn | None] = []
        for row in rows:
            row_id = id_of(row)
            if row_id not in ready:
                turns.append(None)
            elif row_id in ours:
                turns.append(("post", allowed[row.target]))
            else:  # too far off, or (its claim renewed too late) taken over meanwhile
                turns.append(("later", ready[row_id]) if row_id not in soon else ("gone", None))
        ended = [
            (row.target, allowed[row.target])
            for row, turn in zip(rows, turns, strict=True)
            if turn and turn[0] != "post"
        ]
        give_back(session, ended, worker=self.worker)
        return turns

    def wait(self, row: Notification) -> Turn:
        """The turn of a conversation another clock holds: looked for again a while, then left for later."""
        for _ in range(BUSY_POLLS):
            with session_scope(self.engine) as session:
                turn = self.take_in(session, [row], self.clock.now())[0]
            if turn is not None:
                return turn
            self.sleep(BUSY_POLL)
        return "later", self.clock.now() + self.spacing

    def end(self, target: str, next_at: datetime) -> None:
        """Give a turn back alone (a post that failed): nobody posts to `target` before `next_at`."""
        with session_scope(self.engine) as session:
            give_back(session, [(target, next_at)], worker=self.worker)

    @staticmethod
    def _fresh(allowed: dict[str, datetime], now: datetime) -> dict[str, datetime]:
        """The turns' times, a stale one (further off than any Retry-After) logged and taken as now."""
        for target, at in allowed.items():
            if at - now > STALE_TURN:
                log.warning(
                    "conversation %s was not to be posted to before %s, further off than any Retry-After: "
                    "set by a clock whose time was wrong; posting now",
                    target,
                    at.isoformat(),
                )
                allowed[target] = now
        return allowed

    def _renew(self, session: Session, ready: dict[int, datetime], now: datetime) -> set[int]:
        """Extend the claims of rows to be posted from `ready` (by id) to a lease from their posts, rounded up to
        the second so that a round's claims take a statement or a few: the ids still this clock's."""
        posts = {i: now + timedelta(seconds=ceil(max(0.0, (at - now).total_seconds()))) for i, at in ready.items()}
        ours: set[int] = set()
        for start in sorted(set(posts.values())):
            ids = sorted(i for i, post in posts.items() if post == start)
            ours |= renew(session, ids, worker=self.worker, now=start, until=start + self.lease)
        return ours
