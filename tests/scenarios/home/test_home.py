"""App Home: published on app_home_opened (once per event id, whatever Slack retries), with the
person's open actions and buttons that work from there and say what they did, the team at a glance for
the director, and what it leaves out said."""

from __future__ import annotations

import json
import re

from bot.missions.values import MissionSettings
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE
from tests.slackcheck import all_text, buttons, home_click, home_opened, only, said


def open_home(box, user: str, event_id: str = "Ev0001", retry: bool = False):
    event = {
        "type": "event_callback",
        "event_id": event_id,
        "team_id": "T0CONCERTO",
        "api_app_id": "A0CONCERTO",
        "event_time": 1,
        "event": {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1.0"},
    }
    headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if retry else None
    mark = box.slack.mark()
    reply = box.driver.post(json.dumps(event), "application/json", extra_headers=headers)
    assert reply.status == 200
    return box.slack.since(mark)


def test_home_lists_open_actions_with_buttons_and_refreshes_after_a_click(box):
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30', user=MARIE, channel=CHANNEL
    )
    published = only(open_home(box, KARIM), "views.publish").args
    assert published["user_id"] == KARIM
    view = published["view"]
    text = all_text(view)
    assert "Vos actions ouvertes (1)" in text and "Réserver la salle" in text and "Réunion de coordination" in text
    assert set(buttons(view)) == {"action_done", "action_snooze"}

    mark = box.slack.mark()
    box.driver.interactive(
        {
            "type": "block_actions",
            "user": {"id": KARIM},
            "team": {"id": "T0CONCERTO"},
            "trigger_id": "t.1",
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home"},
            "actions": [
                {
                    "action_id": "action_done",
                    "block_id": "home:1",
                    "type": "button",
                    "value": buttons(view)["action_done"],
                    "action_ts": "1",
                }
            ],
        }
    )
    calls = box.slack.since(mark)
    assert "Rien d'ouvert pour vous, et aucune réunion" in all_text(only(calls, "views.publish").args["view"])
    only(calls, "chat.update")  # the channel message follows


def test_retried_events_are_handled_once(box):
    assert len([c for c in open_home(box, MARIE, "Ev0042") if c.method == "views.publish"]) == 1
    assert [c for c in open_home(box, MARIE, "Ev0042", retry=True) if c.method == "views.publish"] == []


def test_director_sees_the_team(box):
    box.runtime.services.missions.configure(
        "T0CONCERTO",
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour 20/11/2026", user=MARIE, channel=CHANNEL)
    box.driver.click_button(
        box.slack.calls("respond")[-1].args, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="1"
    )
    text = all_text(only(open_home(box, DIRECTOR), "views.publish").args["view"])
    assert "Équipe (ouvertes/en retard)" in text and "<@U0KARIM> 1/1" in text


def test_homes_follow_changes_made_elsewhere(box):
    mark = box.slack.mark()
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    publish = only(box.slack.since(mark), "views.publish").args
    assert publish["user_id"] == KARIM and "Réserver la salle" in all_text(publish["view"])
    mark = box.slack.mark()
    box.driver.command("/action", "assign 1 <@U0TOM|tom>", user=MARIE, channel=CHANNEL)
    redrawn = {
        c.args["user_id"]: all_text(c.args["view"]) for c in box.slack.since(mark) if c.method == "views.publish"
    }
    assert set(redrawn) == {"U0TOM", KARIM} and "Réserver la salle" not in redrawn[KARIM]


def test_a_home_button_says_what_it_did(box):
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.post(home_opened(KARIM, "EvHOME2"), "application/json")
    view = box.slack.calls("views.publish")[-1].args["view"]
    mark = box.slack.mark()
    box.driver.interactive(home_click(box.slack, KARIM, "action_done", buttons(view)["action_done"], "home.2"))
    redrawn = [c for c in box.slack.since(mark, "views.publish") if c.args["user_id"] == KARIM]
    assert redrawn and "n°1 est terminée" in all_text(redrawn[-1].args["view"])


def test_a_home_button_on_a_deleted_action_redraws_the_home_and_says_so(box):
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    box.driver.post(home_opened(KARIM), "application/json")
    view = box.slack.calls("views.publish")[-1].args["view"]
    box.driver.command("/action", "delete 1", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    box.driver.interactive(home_click(box.slack, KARIM, "action_done", buttons(view)["action_done"], "home.1"))
    calls = box.slack.since(mark)
    assert [c for c in calls if c.method == "views.publish" and c.result.get("ok")], "the Home was not redrawn"
    assert said(calls) or any("n'existe plus" in all_text(c.args["view"]) for c in calls if c.method == "views.publish")


def test_the_home_says_when_missions_are_left_out(box):
    channels = [f"C0M{n:03d}" for n in range(70)]
    for channel in channels:
        box.slack.add_channel(channel, f"mission-{channel[3:]}", member=True)
        box.driver.command(
            "/action", "Relire le compte rendu <@U0KARIM|karim> pour vendredi", user=MARIE, channel=channel
        )
    box.driver.post(home_opened(KARIM), "application/json")
    view = box.slack.calls("views.publish")[-1].args["view"]
    missing = len([c for c in channels if f"<#{c}>" not in all_text(view)])
    told = any(b["type"] == "context" and re.search(rf"\b{missing}\b", all_text(b)) for b in view["blocks"][-2:])
    assert missing == 0 or told, f"{missing} missions cut silently"
