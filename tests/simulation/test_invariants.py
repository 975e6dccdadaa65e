"""The season's checks read what a person reads: a date token by its fallback, the mission's wording."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sandbox.standin import Call
from testing.season.invariants import Day, a_year_shown_outside_this_one, every_step_ended_once

DECEMBER = date(2026, 12, 28)


def day_of(*texts: str, calls: list[Call] | None = None, steps: dict[str, str] | None = None) -> Day:
    posts = [Call("chat.postMessage", {"channel": "C0MISSION", "text": text}, result={"ok": True}) for text in texts]
    calls = posts + (calls or [])
    end = datetime(2026, 12, 28, 23, 0, tzinfo=UTC)
    return Day(end, DECEMBER, "", calls, calls, [], [], "U0CLAIRE", frozenset(), {}, True, [], steps or {})


def test_a_day_shown_through_a_token_is_read_by_its_fallback():
    fine = "<!date^1799406000^{date_long_pretty}|ven. 8 janv. 2027>"
    wrong = "<!date^1799406000^{date_long_pretty}|ven. 8 janv.>"  # a January day, said without its year
    assert list(a_year_shown_outside_this_one(day_of(f"Jalon dû {fine}"), None)) == []
    (broken,) = a_year_shown_outside_this_one(day_of(f"Jalon dû {wrong}"), None)
    assert "ven. 8 janv." in broken and "<!date" not in broken  # what the reader reads, not the token


def end(execution: str, ok: bool = True) -> Call:
    return Call("functions.completeSuccess", {"function_execution_id": execution}, result={"ok": ok})


def test_a_workflow_step_ends_once_and_by_the_evening():
    assert (
        list(every_step_ended_once(day_of(calls=[end("Fx1"), end("Fx1", ok=False)], steps={"Fx1": "completed"}), None))
        == []
    )
    (twice,) = every_step_ended_once(day_of(calls=[end("Fx1"), end("Fx1")], steps={"Fx1": "completed"}), None)
    assert "Fx1 ended 2 times" in twice
    (running,) = every_step_ended_once(day_of(steps={"Fx2": "running"}), None)
    assert "Fx2 still running" in running
