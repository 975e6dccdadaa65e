"""Every use case, built once over one engine and one clock. Handlers and the scheduler call these, never SQL."""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.actions.export import Exports
from bot.actions.service import Actions
from bot.approvals.service import Approvals
from bot.canvas.service import Canvases
from bot.clock import Clock
from bot.digests.service import Digests
from bot.home.service import Home
from bot.meetings.service import Meetings
from bot.missions.channel_life import ChannelLife
from bot.missions.plan_import import Plans
from bot.missions.service import Missions
from bot.modals import Modals
from bot.notices import ClockOnly, Courier
from bot.once import Once
from bot.outbox import Outbox
from bot.people.preferences import Preferences
from bot.people.service import People
from bot.phases.service import Phases
from storage.db import Engine


@dataclass
class Services:
    engine: Engine
    clock: Clock
    missions: Missions
    channels: ChannelLife  # what Slack says of a mission's channel: archived, the bot removed, renamed
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
    canvases: Canvases
    approvals: Approvals  # minutes the client approves
    modals: Modals
    once: Once  # background work done once per burst (Home redraws), on the listener executor
    public_url: str | None = None  # for links to this app (calendar feeds)
    courier: Courier = field(default_factory=ClockOnly)  # delivers a change's rows at once (set by concerto.app)

    def __deepcopy__(self, memo: dict) -> Services:
        """Shared, not copied: Bolt deep-copies the context for lazy listeners, and these hold the
        engine and the clock, which every listener must share."""
        return self


def build_services(
    engine: Engine,
    clock: Clock,
    default_timezone: str,
    public_url: str | None = None,
    executor: Executor | None = None,
    batch_window: float = 0.0,
) -> Services:
    """`batch_window`: how long background jobs wait to gather a burst of reasons to run (see Once)."""
    return Services(
        engine=engine,
        clock=clock,
        missions=Missions(engine, clock, default_timezone, public_url),
        channels=ChannelLife(engine, clock),
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
        canvases=Canvases(engine, clock),
        approvals=Approvals(engine, clock),
        modals=Modals(engine, clock),
        once=Once(executor or ThreadPoolExecutor(max_workers=2, thread_name_prefix="once"), window=batch_window),
        public_url=public_url,
    )
