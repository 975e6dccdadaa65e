"""The notification core in-process: reminders derived from actions, delivered by real ticks against
the Web API stand-in, with an injected clock. Every test ends by checking exactly-once delivery."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.actions.notices import EFFECTS, UPDATE
from bot.missions.values import MissionSettings
from sandbox.faults import Fault
from scheduler.compose import EXPIRED
from scheduler.delivery import Deliverer
from scheduler.turns import MAX_WAIT
from storage.db import session_scope
from storage.models import Action, ActionOwner, Notification
from storage.outbox import claim_due
from storage.pace import give_back, take_turns
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS, PUBLIC
from tests.slackcheck import all_text, buttons

UTC = timezone.utc


def deliverer(box, worker: str = "test-clock", **kwargs) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker=worker, **{"sleep": lambda s: None, **kwargs})


def rows(box, *, effects: bool = False, **match) -> list[Notification]:
    """The outbox's rows that match; only the reminders unless `effects` (the action's post, its DMs)."""
    with Session(box.runtime.engine) as s:
        found = s.exec(select(Notification).order_by(Notification.planned_at, Notification.id)).all()
    kept = [r for r in found if effects or r.kind not in EFFECTS]
    return [r for r in kept if all(getattr(r, k) == v for k, v in match.items())]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def sleeping(box, slept: list[float], seconds: float) -> None:
    """A deliverer's sleep on the manual clock: the time passes, and is noted."""
    slept.append(seconds)
    box.clock.advance(timedelta(seconds=seconds))


def reminder_posts(box, user: str = KARIM) -> list[dict]:
    reminders = {r.key for r in rows(box)}
    return [m for m in box.slack.posts("D" + user[1:]) if key_of(m) in reminders]


def key_of(message: dict) -> str | None:
    return (message.get("metadata") or {}).get("event_payload", {}).get("key")


def assert_exactly_once(box) -> None:
    keys = Counter(m["metadata"]["event_payload"]["key"] for m in box.slack.posts() if m.get("metadata"))
    assert [k for k, n in keys.items() if n > 1] == [], "a notification was posted twice"
    silent = ("canvas", "bookmarks")  # updates, canvas writes and bookmark syncs post nothing new
    sent = {r.key for r in rows(box, effects=True, state="sent") if r.kind != UPDATE and r.entity not in silent}
    assert sent == set(keys), "what Slack shows and what the outbox recorded differ"


def create(box, text: str, user: str = MARIE) -> None:
    assert box.driver.command("/action", text, user=user, channel=CHANNEL).status == 200


