"""One road to Slack, through the real processes: what a command or a click causes in Slack is written in
the change's transaction and delivered by the work process that made it. A work process SIGKILLed between
the commit and Slack's answer leaves nothing lost and nothing twice: another work process runs the request
again and finds it made, a clock settles what the dead one had in flight (found in the conversation's
history by its key, never posted again)."""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from bot.actions.notices import EFFECTS
from bot.outbox import ANNOUNCEMENT
from sandbox.faults import Fault
from storage.db import make_engine
from storage.models import AuditEntry, Notification
from testing.faults import stop, wait_until
from tests.processes.harness import Web

LEASE = "2"  # seconds before what a dead work process ran is claimed again (its posts: 30 s more)


@pytest.fixture
def web_env() -> dict:
    return {"INBOX_LEASE": LEASE, "WEB_WORK": "false"}


def audit(web: Web) -> Counter:
    engine = make_engine(web.env["DATABASE_URL"])
    try:
        with Session(engine) as s:
            return Counter((e.entity_id, e.verb) for e in s.exec(select(AuditEntry)).all())
    finally:
        engine.dispose()


def effects(web: Web) -> Counter:
    engine = make_engine(web.env["DATABASE_URL"])
    try:
        with Session(engine) as s:
            return Counter((r.kind, r.state) for r in s.exec(select(Notification)).all() if r.kind in EFFECTS)
    finally:
        engine.dispose()


def killed_mid_post(web: Web, do, calls: str = "chat.postMessage", count: int = 2) -> subprocess.Popen:
    """Run `do` against a work process, SIGKILL it once Slack has `count` of its `calls` in hand (each
    answered 20 s late: Slack has them, the process never hears back), and start another."""
    web.slack.inject(calls, *[Fault(delay=20)] * count)
    first = web.start_work()
    try:
        do()
        web.slack.wait_for(count, calls, timeout=60)
    finally:
        stop(first, signal.SIGKILL)
    return web.start_work()


def test_a_command_killed_between_commit_and_post_is_posted_once_and_dms_once(web, web_clock):
    web.slack.add_user("U0KARIM", "karim", "Karim Benali")
    second = killed_mid_post(
        web,
        lambda: web.driver.command(
            "/action", "Relire la note <@U0KARIM|karim> pour vendredi", user="U0MARIE", channel="C0MISSION"
        ),
    )
    try:
        wait_until(
            lambda: effects(web) == Counter({("action.post", "sent"): 1, ("action.assigned", "sent"): 1}),
            timeout=90,
            what="the post and the DM settled by the clock, as found in Slack",
        )
    finally:
        stop(second)
    assert len([m for m in web.slack.posts("C0MISSION") if "Relire" in (m.get("text") or "")]) == 1
    assert len([m for m in web.slack.posts("D0KARIM") if "Relire" in str(m)]) == 1
    assert audit(web) == Counter({(1, "create"): 1})


def beforehand(web: Web, command: str, text: str, done: Callable[[], bool]) -> None:
    """What a test starts from: a command carried out to the end by a work process that then stops."""
    first = web.start_work()
    try:
        web.driver.command(command, text, user="U0MARIE", channel="C0MISSION")
        wait_until(done, timeout=30, what=f"{command} {text} carried out")
    finally:
        stop(first)


def test_a_done_click_killed_before_its_update_is_done_and_audited_once(web, web_clock):
    beforehand(web, "/action", "Relire la note pour vendredi", lambda: effects(web)[("action.post", "sent")] == 1)
    (post,) = [c.args | c.result for c in web.slack.calls("chat.postMessage") if c.args.get("channel") == "C0MISSION"]
    second = killed_mid_post(
        web,
        lambda: web.driver.click_button(post, "action_done", user="U0MARIE", channel="C0MISSION", ts=post["ts"]),
        calls="chat.update",
        count=1,
    )
    try:
        wait_until(
            lambda: effects(web)[("action.update", "sent")] == 1, timeout=90, what="the update settled by the clock"
        )
    finally:
        stop(second)
    assert audit(web) == Counter({(1, "create"): 1, (1, "done"): 1})  # the click ran twice, the change once


def test_a_form_submission_killed_between_commit_and_post_is_posted_once(web, web_clock):
    beforehand(web, "/action", "", lambda: len(web.slack.calls("views.update")) == 1)  # the form, opened and filled
    form = web.slack.calls("views.update")[0].args
    values = {"text": {"type": "plain_text_input", "value": "Relire la note"}}
    second = killed_mid_post(web, lambda: web.driver.submit({**form["view"], **form}, values, user="U0MARIE"), count=1)
    try:
        wait_until(lambda: effects(web)[("action.post", "sent")] == 1, timeout=90, what="the post settled")
    finally:
        stop(second)
    assert len([m for m in web.slack.posts("C0MISSION") if "Relire" in (m.get("text") or "")]) == 1
    assert audit(web) == Counter({(1, "create"): 1})


def test_a_cancelled_sitting_killed_between_commit_and_post_is_cancelled_and_announced_once(web, web_clock):
    added = 'add weekly "Point hebdo" mardi 9h'
    beforehand(web, "/meeting", added, lambda: announcements(web)[("channel.post", "sent")] == 1)
    second = killed_mid_post(
        web,
        lambda: web.driver.command("/meeting", "cancel 1", user="U0MARIE", channel="C0MISSION"),
        count=1,
    )
    try:
        wait_until(lambda: announcements(web)[("channel.post", "sent")] == 2, timeout=90, what="the cancel posted")
    finally:
        stop(second)
    assert len(web.slack.posts("C0MISSION")) == 2  # the meeting added, its sitting cancelled: once each
    assert [verb for (_, verb), n in audit(web).items() for _ in range(n)].count("cancel") == 1


def announcements(web: Web) -> Counter:
    engine = make_engine(web.env["DATABASE_URL"])
    try:
        with Session(engine) as s:
            return Counter((r.kind, r.state) for r in s.exec(select(Notification)).all() if r.kind == ANNOUNCEMENT)
    finally:
        engine.dispose()
