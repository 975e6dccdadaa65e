"""Property tests of the notification core's invariants (README, "The notification core"), over
random scripts of commands, edits, re-plans, dying clocks and clock restarts at random instants,
around both changes of time in Paris. Through the real app, services and Deliverer; the database
is emptied before each example. Example counts are kept small: each example plays days of a mission."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bot.canvas.service import NOTICE as CANVAS_NOTICE
from bot.outbox import ANNOUNCEMENT
from scheduler.clock import plan_ahead
from tests.scenarios.delivery.schedule_script import (
    DST_WEEKENDS,
    DUES,
    MEETINGS,
    OPS,
    SPAN,
    Script,
    outbox,
    play,
    settled_rows,
    snapshot,
)

MINUTES = int(SPAN.total_seconds() // 60)
PROPERTY = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def scripts(*, claims: bool) -> st.SearchStrategy[Script]:
    names = [*OPS, "replan", *(["claim", "tick", "replan"] if claims else [])]
    return st.builds(
        Script,
        start=st.sampled_from(DST_WEEKENDS),
        meeting=st.sampled_from(MEETINGS),
        due=st.sampled_from(DUES),
        events=st.lists(st.tuples(st.integers(0, MINUTES), st.sampled_from(names)), min_size=2, max_size=10),
    )


@PROPERTY
@given(script=scripts(claims=True))
def test_a_re_plan_never_touches_what_is_due_or_claimed_and_twice_is_once(box, caplog, script):
    """Invariants 1 and 2: whatever a command or a re-plan does, rows whose time has come and
    claimed rows are left as they were, a second re-plan changes nothing, and a row is only ever
    withdrawn before its time; only the downtime policy drops, with a reason it logs."""
    caplog.clear()
    caplog.set_level(logging.INFO, logger="scheduler.delivery")

    def check(op: str):
        if op in ("claim", "tick"):  # the deliverer's own steps
            return None
        before = settled_rows(box)

        def after() -> None:
            now = {r.id: r for r in outbox(box)}
            for row_id, values in before.items():
                row = now[row_id]
                assert (
                    row.state,
                    row.planned_at,
                    row.run_at,
                    row.expires_at,
                    row.about_at,
                    row.claimed_by,
                ) == values, f"{op} changed {row.key}"
            if op == "replan":
                once = snapshot(box)
                plan_ahead(box.runtime.services)
                assert snapshot(box) == once, "a second re-plan changed the outbox"

        return after

    play(box, script, ticking=False, check=check)
    rows = outbox(box)
    for row in rows:
        if row.state == "cancelled":
            assert row.updated_at < row.planned_at, f"{row.key} was withdrawn after its time had come"
    dropped = {r.id for r in rows if r.state == "dropped"}
    assert all(r.last_error for r in rows if r.state == "dropped")
    logged = {int(rec.args[0]) for rec in caplog.records if rec.msg.startswith("dropped notification")}
    assert dropped <= logged


REQUEST = re.compile(r"command:[^:]+$")  # the Slack request a key ends with


def outcome(box) -> dict[str, tuple]:
    """Each settled notification: its state, what it is about, when it stopped making sense, why dropped.
    Canvas writes and bookmark syncs are left out: they bring a canvas or the channel's bookmarks up to date,
    notify nobody, and are keyed by when they go out (changes coalesce into one write a minute), so their
    number depends on the clock by design; and
    so are the announcements of the script's commands, keyed by the Slack request (a new trigger each run),
    delivered at once by the command's own work, whatever the clock does, and the channel's word about its
    canvas, which comes with a write. A digest sent on demand is keyed by its request too: the request's id
    is left out of its key, the trigger being new each run."""
    return {
        REQUEST.sub("command:*", r.key): (r.state, r.entity, r.expires_at, r.last_error)
        for r in outbox(box)
        if r.state in ("sent", "dropped")
        and r.entity not in ("canvas", "bookmarks")
        and r.kind not in (ANNOUNCEMENT, CANVAS_NOTICE)
    }


@PROPERTY
@given(script=scripts(claims=False), stop=st.integers(0, MINUTES), length=st.sampled_from([0, 7, 95, 600, 1500]))
def test_what_is_delivered_does_not_depend_on_when_the_clock_ran(box, script, stop, length):
    """Invariant 3: a clock that ran all along, and one stopped at any instant and restarted (at
    once, or after a downtime), deliver the same notifications; after a downtime, what the downtime
    policy finds pointless is dropped with its reason instead, and nothing else differs."""
    play(box, script)
    all_along = outcome(box)
    down = (script.start + timedelta(minutes=stop), script.start + timedelta(minutes=stop + length))
    play(box, script, down=down)
    restarted = outcome(box)
    sent = {k for k, v in restarted.items() if v[0] == "sent"}
    sent_all_along = {k for k, v in all_along.items() if v[0] == "sent"}
    assert sent_all_along, "the script delivered nothing: it tests nothing"
    if length <= 10:  # a restart, or a downtime shorter than "sent late": exactly the same
        assert restarted.keys() == all_along.keys() and sent == sent_all_along
        return
    assert sent <= sent_all_along
    assert all(v[3] for v in restarted.values() if v[0] == "dropped"), "a drop without its reason"
    for key in sent_all_along - sent:
        if key not in restarted:  # never created: a recurring notice whose whole validity fell in the downtime
            _, entity, expires, _ = all_along[key]
            assert entity in ("digest", "summary") and expires <= down[1], key
    assert restarted.keys() <= all_along.keys()


@PROPERTY
@given(script=scripts(claims=False))
def test_the_calendar_shows_what_the_bot_does(box, script):
    """Invariant 4: the feed's occurrences (RRULE, EXDATE — cancelled and skipped holidays —,
    RECURRENCE-ID) are exactly those the bot plans a follow-up for, over the planning horizon."""
    play(box, script)
    now = box.clock.now()
    horizon = now + timedelta(days=50)
    mission = box.runtime.services.missions.for_channel("T0CONCERTO", "C0MISSION")
    feed = feed_starts(box.runtime.services.meetings.calendar(mission), now, horizon)
    planned = {r.planned_at for r in outbox(box) if r.kind == "meeting.followup" and r.state == "pending"}
    meeting = box.runtime.services.meetings.by_number(mission, 1)
    bot = {end - timedelta(minutes=meeting.duration_minutes) for end in planned}
    assert feed, "no sitting in the feed: the script tests nothing"
    assert {s for s in bot if now <= s < horizon} == feed


def feed_starts(ics: bytes, after: datetime, before: datetime) -> set[datetime]:
    """Expand the feed as a calendar client would: dateutil on its wall times, minus EXDATE, with
    each RECURRENCE-ID replaced by its own DTSTART."""
    starts, moved = set(), {}
    for event in Calendar.from_ical(ics).walk("VEVENT"):
        start = event["DTSTART"].dt
        if "RECURRENCE-ID" in event:
            moved[event["RECURRENCE-ID"].dt] = start
            continue
        if "RRULE" not in event:
            if event.get("STATUS") != "CANCELLED":
                starts.add(start)
            continue
        tz: ZoneInfo = start.tzinfo
        rule = event["RRULE"].to_ical().decode()
        if "UNTIL=" in rule:
            until = event["RRULE"]["UNTIL"][0].astimezone(tz).replace(tzinfo=None)
            rule = ";".join(p for p in rule.split(";") if not p.startswith("UNTIL="))
            expanded = rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None)).replace(until=until)
        else:
            expanded = rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None))
        excluded = set()
        for group in event.get("EXDATE", []) if isinstance(event.get("EXDATE"), list) else [event.get("EXDATE")]:
            if group is not None:
                excluded |= {d.dt.replace(tzinfo=None) for d in group.dts}
        lo = (after - timedelta(days=400)).astimezone(tz).replace(tzinfo=None)
        hi = (before + timedelta(days=2)).astimezone(tz).replace(tzinfo=None)
        starts |= {naive.replace(tzinfo=tz) for naive in expanded.between(lo, hi, inc=True) if naive not in excluded}
    starts = {moved.pop(s, s) for s in starts} | set()
    return {s for s in starts if after <= s < before}
