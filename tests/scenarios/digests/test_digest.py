"""The director's digest through Slack: sent at the right time across DST and public holidays, and exactly
once, a digest asked for surviving the re-plan; and who may see and send what."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from scheduler.clock import plan_ahead
from storage.models import Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS
from tests.scenarios.steps import command, deliverer, direct, rows
from tests.slackcheck import all_text, answer, only, shown

UTC = timezone.utc


def pending_digests(box):
    with Session(box.runtime.engine) as s:
        return s.exec(
            select(Notification).where(Notification.entity == "digest", Notification.state == "pending")
        ).all()


def digest(box, text: str, user: str = DIRECTOR):
    mark = box.slack.mark()
    box.driver.command("/digest", text, user=user, channel=CHANNEL)
    return box.slack.since(mark)


def test_digest_help_is_a_help_with_examples(box):
    told = all_text(only(digest(box, "help"), "respond").args)
    assert "/digest send" in told and "/digest settings weekly vendredi 17h" in told and "rubriques" in told


def test_weekly_digest_goes_to_the_director_on_friday_at_17_once(box):
    direct(box)
    (row,) = pending_digests(box)
    assert row.target == DIRECTOR and row.planned_at == datetime(2026, 12, 4, 17, 0, tzinfo=PARIS)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour 25/11", user=MARIE, channel=CHANNEL)
    box.driver.click_button(
        box.slack.calls("respond")[-1].args, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="1"
    )
    clock = deliverer(box)
    box.clock.set(datetime(2026, 12, 4, 17, 0, tzinfo=PARIS))
    clock.tick()  # the digest, and Karim's overdue nudges
    assert clock.tick().claimed == 0
    (sent,) = box.slack.posts("D0CLAIRE")
    assert "1 ouverte (" in sent["text"] and "1 en retard" in sent["text"]
    box.runtime.services.digests.resync_all()  # the clock's hourly job plans the next one
    (row,) = pending_digests(box)
    assert row.planned_at == datetime(2026, 12, 11, 17, 0, tzinfo=PARIS)


def test_daily_digest_skips_days_off_and_keeps_its_time_across_dst(box):
    direct(box)
    box.clock.set(datetime(2027, 3, 26, 19, 0, tzinfo=PARIS))  # Friday evening, CET
    # the December digest and the canvas write planned at set-up, long past: the downtime policy drops both
    assert deliverer(box).tick().dropped == 2
    digest(box, "settings daily 18h")
    (row,) = pending_digests(box)
    # Monday 29 March is Easter Monday, a holiday: Tuesday at 18:00, now summer time (16:00 UTC, not 17:00)
    assert row.planned_at == datetime(2027, 3, 30, 18, 0, tzinfo=PARIS)
    assert row.planned_at.astimezone(UTC).hour == 16


def test_only_the_director_sees_and_sends_the_team_digest(box):
    direct(box)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    team = all_text(only(digest(box, ""), "respond").args)
    assert "Point sur les actions" in team and "<@U0KARIM> — 1 ouverte," in team
    mine = all_text(only(digest(box, "", user=KARIM), "respond").args)
    assert "Vos actions\u00a0: 1 ouverte," in mine and "Point sur les actions" not in mine
    assert "Seul le directeur" in all_text(only(digest(box, "send", user=KARIM), "respond").args)
    assert "part vers le directeur" in all_text(only(digest(box, "send"), "respond").args)
    assert deliverer(box).tick().sent == 1
    assert len(box.slack.posts("D0CLAIRE")) == 1


def test_nudge_and_full_list_buttons(box):
    direct(box)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    preview = only(digest(box, ""), "respond").args
    mark = box.slack.mark()
    nudge = {
        "type": "block_actions",
        "user": {"id": DIRECTOR},
        "team": {"id": "T0CONCERTO"},
        "trigger_id": "t.1",
        "container": {"type": "message", "message_ts": "1", "channel_id": CHANNEL},
        "channel": {"id": CHANNEL},
        "response_url": box.slack.response_url("nudge"),
        "actions": [
            {
                "action_id": "digest_nudge",
                "block_id": f"digest:{CHANNEL}",
                "type": "users_select",
                "selected_user": KARIM,
                "action_ts": "1",
            }
        ],
    }
    box.driver.interactive(nudge)
    calls = box.slack.since(mark)
    assert "Réserver la salle" in all_text(only(calls, "chat.postMessage", channel=KARIM).args)
    box.driver.interactive(nudge)  # the same click run again (a work process died before its done mark)
    nudges = [m for m in box.slack.posts("D0KARIM") if m["metadata"]["event_payload"]["key"].startswith("nudge:")]
    assert len(nudges) == 1, "one DM per click, through the outbox"
    mark = box.slack.mark()
    box.driver.click_button(preview, "digest_full_list", user=DIRECTOR, channel=CHANNEL, ts="1")
    assert "Réserver la salle" in all_text(only(box.slack.since(mark), "respond").args)


def test_settings_form_and_muting_a_section(box):
    direct(box)
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    view = shown(digest(box, "settings"))
    assert view["callback_id"] == "digest_settings"
    mark = box.slack.mark()
    box.driver.submit(
        view,
        {
            "rhythm": {"type": "static_select", "selected_option": {"value": "weekly"}},
            "day": {"type": "static_select", "selected_option": {"value": "1"}},
            "time": {"type": "timepicker", "selected_time": "08:30"},
            "sections": {"type": "checkboxes", "selected_options": [{"value": "owners"}, {"value": "soon"}]},
        },
        user=DIRECTOR,
    )
    assert "chaque lundi à 8h30" in only(box.slack.since(mark), "chat.postEphemeral").args["text"]
    (row,) = pending_digests(box)
    assert row.planned_at == datetime(2026, 12, 7, 8, 30, tzinfo=PARIS)
    preview = only(digest(box, ""), "respond").args
    text = all_text(preview)
    assert "Ouvertes, par responsable" in text and "En retard, les plus" not in text
    mark = box.slack.mark()
    box.driver.interactive(
        {
            "type": "block_actions",
            "user": {"id": DIRECTOR},
            "team": {"id": "T0CONCERTO"},
            "trigger_id": "t.2",
            "container": {"type": "message", "message_ts": "1", "channel_id": CHANNEL},
            "channel": {"id": CHANNEL},
            "response_url": box.slack.response_url("mute"),
            "actions": [
                {
                    "action_id": "digest_mute",
                    "block_id": f"digest:{CHANNEL}",
                    "type": "static_select",
                    "selected_option": {"value": "owners"},
                    "action_ts": "1",
                }
            ],
        }
    )
    assert "Par responsable" in all_text(only(box.slack.since(mark), "respond").args)
    assert "Ouvertes, par responsable" not in all_text(only(digest(box, ""), "respond").args)
    refused = shown(digest(box, "settings", user=KARIM))  # told in the modal it opened
    assert "Seul le directeur" in all_text(refused) and "submit" not in refused


def test_a_digest_queued_by_send_survives_the_re_plan_and_a_settings_change(box):
    direct(box)
    assert "part vers le directeur" in answer(command(box, "/digest", "send", user=DIRECTOR))
    plan_ahead(box.runtime.services)
    command(box, "/digest", "settings daily 18h", user=DIRECTOR)
    assert deliverer(box).tick().sent == 1
    assert len(box.slack.posts("D0CLAIRE")) == 1


def test_a_weekly_digest_due_on_christmas_day_comes_the_working_day_before(box):
    direct(box)
    box.clock.set(datetime(2026, 12, 19, 10, 0, tzinfo=PARIS))  # Friday 25 December is a public holiday
    plan_ahead(box.runtime.services)
    assert [r.planned_at for r in rows(box, "digest")][-1] == datetime(2026, 12, 24, 17, 0, tzinfo=PARIS)


def test_digest_send_run_again_after_a_crash_queues_one_digest(box):
    """The inbox runs `/digest send` again once a dead work process's lease ran out, seconds later: one digest."""
    direct(box)
    body = box.driver.command_body("/digest", "send", user=DIRECTOR, channel=CHANNEL)
    for _ in range(2):
        assert box.driver.post(body, "application/x-www-form-urlencoded").status == 200
        box.clock.advance(timedelta(seconds=40))
    with Session(box.runtime.engine) as s:
        queued = [r for r in s.exec(select(Notification)) if r.kind == "digest.team" and ":now:" in r.key]
    assert len(queued) == 1
