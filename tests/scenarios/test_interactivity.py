"""Modals, buttons, the message shortcut and `/concerto`, through signed HTTP."""
from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Action, ActionOwner, Mission, Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, TOM
from tests.slackcheck import all_text, buttons, only, shown

SETUP_VALUES = {
    "director": {"type": "users_select", "selected_user": DIRECTOR},
    "timezone": {"type": "plain_text_input", "value": "Europe/Paris"},
    "language": {"type": "static_select", "selected_option": {"value": "en"}},
    "work_start": {"type": "timepicker", "selected_time": "08:30"},
    "work_end": {"type": "timepicker", "selected_time": "17:30"},
    "work_days": {"type": "checkboxes", "selected_options": [{"value": d} for d in "1234"]},
    "holidays": {"type": "checkboxes", "selected_options": []},
}


def form_values(text: str, owners: list[str], day: str | None = None, at: str | None = None) -> dict:
    return {
        "text": {"type": "plain_text_input", "value": text},
        "owners": {"type": "multi_users_select", "selected_users": owners},
        "due_date": {"type": "datepicker", "selected_date": day},
        "due_time": {"type": "timepicker", "selected_time": at},
    }


def open_form(box, command: str, text: str = "", user: str = MARIE) -> dict:
    mark = box.slack.mark()
    box.driver.command(command, text, user=user, channel=CHANNEL)
    return shown(box.slack.since(mark))


def actions(box) -> list[Action]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(Action).order_by(Action.number)))


def test_action_alone_opens_the_form_and_submitting_creates(box):
    view = open_form(box, "/action")
    assert view["callback_id"] == "action_create"
    assert {b["block_id"] for b in view["blocks"]} == {"text", "owners", "due_date", "due_time"}
    mark = box.slack.mark()
    reply = box.driver.submit(view, form_values("Book the venue", [MARIE, KARIM], "2026-12-04", "10:00"), user=MARIE)
    assert reply.status == 200 and reply.body == ""  # the modal closes
    calls = box.slack.since(mark)
    assert "Book the venue" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    only(calls, "chat.postMessage", channel=KARIM)
    (created,) = actions(box)
    assert created.due_at.isoformat() == "2026-12-04T09:00:00+00:00"


def test_form_errors_land_on_the_field_and_create_nothing(box):
    view = open_form(box, "/action")
    cases = [
        (form_values("   ", [MARIE]), "text"),
        (form_values("ok", [MARIE], None, "10:00"), "due_date"),
        (form_values("ok", [MARIE], "2026-11-01"), "due_date"),
    ]
    for values, field in cases:
        reply = box.driver.submit(view, values, user=MARIE)
        assert reply.status == 200
        body = reply.json()
        assert body["response_action"] == "errors" and list(body["errors"]) == [field]
    assert actions(box) == []


def test_message_shortcut_prefills_and_keeps_the_permalink(box):
    mark = box.slack.mark()
    box.driver.message_shortcut("create_action_item", user=MARIE, channel=CHANNEL,
                                message_text="Relancer &lt;la CCI&gt; avec <@U0KARIM|karim>",
                                message_ts="1700000100.000100", author=DIRECTOR)
    calls = box.slack.since(mark)
    only(calls, "chat.getPermalink")
    view = shown(calls)
    text_input = next(b for b in view["blocks"] if b["block_id"] == "text")["element"]
    assert text_input["initial_value"] == "Relancer <la CCI> avec @karim"
    assert "private_metadata" not in view  # what it acts on is recorded by the bot, not sent for a client to echo
    mark = box.slack.mark()
    box.driver.submit(view, form_values(text_input["initial_value"], [MARIE]), user=MARIE)
    post = only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL)
    assert "p1700000100000100" in all_text(post.args)
    assert actions(box)[0].permalink.endswith("p1700000100000100")


