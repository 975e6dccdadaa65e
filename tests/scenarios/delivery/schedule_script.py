"""A scripted stretch of the mission for the property tests of the notification core: commands and
edits at chosen instants, re-plans, claims left by a dying clock, and a clock that runs all along or
is stopped and restarted. Everything goes through the real app (signed HTTP), the real services and
the real Deliverer against the ManualClock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlmodel import Session, col, select

from bot.missions.values import MissionSettings
from bot.notices import Prefs
from scheduler.clock import plan_ahead
from scheduler.delivery import Deliverer
from storage.db import session_scope
from storage.models import Notification
from storage.outbox import claim_due
from testing.harness import empty_tables
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS

TEAM = "T0CONCERTO"
# Saturdays 08:00 before each change of time in Paris; the Monday after is a public holiday both times
# (Easter Monday 29 March 2027, All Saints' Day 1 November 2027).
DST_WEEKENDS = (datetime(2027, 3, 27, 8, 0, tzinfo=PARIS), datetime(2027, 10, 30, 8, 0, tzinfo=PARIS))
SPAN = timedelta(days=4)

MEETINGS = (
    'add weekly "Point" every monday 09:30 for 1h',
    'add weekly "Point" every tuesday 14h for 2h',
    'add weekly "Point" every sunday 02:30 for 1h',
    'add workshop "Atelier" every monday and tuesday 10h',
)
DUES = ("lundi", "mardi 14h", "dimanche", "demain 10h", "mercredi")

# (who, slash command, text): what people may do at any instant
OPS = {
    "cancel": (MARIE, "/meeting", "cancel 1 lundi"),
    "move": (MARIE, "/meeting", "move 1 lundi demain 15h"),
    "time": (MARIE, "/meeting", "edit 1 time 11:00"),
    "early": (MARIE, "/meeting", "edit 1 time 08:30"),
    "longer": (MARIE, "/meeting", "edit 1 for 3h"),
    "title": (MARIE, "/meeting", 'edit 1 title "Point hebdo"'),
    "action": (MARIE, "/action", "Relancer les partenaires <@U0KARIM|karim> pour mardi"),
    "done": (KARIM, "/action", "done 1"),
    "redue": (MARIE, "/action", "due 1 mercredi 9h"),
    "send": (DIRECTOR, "/digest", "send"),
    "weekly": (DIRECTOR, "/digest", "settings weekly lundi 9h"),
    "daily": (DIRECTOR, "/digest", "settings daily 18h"),
}


@dataclass(frozen=True)
class Script:
    start: datetime
    meeting: str
    due: str
    events: list[tuple[int, str]]  # (minutes after the start, an OPS name, "replan" or "claim")


def reset(box, start: datetime) -> None:
    """A fresh database and the mission as the script begins."""
    empty_tables(box.runtime.engine)
    box.clock.set(start)


def deliverer(box) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker="clock", sleep=lambda s: None)


def outbox(box) -> list[Notification]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(Notification).order_by(col(Notification.id))))


def settled_rows(box) -> dict[int, tuple]:
    """Rows the re-plan must not touch: claimed, or pending with their time come."""
    now = box.clock.now()
    return {
        r.id: (r.state, r.planned_at, r.run_at, r.expires_at, r.about_at, r.claimed_by)
        for r in outbox(box)
        if r.state == "sending" or (r.state == "pending" and r.planned_at <= now)
    }


def snapshot(box) -> list[tuple]:
    return [tuple(getattr(r, c) for c in Notification.model_fields) for r in outbox(box)]


def setup(box, script: Script) -> None:
    reset(box, script.start)
    box.runtime.services.missions.configure(
        TEAM,
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    box.driver.command("/meeting", script.meeting, user=MARIE, channel=CHANNEL)
    box.driver.command(
        "/action", f"Préparer la synthèse <@U0KARIM|karim> pour {script.due}", user=MARIE, channel=CHANNEL
    )
    box.runtime.services.preferences.save(TEAM, KARIM, Prefs(summary=True))


def do(box, name: str) -> None:
    if name == "replan":
        plan_ahead(box.runtime.services)
    elif name == "claim":  # a clock claims what is due, then dies before posting it
        with session_scope(box.runtime.engine) as session:
            claim_due(session, now=box.clock.now(), worker="dying", lease=timedelta(minutes=5), limit=10)
    else:
        who, command, text = OPS[name]
        box.driver.command(command, text, user=who, channel=CHANNEL)


def deliver_until(box, clock: Deliverer, until: datetime, running: Callable[[datetime], bool]) -> None:
    """What a clock ticking every few seconds does up to `until`: a tick whenever something falls
    due, or a dead clock's lease runs out, while the clock runs."""
    for _ in range(500):
        now, rows = box.clock.now(), outbox(box)
        moments = [r.run_at for r in rows if r.state == "pending"]
        moments += [r.claimed_until + timedelta(seconds=1) for r in rows if r.state == "sending"]
        moments = [m for m in (max(m, now) for m in moments) if m <= until and running(m)]
        if not moments:
            return
        box.clock.set(min(moments))
        clock.tick()
    raise AssertionError("the outbox never settled")


def play(
    box,
    script: Script,
    *,
    down: tuple[datetime, datetime] | None = None,
    ticking: bool = True,
    check: Callable[[str], Callable[[], None]] | None = None,
) -> None:
    """Run the script; the clock is stopped over `down` (no ticks, no re-plans) and restarted at its
    end with a re-plan and a tick, as `concerto clock` starts. Not `ticking`, it delivers only at
    the script's "tick" steps, so that what is due piles up under the re-plans. `check(op)` wraps
    each step."""
    setup(box, script)
    clock = deliverer(box)

    def running(moment: datetime) -> bool:
        return ticking and (down is None or not (down[0] <= moment < down[1]))

    restarted = down is None
    steps = sorted((script.start + timedelta(minutes=m), op) for m, op in script.events)
    for at, op in [*steps, (script.start + SPAN, "end")]:
        if not restarted and at >= down[1]:
            deliver_until(box, clock, down[1] - timedelta(microseconds=1), running)
            box.clock.set(max(box.clock.now(), down[1]))
            plan_ahead(box.runtime.services)
            clock.tick()
            restarted = True
        deliver_until(box, clock, at, running)
        box.clock.set(max(box.clock.now(), at))
        if op == "end" or (op in ("replan", "claim") and down is not None and not running(at)):
            continue
        after = check(op) if check else None
        clock.tick() if op == "tick" else do(box, op)
        if after:
            after()
