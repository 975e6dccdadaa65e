"""Use cases, grouped by what they act on. Handlers and the scheduler call these, never SQL."""
from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

from bot.clock import Clock
from bot.once import Once
from bot.services.actions import Actions
from bot.services.digests import Digests
from bot.services.exports import Exports
from bot.services.home import Home
from bot.services.meetings import Meetings
from bot.services.missions import Missions
from bot.services.notifications import Outbox
from bot.services.people import People
from bot.services.phases import Phases
from bot.services.plans import Plans
from bot.services.preferences import Preferences
from storage.db import Engine


@dataclass
class Services:
    engine: Engine
    clock: Clock
    missions: Missions
    actions: Actions
    people: People
    outbox: Outbox
    preferences: Preferences
    meetings: Meetings
    phases: Phases
    plans: Plans
    digests: Digests
    exports: Exports
    home: Home
    once: Once  # background work done once per burst (Home redraws), on the listener executor
    public_url: str | None = None  # for links to this app (calendar feeds)

    def __deepcopy__(self, memo: dict) -> Services:
        """Shared, not copied: Bolt deep-copies the context for lazy listeners, and these hold the
        engine and the clock, which every listener must share."""
        return self


def build_services(engine: Engine, clock: Clock, default_timezone: str, public_url: str | None = None,
                   executor: Executor | None = None, batch_window: float = 0.0) -> Services:
    """`batch_window`: how long background jobs wait to gather a burst of reasons to run (see Once)."""
    return Services(
        engine=engine, clock=clock,
        missions=Missions(engine, clock, default_timezone),
        actions=Actions(engine, clock),
        people=People(engine, clock),
        outbox=Outbox(engine, clock),
        preferences=Preferences(engine, clock),
        meetings=Meetings(engine, clock),
        phases=Phases(engine, clock),
        plans=Plans(engine, clock),
        digests=Digests(engine, clock),
        exports=Exports(engine, clock),
        home=Home(engine, clock),
        once=Once(executor or ThreadPoolExecutor(max_workers=2, thread_name_prefix="once"), window=batch_window),
        public_url=public_url,
    )
