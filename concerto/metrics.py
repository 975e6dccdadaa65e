"""Prometheus metrics at `GET /metrics` (a bearer token if METRICS_TOKEN is set).

Two kinds. What each process counts as it works: the acks (by kind and outcome) and their latency in the
web workers, the requests run (and failed) in the work processes; under gunicorn these are shared between
the processes of a host through prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by
`concerto web`). And what the database says at the moment of the scrape, the same whichever process or
machine answers: the outbox's rows by kind and state, the age of the oldest due one, the failures by Slack's
error, the delay from planned to sent over the last hour, the inbox's depth and the age of its oldest
request, when a clock last ticked and whether one plans. It works on SQLite as on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import func
from sqlmodel import col, select

from bot.clock import Clock
from scheduler.leader import someone_plans
from storage.db import Engine, read_scope
from storage.heartbeats import last_beat
from storage.inbox import oldest_waiting
from storage.models import InboxRequest, Notification

ACKS = Counter(
    "concerto_acks",
    "Slack requests answered, by kind (a command, an event, an interaction) and HTTP status",
    ["kind", "status"],
)
ACK_SECONDS = Histogram(
    "concerto_ack_seconds", "Time to answer Slack (it waits 3 s)", buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5)
)
WORK_RUNS = Counter("concerto_work_runs", "Requests the work processes ran, by outcome (ok, failed)", ["outcome"])
DELAY_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)  # seconds from planned to sent
RECENT = timedelta(hours=1)


class FromDatabase(Collector):
    """What the database says, read at each scrape."""

    def __init__(self, engine: Engine, inbox: Engine, clock: Clock) -> None:
        self.engine, self.inbox, self.clock = engine, inbox, clock

    def collect(self) -> Iterator[Metric]:
        now = self.clock.now()
        rows = GaugeMetricFamily("concerto_outbox_rows", "Outbox rows by kind and state", labels=["kind", "state"])
        failed = GaugeMetricFamily(
            "concerto_outbox_failed", "Notifications Slack refused for good, by its error", labels=["error"]
        )
        with read_scope(self.engine) as session:
            by_state = select(Notification.kind, Notification.state, func.count()).group_by(
                col(Notification.kind), col(Notification.state)
            )
            for kind, state, count in session.exec(by_state):
                rows.add_metric([kind, state], count)
            errors = select(Notification.last_error, func.count()).where(Notification.state == "failed")
            for error, count in session.exec(errors.group_by(col(Notification.last_error))):
                failed.add_metric([(error or "unknown").split(" ")[0][:60]], count)
            oldest = session.exec(
                select(func.min(Notification.run_at)).where(Notification.state == "pending", Notification.run_at <= now)
            ).one()
            sent = [
                (planned, done)
                for planned, done in session.exec(
                    select(Notification.planned_at, Notification.sent_at).where(
                        Notification.state == "sent", col(Notification.sent_at) >= now - RECENT
                    )
                )
            ]
            ticked = last_beat(session)
        yield rows
        yield failed
        yield GaugeMetricFamily(
            "concerto_outbox_oldest_due_seconds", "How long the oldest due one has waited", value=_age(oldest, now)
        )
        yield _delays(sent)
        with read_scope(self.inbox) as session:
            depth = session.exec(select(func.count()).where(InboxRequest.state == "pending")).one()
            waiting = oldest_waiting(session)
        yield GaugeMetricFamily("concerto_inbox_depth", "Requests acknowledged, waiting to be run", value=depth)
        yield GaugeMetricFamily(
            "concerto_inbox_oldest_seconds", "How long the oldest waiting request has waited", value=_age(waiting, now)
        )
        yield GaugeMetricFamily(
            "concerto_clock_last_tick_timestamp_seconds",
            "When a clock last ticked (Unix time; 0: never)",
            value=ticked.timestamp() if ticked else 0,
        )
        yield GaugeMetricFamily(
            "concerto_clock_planning", "1 when a clock holds the planning lock", value=int(someone_plans(self.engine))
        )


def _age(since: datetime | None, now: datetime) -> float:
    return max((now - since).total_seconds(), 0.0) if since else 0.0


def _delays(sent: Sequence[tuple[datetime, datetime | None]]) -> HistogramMetricFamily:
    """Planned to sent, over the last hour's sends (a notice sent late after a downtime shows here)."""
    delays = [max((s - p).total_seconds(), 0.0) for p, s in sent if s is not None]
    buckets = [(str(b), sum(d <= b for d in delays)) for b in DELAY_BUCKETS] + [("+Inf", len(delays))]
    return HistogramMetricFamily(
        "concerto_delivery_delay_seconds",
        "From planned to sent, for what was sent in the last hour",
        buckets=buckets,
        sum_value=sum(delays),
    )


def exposition(engine: Engine, inbox: Engine, clock: Clock) -> bytes:
    """The text a Prometheus scrape reads: this host's processes' counters, and the database's figures."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_Counted())
    registry.register(FromDatabase(engine, inbox, clock))
    return generate_latest(registry)


class _Counted(Collector):
    """This process's own counters (no multiprocess directory: one process, as `concerto run`)."""

    def collect(self) -> Iterator[Metric]:
        for metric in REGISTRY.collect():
            if metric.name.startswith("concerto_"):
                yield metric
