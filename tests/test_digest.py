"""The director's digest: content checked against a seeded mission, Block Kit limits at 1, 50 and 500
open actions, sent at the right time across DST and exactly once, and who may see what."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.actions.grammar import GrammarError
from bot.actions.values import ActionView
from bot.digests.blocks import digest_message
from bot.digests.grammar import DigestCommand, parse_digest_command
from bot.digests.values import DigestData
from bot.missions.values import MissionSettings
from sandbox.shapes import block_problems
from scheduler.delivery import Deliverer
from storage.models import Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS, TOM
from tests.slackcheck import all_text, only

UTC = timezone.utc
NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)


def view(n: int, owner: str, due: date | None, text: str = "Action") -> ActionView:
    due_at = datetime.combine(due + timedelta(days=1), datetime.min.time(), tzinfo=PARIS).astimezone(UTC) \
        if due else None
    return ActionView(id=n, number=n, team_id="T", mission_id=1, text=f"{text} {n}", status="open", owners=(owner,),
                      created_by=owner, created_at=NOW - timedelta(days=10), due_date=due, due_at=due_at,
                      due_all_day=True, done_by=None, done_at=None, permalink=None, message_channel=None,
                      message_ts=None)


@pytest.mark.parametrize("count", [1, 50, 500])
def test_digest_stays_inside_block_kit_limits(count):
    actions = [view(i, f"U0P{i % 12:03d}", date(2026, 11, 1) + timedelta(days=i % 60), "x" * 1400)
               for i in range(1, count + 1)]
    data = DigestData(open=actions, done=actions[: count // 2], meetings=[], milestones=[], open_a_week_ago=count,
                      overdue_a_week_ago=0, channel=CHANNEL)
    msg = digest_message(data, "fr", PARIS, NOW)
    assert len(msg["blocks"]) <= 50
    assert block_problems(msg["blocks"], limit=50) == []
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in msg["blocks"])
    assert f"{count} ouvertes" in msg["text"]


def test_digest_content():
    data = DigestData(
        open=[view(1, MARIE, date(2026, 11, 20)), view(2, KARIM, date(2026, 11, 27)), view(3, MARIE, date(2026, 12, 3)),
              view(4, TOM, None)],
        done=[view(5, KARIM, None)], meetings=[], milestones=[], open_a_week_ago=2, overdue_a_week_ago=2,
        channel=CHANNEL)
    text = all_text(digest_message(data, "en", PARIS, NOW))
    assert "4 open (▲2 in a week) · 2 overdue (=) · 1 done since the last digest · 1 due in the next 7 days" in text
    assert text.index("*#1* Action 1") < text.index("*#2* Action 2")  # oldest overdue first
    assert "10 days late" in text and "3 days late" in text
    assert "<@U0MARIE> — 2 open, 1 overdue" in text and "<@U0TOM> — 1 open, 0 overdue" in text


@pytest.mark.parametrize(("raw", "expected"), [
    ("", DigestCommand("preview")), ("send", DigestCommand("send")),
    ("settings weekly friday 17:00", DigestCommand("settings", "weekly", 5, "17:00")),
    ("settings hebdo lundi 9h", DigestCommand("settings", "weekly", 1, "09:00")),
    ("settings daily 18h", DigestCommand("settings", "daily", None, "18:00")),
    ("settings off", DigestCommand("settings", "off")),
])
def test_grammar(raw, expected):
    assert parse_digest_command(raw) == expected


@pytest.mark.parametrize("raw", ["settings weekly someday", "settings monthly", "frob"])
def test_grammar_errors(raw):
    with pytest.raises(GrammarError):
        parse_digest_command(raw)


def direct(box, tz_user: str = DIRECTOR):
    box.runtime.services.missions.configure("T0CONCERTO", CHANNEL, actor=DIRECTOR, settings=MissionSettings(
        DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"))


def pending_digests(box):
    with Session(box.runtime.engine) as s:
        return s.exec(select(Notification).where(Notification.entity == "digest",
                                                 Notification.state == "pending")).all()


def deliverer(box) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker="t", sleep=lambda s: None)


def digest(box, text: str, user: str = DIRECTOR):
    mark = box.slack.mark()
    box.driver.command("/digest", text, user=user, channel=CHANNEL)
    return box.slack.since(mark)


def test_weekly_digest_goes_to_the_director_on_friday_at_17_once(box):
    direct(box)
    (row,) = pending_digests(box)
    assert row.target == DIRECTOR and row.planned_at == datetime(2026, 12, 4, 17, 0, tzinfo=PARIS)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour 25/11", user=MARIE, channel=CHANNEL)
    box.driver.click_button(box.slack.calls("respond")[-1].args, "action_confirm_past", user=MARIE, channel=CHANNEL,
                            ts="1")
    clock = deliverer(box)
    box.clock.set(datetime(2026, 12, 4, 17, 0, tzinfo=PARIS))
    clock.tick()  # the digest, and Karim's overdue nudges
    assert clock.tick().claimed == 0
    (sent,) = box.slack.posts("D0CLAIRE")
    assert "1 ouvertes" in sent["text"] and "1 en retard" in sent["text"]
    box.runtime.services.digests.resync_all()  # the clock's hourly job plans the next one
    (row,) = pending_digests(box)
    assert row.planned_at == datetime(2026, 12, 11, 17, 0, tzinfo=PARIS)


def test_daily_digest_skips_days_off_and_keeps_its_time_across_dst(box):
    direct(box)
    box.clock.set(datetime(2027, 3, 26, 19, 0, tzinfo=PARIS))  # Friday evening, CET
    digest(box, "settings daily 18h")
    (row,) = pending_digests(box)
    # Monday 29 March is Easter Monday, a holiday: Tuesday at 18:00, now summer time (16:00 UTC, not 17:00)
    assert row.planned_at == datetime(2027, 3, 30, 18, 0, tzinfo=PARIS)
    assert row.planned_at.astimezone(UTC).hour == 16


def test_only_the_director_sees_and_sends_the_team_digest(box):
    direct(box)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    team = all_text(only(digest(box, ""), "respond").args)
    assert "Point sur les actions" in team and "<@U0KARIM> — 1 ouvertes" in team
    mine = all_text(only(digest(box, "", user=KARIM), "respond").args)
    assert "Vos actions : 1 ouvertes" in mine and "Point sur les actions" not in mine
    assert "Seul le directeur" in all_text(only(digest(box, "send", user=KARIM), "respond").args)
    assert "part vers le directeur" in all_text(only(digest(box, "send"), "respond").args)
    assert deliverer(box).tick().sent == 1
    assert len(box.slack.posts("D0CLAIRE")) == 1


def test_nudge_and_full_list_buttons(box):
    direct(box)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    preview = only(digest(box, ""), "respond").args
    mark = box.slack.mark()
    box.driver.interactive({
        "type": "block_actions", "user": {"id": DIRECTOR}, "team": {"id": "T0CONCERTO"}, "trigger_id": "t.1",
        "container": {"type": "message", "message_ts": "1", "channel_id": CHANNEL}, "channel": {"id": CHANNEL},
        "response_url": box.slack.response_url("nudge"),
        "actions": [{"action_id": "digest_nudge", "block_id": f"digest:{CHANNEL}", "type": "users_select",
                     "selected_user": KARIM, "action_ts": "1"}]})
    calls = box.slack.since(mark)
    assert "Réserver la salle" in all_text(only(calls, "chat.postMessage", channel=KARIM).args)
    mark = box.slack.mark()
    box.driver.click_button(preview, "digest_full_list", user=DIRECTOR, channel=CHANNEL, ts="1")
    assert "Réserver la salle" in all_text(only(box.slack.since(mark), "respond").args)


def test_settings_form_and_muting_a_section(box):
    direct(box)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    view = only(digest(box, "settings"), "views.open").args["view"]
    assert view["callback_id"] == "digest_settings"
    mark = box.slack.mark()
    box.driver.submit(view, {
        "rhythm": {"type": "static_select", "selected_option": {"value": "weekly"}},
        "day": {"type": "static_select", "selected_option": {"value": "1"}},
        "time": {"type": "timepicker", "selected_time": "08:30"},
        "sections": {"type": "checkboxes", "selected_options": [{"value": "owners"}, {"value": "soon"}]}},
        user=DIRECTOR)
    assert "chaque lundi à 08:30" in only(box.slack.since(mark), "chat.postEphemeral").args["text"]
    (row,) = pending_digests(box)
    assert row.planned_at == datetime(2026, 12, 7, 8, 30, tzinfo=PARIS)
    preview = only(digest(box, ""), "respond").args
    text = all_text(preview)
    assert "Ouvertes, par responsable" in text and "En retard, les plus" not in text
    mark = box.slack.mark()
    box.driver.interactive({
        "type": "block_actions", "user": {"id": DIRECTOR}, "team": {"id": "T0CONCERTO"}, "trigger_id": "t.2",
        "container": {"type": "message", "message_ts": "1", "channel_id": CHANNEL}, "channel": {"id": CHANNEL},
        "response_url": box.slack.response_url("mute"),
        "actions": [{"action_id": "digest_mute", "block_id": f"digest:{CHANNEL}", "type": "static_select",
                     "selected_option": {"value": "owners"}, "action_ts": "1"}]})
    assert "Par responsable" in all_text(only(box.slack.since(mark), "respond").args)
    assert "Ouvertes, par responsable" not in all_text(only(digest(box, ""), "respond").args)
    refused = only(digest(box, "settings", user=KARIM), "respond").args
    assert "Seul le directeur" in all_text(refused)