def test_creating_an_action_plans_its_reminders(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")  # Monday 30 Nov → Friday 4 Dec
    planned = [(r.kind, r.target, r.planned_at.astimezone(PARIS)) for r in rows(box, state="pending")]
    assert planned == [
        ("action.before", KARIM, at(2026, 12, 3, 9)),
        ("action.due", KARIM, at(2026, 12, 4, 9)),
        ("action.overdue", KARIM, at(2026, 12, 7, 9)),
        ("action.overdue", KARIM, at(2026, 12, 9, 9)),
        ("action.overdue", KARIM, at(2026, 12, 15, 9)),
    ]


def test_due_reminder_is_sent_once_at_its_time_with_working_buttons(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    clock = deliverer(box)
    box.clock.set(at(2026, 12, 3, 8, 59))
    assert clock.tick().sent == 0
    box.clock.set(at(2026, 12, 3, 9, 0))
    assert clock.tick().sent == 1
    assert clock.tick().claimed == 0
    (post,) = reminder_posts(box)
    dm = box.slack.calls("chat.postMessage")[-1].args
    assert "Bientôt" in all_text(dm) and set(buttons(dm)) == {"action_done", "action_snooze", "action_reassign"}
    # Done from the reminder DM: the remaining reminders are withdrawn
    box.driver.click_button(dm, "action_done", user=KARIM, channel="D0KARIM", ts=post["ts"])
    assert rows(box, state="pending") == []
    box.clock.set(at(2026, 12, 20, 9, 0))
    assert clock.tick().claimed == 0
    assert_exactly_once(box)


def test_moving_the_due_date_moves_pending_reminders(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.driver.command("/action", "due 1 mardi 15/12 14h", user=MARIE, channel=CHANNEL)
    pending = [(r.kind, r.planned_at.astimezone(PARIS)) for r in rows(box, state="pending")]
    assert pending[:2] == [("action.before", at(2026, 12, 14, 9)), ("action.due", at(2026, 12, 15, 13))]
    assert {r.kind for r in rows(box, state="cancelled")} == {"action.before", "action.due", "action.overdue"}


def test_snooze_and_reassign_rederive(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.driver.command("/action", "assign 1 <@U0TOM|tom>", user=MARIE, channel=CHANNEL)
    assert {r.target for r in rows(box, state="pending")} == {"U0TOM"}


def test_downtime_sends_what_still_matters_once_and_marked_late(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 8, 10, 0))  # the clock was down from Monday to the next Tuesday
    report = deliverer(box).tick()
    assert (report.sent, report.dropped) == (1, 2)
    assert [r.kind for r in rows(box, state="dropped")] == ["action.before", "action.due"]
    assert all("expired" in r.last_error for r in rows(box, state="dropped"))
    (sent,) = rows(box, state="sent")
    assert sent.kind == "action.overdue" and sent.planned_at == at(2026, 12, 7, 9)
    dm = box.slack.calls("chat.postMessage")[-1].args
    assert "En retard" in all_text(dm) and "Envoyé en retard" in all_text(dm)
    assert_exactly_once(box)


def test_a_backlog_that_expired_is_dropped_at_once_and_holds_no_one_up(box):
    """A clock back after weeks finds one person's 300 stale nudges beside others' due reminders: the first
    tick drops the 300 in one go, with their reason, and sends the others."""
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    create(box, "Relire la convention <@U0MARIE|marie> pour jeudi")
    (action,) = [r.entity_id for r in rows(box, target=KARIM)][:1]
    now = at(2026, 12, 3, 9, 0)
    with session_scope(box.runtime.engine) as s:
        for i in range(300):
            stale = now.astimezone(UTC) - timedelta(days=20, minutes=i)
            s.add(
                Notification(
                    team_id="T0CONCERTO",
                    key=f"stale:{i}",
                    kind="action.overdue",
                    entity="action",
                    entity_id=action,
                    target=KARIM,
                    planned_at=stale,
                    run_at=stale,
                    expires_at=stale + timedelta(days=1),
                    created_at=stale,
                    updated_at=stale,
                )
            )
    box.clock.set(now)
    report = deliverer(box).tick()
    assert report.dropped == 300 + 1  # and Marie's day-before reminder, which her due-day one supersedes
    assert {(r.target, r.kind) for r in rows(box, state="sent")} == {(MARIE, "action.due"), (KARIM, "action.before")}
    assert {r.last_error for r in rows(box, state="dropped")} == {EXPIRED}
    assert_exactly_once(box)


def test_rate_limit_honours_retry_after_without_spending_an_attempt(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.slack.inject("chat.postMessage", Fault(429, retry_after=30))
    clock = deliverer(box)
    box.clock.set(at(2026, 12, 3, 9, 0))
    assert clock.tick().retried == 1
    (row,) = rows(box, kind="action.before")
    assert row.state == "pending" and row.attempts == 0
    assert row.run_at == at(2026, 12, 3, 9, 0, 30).astimezone(UTC)
    box.clock.advance(timedelta(seconds=29))
    assert clock.tick().claimed == 0
    box.clock.advance(timedelta(seconds=1))
    assert clock.tick().sent == 1
    assert_exactly_once(box)


def test_server_errors_back_off_then_succeed(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.slack.inject("chat.postMessage", Fault(500), Fault(503, error="service_unavailable"))
    clock = deliverer(box)
    box.clock.set(at(2026, 12, 3, 9, 0))
    assert clock.tick().retried == 1
    box.clock.advance(timedelta(seconds=30))
    assert clock.tick().retried == 1
    box.clock.advance(timedelta(seconds=59))
    assert clock.tick().claimed == 0  # backing off: 30 s, then 60 s
    box.clock.advance(timedelta(seconds=1))
    assert clock.tick().sent == 1
    (row,) = rows(box, kind="action.before")
    assert row.attempts == 3 and row.last_error is None
    assert_exactly_once(box)


def test_a_post_whose_answer_was_lost_is_found_not_posted_again(box):
    """Slack took the post, and the connection dropped before its answer: the next attempt finds it in the
    channel's history by its key, and records it."""
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    box.slack.inject("chat.postMessage", Fault(unanswered=True))
    assert deliverer(box).tick().retried == 1
    (row,) = rows(box, kind="action.before")
    assert row.state == "pending" and row.last_error.startswith("no answer: ")
    box.clock.advance(timedelta(seconds=30))
    assert deliverer(box).tick().recovered == 1
    (row,) = rows(box, kind="action.before")
    assert row.state == "sent" and row.message_ts
    assert_exactly_once(box)


def test_a_lost_answer_is_found_even_after_a_long_downtime_touched_the_row(box):
    """The answer was lost, then the clock was down for a day and a re-plan touched the row on its return: the
    history is read from when the row fell due, not from that last change (season seed 5 posted it twice)."""
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    box.slack.inject("chat.postMessage", Fault(unanswered=True))
    assert deliverer(box).tick().retried == 1
    box.clock.advance(timedelta(hours=20))
    with Session(box.runtime.engine) as s:
        (row,) = [r for r in s.exec(select(Notification)) if r.kind == "action.before"]
        row.updated_at = box.clock.now()  # what the re-plan of a clock back from downtime does to it
        s.add(row)
        s.commit()
    assert deliverer(box).tick().recovered == 1
    (row,) = rows(box, kind="action.before")
    assert row.state == "sent" and row.message_ts
    assert_exactly_once(box)


def test_network_errors_are_retried(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    dead = Deliverer(
        box.runtime.engine,
        WebClient(token="xoxb-x", base_url="http://127.0.0.1:9/api/", retry_handlers=[], timeout=2),
        box.clock,
        worker="w",
        sleep=lambda s: None,
    )
    assert dead.tick().retried == 1
    (row,) = rows(box, kind="action.before")
    assert row.state == "pending" and row.last_error in ("no answer: URLError", "no answer: ConnectionRefusedError")
    box.clock.advance(timedelta(seconds=30))
    assert deliverer(box).tick().sent == 1
    assert_exactly_once(box)


def test_permanent_errors_stop_and_tell_the_director_once_a_day_in_plain_words(box):
    box.runtime.services.missions.configure(
        "T0CONCERTO",
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    box.slack.add_user("U0GHOST", "ghost", "Gaston Host")
    create(box, "Appeler la préfecture <@U0GHOST|ghost> pour vendredi")
    del box.slack.state.users["U0GHOST"]  # ghost has left the workspace since
    clock = deliverer(box)
    box.clock.set(at(2026, 12, 3, 9, 0))
    report = clock.tick()
    assert report.failed == 1
    (failed,) = rows(box, state="failed")
    assert failed.last_error == "user_not_found" and failed.attempts == 1
    assert clock.tick().sent == 1  # the notice to the director
    notice = [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == DIRECTOR]
    assert len(notice) == 1
    told = notice[0]
    assert "Slack ne connaît plus <@U0GHOST>" in told and "1 message ne lui a pas été envoyé" in told
    assert "<#C0MISSION>" in told and "user_not_found" not in told and "concerto outbox" not in told

    def notices() -> list[str]:
        return [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == DIRECTOR]

    per_day = {3: 1}
    for day, hour in ((4, 9), (4, 15), (7, 9), (7, 10)):  # the due reminders fail too, the same day or later
        before = len(notices())
        box.clock.set(at(2026, 12, day, hour, 0))
        clock.tick()
        clock.tick()
        per_day[day] = per_day.get(day, 0) + len(notices()) - before
    assert max(per_day.values()) == 1  # one a day at most
    told = sum(int(n) for text in notices() for n in re.findall(r"(\d+) messages? ne lui", text))
    assert told == len(rows(box, state="failed")) >= 2  # every failure told, once
    dm = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == DIRECTOR][-1]
    box.driver.choose_user(dm.args, "person_hand_over", KARIM, user=DIRECTOR, channel="D0CLAIRE", ts=dm.result["ts"])
    with Session(box.runtime.engine) as s:  # Gaston's open action, handed over from the DM: Karim's now
        assert {o.user_id for o in s.exec(select(ActionOwner))} == {KARIM}
    assert_exactly_once(box)


def test_a_crash_after_posting_is_recorded_not_resent(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    # worker A claims the row and posts it, then dies before recording the post
    with session_scope(box.runtime.engine) as s:
        (row,) = claim_due(s, now=box.clock.now(), worker="A", lease=timedelta(seconds=60), limit=10)
    WebClient(token="xoxb-a", base_url=box.slack.api_url).chat_postMessage(
        channel=KARIM,
        text="rappel",
        metadata={"event_type": "concerto_notification", "event_payload": {"key": row.key}},
    )
    clock = deliverer(box, worker="B")
    assert clock.tick().claimed == 0  # A's lease still runs
    box.clock.advance(timedelta(seconds=61))
    report = clock.tick()
    assert (report.recovered, report.sent) == (1, 0)
    assert len(reminder_posts(box)) == 1
    assert_exactly_once(box)


def test_a_crash_before_posting_is_sent_after_the_lease(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    with session_scope(box.runtime.engine) as s:
        claim_due(s, now=box.clock.now(), worker="A", lease=timedelta(seconds=60), limit=10)
    box.clock.advance(timedelta(seconds=61))
    report = deliverer(box, worker="B").tick()
    assert (report.recovered, report.sent) == (0, 1)
    assert_exactly_once(box)


def test_a_clock_that_died_holding_a_conversation_s_turn_frees_it_with_its_claims(box):
    """Clock A claimed a row and took its conversation's turn, then died: once its claims' lease is out
    (plus the time a turn may be waited for), clock B takes both and posts."""
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    lease = timedelta(seconds=2)
    dead = deliverer(box, worker="A", lease=lease)
    with session_scope(box.runtime.engine) as s:
        (row,) = claim_due(s, now=box.clock.now(), worker="A", lease=lease, limit=10)
        assert row.target in take_turns(
            s, [row.target], worker="A", now=box.clock.now(), hold=dead.turns.lease + MAX_WAIT
        )
    box.clock.advance(lease + MAX_WAIT + timedelta(seconds=1))
    assert deliverer(box, worker="B", lease=lease).tick().sent == 1
    assert_exactly_once(box)


def test_a_turn_set_days_ahead_by_a_skewed_clock_does_not_hold_the_conversation(box, caplog):
    """A clock whose time ran days ahead gave a conversation back "not before" then: a correct clock treats
    a turn further off than any Retry-After as stale, says so, and posts."""
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    with session_scope(box.runtime.engine) as s:
        take_turns(s, ["U0KARIM"], worker="skewed", now=box.clock.now(), hold=timedelta(seconds=1))
        give_back(s, [("U0KARIM", box.clock.now() + timedelta(days=6))], worker="skewed")
    assert deliverer(box).tick().sent == 1
    assert "further off than any Retry-After" in caplog.text
    assert_exactly_once(box)


def test_closed_actions_are_not_reminded(box):
    create(box, "Réserver l'hémicycle <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    with session_scope(box.runtime.engine) as s:  # the action was closed behind the outbox's back
        s.exec(select(Action)).one().status = "done"
    report = deliverer(box).tick()
    assert (report.sent, report.dropped) == (0, 1)
    assert rows(box, state="dropped")[0].last_error == "the action is closed"


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_ticks_never_send_twice(box, workers):
    for i in range(8):
        create(box, f"Action {i} <@U0KARIM|karim> <@U0MARIE|marie> pour vendredi")
    box.clock.set(at(2026, 12, 4, 9, 30))
    reports = []
    threads = [
        threading.Thread(
            target=lambda n=n: reports.append(
                deliverer(box, worker=f"w{n}", sleep=lambda s: sleeping(box, [], s)).tick()
            )
        )
        for n in range(workers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(r.sent for r in reports) + sum(r.dropped for r in reports) == 32
    assert len(rows(box, state="sent")) == 16  # the due reminders; the before ones expired at 9:00
    assert_exactly_once(box)


def test_posts_to_one_conversation_are_spaced(box):
    for i in range(3):
        create(box, f"Action {i} <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    slept: list[float] = []
    clock = deliverer(box, sleep=lambda s: sleeping(box, slept, s))
    assert clock.tick().sent == 3
    assert len(slept) == 2 and all(0.9 < s <= 1.0 for s in slept)
    assert_exactly_once(box)


def test_a_burst_goes_ahead_of_the_pace_then_keeps_to_it(box):
    """With a burst of 2 s (a command's courier), the first three posts to a conversation go at once; the
    next ones keep to one a second."""
    for i in range(5):
        create(box, f"Action {i} <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    slept: list[float] = []
    clock = deliverer(box, burst=timedelta(seconds=2), sleep=lambda s: sleeping(box, slept, s))
    assert clock.tick().sent == 5
    assert len(slept) == 2 and all(0.9 < s <= 1.0 for s in slept)  # the 4th and the 5th
    assert_exactly_once(box)


def test_a_busy_conversation_yields_to_the_next_tick(box):
    for i in range(3):
        create(box, f"Action {i} <@U0KARIM|karim> pour vendredi")
    box.clock.set(at(2026, 12, 3, 9, 0))
    clock = deliverer(box, per_target=2)
    assert clock.tick().sent == 2
    (left,) = rows(box, kind="action.before", state="pending")
    assert left.attempts == 0
    assert clock.tick().sent == 1
    assert_exactly_once(box)


def test_a_channel_post_made_before_a_crash_is_not_sent_again(box):
    box.slack.add_channel(PUBLIC, "public-mission")
    box.runtime.services.missions.configure(
        "T0CONCERTO",
        PUBLIC,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    box.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30', user=MARIE, channel=PUBLIC
    )
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    box.clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS))
    with session_scope(box.runtime.engine) as s:  # worker A posts into the channel, then dies
        due = claim_due(s, now=box.clock.now(), worker="A", lease=timedelta(seconds=60), limit=50)
        row = next(r for r in due if r.target.startswith("C"))
        keys = [(r.key, r.target) for r in due]
    client.chat_postMessage(
        channel=row.target,
        text="rappel",
        metadata={"event_type": "concerto_notification", "event_payload": {"key": row.key}},
    )
    box.clock.advance(timedelta(seconds=61))
    Deliverer(box.runtime.engine, client, box.clock, worker="B", sleep=lambda s: None).tick()
    posted = [
        m for m in box.slack.posts(PUBLIC) if (m.get("metadata") or {}).get("event_payload", {}).get("key") == row.key
    ]
    assert len(posted) == 1, f"posted {len(posted)} times ({keys})"
