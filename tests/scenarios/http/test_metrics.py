"""`GET /metrics` after real requests and a real tick: the acks counted by kind and status, the outbox's rows
by kind and state, the delay from planned to sent, the inbox and the clock; parsed as Prometheus parses it."""

from __future__ import annotations

from datetime import datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families
from slack_sdk import WebClient

from scheduler.clock import tick
from scheduler.delivery import Deliverer
from tests.conftest import CHANNEL, KARIM, MARIE, PARIS


def scrape(box) -> dict[tuple[str, tuple], float]:
    status, headers, body = box.driver.get("/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


ACTION_ACKS = ("concerto_acks_total", (("kind", "/action"), ("status", "200")))


def test_metrics_after_commands_and_a_tick(box):
    before = scrape(box)  # the counters are the test process's, shared with the tests before this one
    box.driver.command("/action", "Relancer la CCI <@U0KARIM|karim> pour jeudi", user=MARIE, channel=CHANNEL)
    box.driver.command("/action", "list", user=KARIM, channel=CHANNEL)
    box.clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=PARIS))  # the day before: its reminder is due
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    tick(Deliverer(box.runtime.engine, client, box.clock, worker="metrics-clock", sleep=lambda s: None))
    box.clock.advance(timedelta(minutes=5))
    seen = scrape(box)
    assert seen[ACTION_ACKS] - before.get(ACTION_ACKS, 0) == 2
    assert seen[("concerto_outbox_rows", (("kind", "action.post"), ("state", "sent")))] == 1
    assert seen[("concerto_outbox_rows", (("kind", "action.before"), ("state", "sent")))] == 1
    assert seen[("concerto_delivery_delay_seconds_count", ())] == 1, "the reminder sent in the last hour"
    assert seen[("concerto_delivery_delay_seconds_bucket", (("le", "1.0"),))] == 1, "sent when planned"
    ticked = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS).timestamp()
    assert seen[("concerto_clock_last_tick_timestamp_seconds", ())] == ticked
    assert seen[("concerto_inbox_depth", ())] == 0 and seen[("concerto_outbox_oldest_due_seconds", ())] == 0
    assert ("concerto_clock_planning", ()) in seen
    assert seen[("concerto_ack_seconds_count", ())] - before[("concerto_ack_seconds_count", ())] == 2
