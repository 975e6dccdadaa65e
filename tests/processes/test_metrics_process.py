"""`GET /metrics` from the real web process under gunicorn: refused without METRICS_TOKEN's bearer; with it,
the acks of both workers and the runs of the work processes beside them added up (prometheus-client's
multiprocess mode), and the database's figures beside them."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families


@pytest.fixture
def web_env() -> dict:
    return {"METRICS_TOKEN": "scrape-me"}


def scrape(web, token: str | None) -> tuple[int, dict[tuple[str, tuple], float]]:
    request = urllib.request.Request(
        web.base + "/metrics", headers={"Authorization": f"Bearer {token}"} if token else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as res:
            body = res.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, {}
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }
    return 200, samples


def test_the_workers_and_work_processes_counters_add_up_behind_a_token(web):
    assert scrape(web, None)[0] == 401 and scrape(web, "wrong")[0] == 401
    for n in range(4):
        web.driver.command("/action", f"Relancer la mairie n°{n}", user="U0MARIE", channel="C0MISSION")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, seen = scrape(web, "scrape-me")
        if seen.get(("concerto_work_runs_total", (("outcome", "ok"),)), 0) >= 4:
            break
        time.sleep(0.3)
    assert status == 200
    assert seen[("concerto_acks_total", (("kind", "/action"), ("status", "200")))] == 4
    assert seen[("concerto_work_runs_total", (("outcome", "ok"),))] >= 4
    assert seen[("concerto_outbox_rows", (("kind", "action.post"), ("state", "sent")))] == 4
    assert seen[("concerto_inbox_depth", ())] == 0