def test_long_message_is_prefilled_in_part_and_says_so(box):
    mark = box.slack.mark()
    box.driver.message_shortcut("create_action_item", user=TOM, channel=CHANNEL, message_text="word " * 400,
                                message_ts="1700000100.000200", author=DIRECTOR)
    view = shown(box.slack.since(mark))
    assert len(next(b for b in view["blocks"] if b["block_id"] == "text")["element"]["initial_value"]) == 1500
    assert "longer than 1500 characters" in all_text(view)


def create(box, text: str, user: str = MARIE) -> dict:
    mark = box.slack.mark()
    box.driver.command("/action", text, user=user, channel=CHANNEL)
    return only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL)


def test_done_button_updates_the_channel_message(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_done", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    calls = box.slack.since(mark)
    update = only(calls, "chat.update")
    assert update.args["ts"] == post.result["ts"] and set(buttons(update.args)) == {"action_reopen"}
    assert not [c for c in calls if c.method == "respond"], "the updated message is the answer"
    assert actions(box)[0].status == "done"
    mark = box.slack.mark()
    box.driver.click_button(update.args, "action_reopen", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    assert actions(box)[0].status == "open"


def test_done_from_a_dm_updates_both_copies(box):
    mark = box.slack.mark()
    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim>", user=MARIE, channel=CHANNEL)
    dm = only(box.slack.since(mark), "chat.postMessage", channel=KARIM)
    mark = box.slack.mark()
    box.driver.click_button(dm.args, "action_done", user=KARIM, channel=dm.result["channel"], ts=dm.result["ts"])
    calls = box.slack.since(mark)
    only(calls, "chat.update", channel=CHANNEL)
    assert only(calls, "respond").args["replace_original"] is True


def test_snooze_button_moves_the_due_date_by_a_day(box):
    post = create(box, "Préparer le séminaire pour vendredi 10h")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_snooze", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    assert actions(box)[0].due_at.isoformat() == "2026-12-05T09:00:00+00:00"
    assert "sam. 5 déc." in all_text(only(box.slack.since(mark), "respond").args)


def test_buttons_refuse_strangers(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_done", user=TOM, channel=CHANNEL, ts=post.result["ts"])
    calls = box.slack.since(mark)
    assert "Only the creator" in all_text(only(calls, "respond").args)
    assert not [c for c in calls if c.method == "chat.update"]
    assert actions(box)[0].status == "open"


def test_button_on_a_deleted_action(box):
    post = create(box, "Préparer le séminaire")
    box.driver.command("/action", "delete 1", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_done", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    assert "n'existe plus" in all_text(only(box.slack.since(mark), "respond").args)


def test_reassign_button_opens_a_form_that_reassigns(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_reassign", user=MARIE, channel=CHANNEL, ts=post.result["ts"])
    view = shown(box.slack.since(mark))
    mark = box.slack.mark()
    box.driver.submit(view, {"owners": {"type": "multi_users_select", "selected_users": [TOM]}}, user=MARIE)
    calls = box.slack.since(mark)
    only(calls, "chat.postMessage", channel=TOM)
    assert "<@U0TOM>" in all_text(only(calls, "chat.update").args)
    with Session(box.runtime.engine) as s:
        assert [o.user_id for o in s.exec(select(ActionOwner))] == [TOM]


def test_reassign_form_refuses_strangers_on_the_field(box):
    post = create(box, "Préparer le séminaire")
    mark = box.slack.mark()
    box.driver.click_button(post.args, "action_reassign", user=KARIM, channel=CHANNEL, ts=post.result["ts"])
    view = shown(box.slack.since(mark))
    reply = box.driver.submit(view, {"owners": {"type": "multi_users_select", "selected_users": [KARIM]}}, user=KARIM)
    assert list(reply.json()["errors"]) == ["owners"]


def test_setup_saves_the_mission_and_then_only_the_director_may_change_it(box):
    view = open_form(box, "/concerto", "setup", user=DIRECTOR)
    assert view["callback_id"] == "mission_setup"
    mark = box.slack.mark()
    assert box.driver.submit(view, SETUP_VALUES, user=DIRECTOR).body == ""
    saved = only(box.slack.since(mark), "chat.postEphemeral").args
    assert saved["user"] == DIRECTOR and "08:30–17:30" in saved["text"]
    with Session(box.runtime.engine) as s:
        mission = s.exec(select(Mission)).one()
    assert (mission.director_id, mission.language, mission.work_days) == (DIRECTOR, "en", "1234")
    assert mission.holiday_country is None  # the box was unticked: holidays are working days

    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=KARIM, channel=CHANNEL)
    refusal = shown(box.slack.since(mark))  # in the modal, where the person is looking
    assert "callback_id" not in refusal and "submit" not in refusal and "U0CLAIRE" in all_text(refusal)
    reply = box.driver.submit(view, {**SETUP_VALUES, "director": {"selected_user": KARIM}}, user=KARIM)
    assert reply.json()["response_action"] == "update"  # the director's form, sent by someone else: refused
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).one().director_id == DIRECTOR


def test_setup_validation_errors(box):
    view = open_form(box, "/concerto", "setup", user=DIRECTOR)
    bad = [
        ({"timezone": {"type": "plain_text_input", "value": "Mars/Olympus"}}, "timezone"),
        ({"work_end": {"type": "timepicker", "selected_time": "08:00"}}, "work_end"),
        ({"work_days": {"type": "checkboxes", "selected_options": []}}, "work_days"),
    ]
    for change, field in bad:
        reply = box.driver.submit(view, {**SETUP_VALUES, **change}, user=DIRECTOR)
        assert list(reply.json()["errors"]) == [field]
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Mission)).one().director_id is None


def test_channel_language_follows_setup(box):
    box.driver.submit(open_form(box, "/concerto", "setup", user=DIRECTOR), SETUP_VALUES, user=DIRECTOR)
    text = all_text(create(box, "Préparer le séminaire").args)
    assert "*Owner*" in text and '"Done"' in text and "Responsable" not in text


def test_concerto_help(box):
    mark = box.slack.mark()
    box.driver.command("/concerto", "", user=TOM, channel=CHANNEL)
    text = all_text(only(box.slack.since(mark), "respond").args)
    assert "/concerto setup" in text and "/digest help" in text

def test_personal_reminder_settings_replan_reminders(box):
    create(box, "Préparer le séminaire pour vendredi")

    def pending_kinds():
        with Session(box.runtime.engine) as s:
            return sorted({n.kind for n in s.exec(select(Notification)) if n.state == "pending"})

    assert pending_kinds() == ["action.before", "action.due", "action.overdue"]
    view = open_form(box, "/concerto", "settings")
    assert view["callback_id"] == "user_prefs"
    mark = box.slack.mark()
    box.driver.submit(view, {"reminders": {"type": "checkboxes", "selected_options": [{"value": "due"}]}}, user=MARIE)
    assert pending_kinds() == ["action.due"]
    assert "1 action" in only(box.slack.since(mark), "chat.postMessage", channel=MARIE).args["text"]
    assert open_form(box, "/concerto", "settings")["blocks"][1]["element"]["initial_options"] == [
        {"text": {"type": "plain_text", "text": "le jour même (une heure avant une heure fixée)", "emoji": True},
         "value": "due"}]


def test_changing_working_hours_replans_reminders(box):
    create(box, "Préparer le séminaire pour vendredi")
    box.driver.submit(open_form(box, "/concerto", "setup", user=DIRECTOR), SETUP_VALUES, user=DIRECTOR)
    with Session(box.runtime.engine) as s:
        due = next(n for n in s.exec(select(Notification)) if n.state == "pending" and n.kind == "action.due")
    # the new week is Monday to Thursday from 08:30: a Friday due is reminded on Thursday at 08:30
    assert due.planned_at.isoformat() == "2026-12-03T07:30:00+00:00"
