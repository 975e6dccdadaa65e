"""Meetings through Slack: `/meeting` over signed HTTP with reminders and follow-ups delivered by real
ticks at the right instants, exactly once, however late the clock runs; the decision register says
what it leaves out."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session, select

from scheduler.clock import plan_ahead
from storage.models import Meeting, Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS, TOM
from tests.scenarios.steps import command, deliverer, rows, texts
from tests.slackcheck import all_text, answer, dates, only, shown

UTC = timezone.utc


def meeting(box, text: str, user: str = MARIE):
    mark = box.slack.mark()
    assert box.driver.command("/meeting", text, user=user, channel=CHANNEL).status == 200
    return box.slack.since(mark)


def pending(box, kind: str = "meeting.reminder") -> list[Notification]:
    with Session(box.runtime.engine) as s:
        rows = s.exec(select(Notification).where(Notification.entity == "meeting", Notification.kind == kind)).all()
    return sorted((r for r in rows if r.state == "pending"), key=lambda r: r.planned_at)


def test_weekly_meeting_is_announced_reminded_with_agenda_and_actions(box):
    calls = meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h where Salle Garonne')
    post = only(calls, "chat.postMessage", channel=CHANNEL).args
    assert "#1 Réunion de coordination" in all_text(post) and "mar. 1 déc., 9h30–10h30" in all_text(post)
    assert "Salle Garonne" in all_text(post)
    first = [r.planned_at.astimezone(PARIS) for r in pending(box)[:2]]
    # the day before at 16:00; an hour before would be 08:30, before work starts: at 09:00 then
    assert first == [datetime(2026, 11, 30, 16, 0, tzinfo=PARIS), datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)]

    meeting(box, "agenda 1 add Budget des ateliers &amp; calendrier", user=KARIM)
    box.driver.command("/action", "Envoyer le compte rendu pour 01/12", user=MARIE, channel=CHANNEL)
    clock = deliverer(box)
    box.clock.set(datetime(2026, 11, 30, 16, 0, tzinfo=PARIS))
    assert clock.tick().sent == 1
    assert clock.tick().claimed == 0
    reminder = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][-1].args
    text = all_text(reminder)
    assert "Budget des ateliers &amp; calendrier" in text and "Envoyer le compte rendu" in text
    # the day before says when, in each reader's zone: Slack shows `Tomorrow 9:30` where its token is read
    assert "mar. 1 déc., 9h30–10h30" in text and "demain" not in text
    start = datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)
    assert (start, "{date_short_pretty} {time}", "mar. 1 déc., 9h30") in dates(reminder)
    box.clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS))
    clock.tick()
    hour_before = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][-1].args
    assert "dans 30 minutes" in all_text(hour_before)  # and so does the last one
    assert "meeting_add_item" in text


def test_cancel_one_occurrence_is_announced_and_withdraws_its_reminders(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    before = {r.about_at for r in pending(box)}
    calls = meeting(box, "cancel 1 01/12")
    assert "Annulée" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    first_tuesday = datetime(2026, 12, 1, 9, 30, tzinfo=PARIS).astimezone(UTC)
    assert first_tuesday in before and first_tuesday not in {r.about_at for r in pending(box)}
    listing = answer(meeting(box, "list"))
    assert "mar. 8 déc., 9h30" in listing


def test_move_the_sitting_named_by_its_date(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    calls = meeting(box, "move 1 08/12 10/12 14h")
    notice = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "mar. 8 déc., 9h30–10h30" in notice and "jeu. 10 déc., 14h–15h" in notice
    starts = sorted({r.expires_at.astimezone(PARIS) for r in pending(box)})
    assert starts[:3] == [
        datetime(2026, 12, 1, 9, 30, tzinfo=PARIS),
        datetime(2026, 12, 10, 14, 0, tzinfo=PARIS),
        datetime(2026, 12, 15, 9, 30, tzinfo=PARIS),
    ]
    meeting(box, "move 1 du 15/12 au 16/12")  # at its own time
    assert datetime(2026, 12, 16, 9, 30, tzinfo=PARIS) in {r.expires_at.astimezone(PARIS) for r in pending(box)}


def test_a_move_without_the_sittings_date_asks_which_and_a_second_click_changes_nothing(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    before = {r.expires_at for r in pending(box)}
    calls = meeting(box, "move 1 mercredi 16/12 10h")
    assert not [c for c in calls if c.method == "chat.postMessage"] and {r.expires_at for r in pending(box)} == before
    prompt = only(calls, "respond").args
    assert "déplacer au mer. 16 déc., 10h" in all_text(prompt)
    offered = [e["text"]["text"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert offered == [f"mar. {day} déc., 9h30" for day in (1, 8, 15, 22, 29)] + ["Ne rien changer"]  # nearest
    mark = box.slack.mark()
    box.driver.click_button(prompt, "meeting_sitting_2", user=MARIE, channel=CHANNEL, ts="1")
    box.driver.click_button(prompt, "meeting_sitting_1", user=MARIE, channel=CHANNEL, ts="1")
    calls = box.slack.since(mark)
    notice = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "mar. 15 déc., 9h30" in notice and "mer. 16 déc., 10h" in notice
    assert "déjà" in all_text(calls[-1].args)
    starts = {r.expires_at.astimezone(PARIS) for r in pending(box)}
    assert datetime(2026, 12, 16, 10, 0, tzinfo=PARIS) in starts
    assert datetime(2026, 12, 8, 9, 30, tzinfo=PARIS) in starts
    assert datetime(2026, 12, 15, 9, 30, tzinfo=PARIS) not in starts


def test_a_cancel_without_a_date_asks_which_sitting_and_change_nothing_leaves_all(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    before = {r.expires_at for r in pending(box)}
    prompt = only(meeting(box, "cancel 1"), "respond").args
    assert "Quelle séance" in all_text(prompt) and "annuler" in all_text(prompt)
    mark = box.slack.mark()
    box.driver.click_button(prompt, "meeting_sitting_keep", user=MARIE, channel=CHANNEL, ts="1")
    assert "Rien n'a changé" in all_text(only(box.slack.since(mark), "respond").args)
    assert {r.expires_at for r in pending(box)} == before


def test_a_sitting_cannot_move_onto_a_day_the_series_already_meets(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    meeting(box, "move 1 01/12 03/12 9h30")
    for text in ("move 1 08/12 15/12 14h", "move 1 15/12 03/12 11h"):
        reply = answer(meeting(box, text))
        assert "a déjà une séance le" in reply, reply
    assert "mar. 15 déc." in answer(meeting(box, "move 1 08/12 15/12 14h"))
    again = answer(meeting(box, "move 1 01/12 03/12 9h30"))  # typed again: the sitting is named by its first day too
    assert "rien n'a changé" in again


def test_a_one_off_meeting_moves_without_a_question(box):
    meeting(box, 'add cotech "COTECH n°2" le 17/12 à 14h')
    calls = meeting(box, "move 1 18/12")
    assert "ven. 18 déc., 14h–16h" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)


def test_committee_is_reminded_days_ahead(box):
    meeting(box, 'add cotech "COTECH n°2" le 17/12 à 14h pendant 2h')
    planned = [r.planned_at.astimezone(PARIS) for r in pending(box)]
    assert planned == [datetime(2026, 12, 10, 9, 0, tzinfo=PARIS), datetime(2026, 12, 16, 9, 0, tzinfo=PARIS)]


def test_attendees_get_dms(box):
    meeting(box, 'add workshop "Atelier 3" every other thursday 14h with <@U0KARIM|karim>')
    targets = {r.target for r in pending(box)}
    assert targets == {CHANNEL, KARIM}
    box.clock.set(pending(box)[0].planned_at)
    deliverer(box).tick()
    (dm,) = [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == KARIM]
    (post,) = [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][1:]
    assert "Canal\u00a0: <#C0MISSION>" in dm and "Canal" not in post  # a DM names the channel it is about


def test_only_organiser_or_director_may_change(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    assert "Seuls l'organisateur" in answer(meeting(box, "cancel 1", user=KARIM))
    assert "Seuls l'organisateur" in answer(meeting(box, "delete 1", user=DIRECTOR))  # no director set yet


def test_end_and_delete_withdraw_reminders(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    meeting(box, 'add cotech "COTECH" le 17/12 à 14h')
    meeting(box, "end 1")
    box.clock.advance(timedelta(days=1))
    with Session(box.runtime.engine) as s:
        ends = s.exec(select(Meeting).where(Meeting.number == 1)).one().ends_on
    assert ends == date(2026, 11, 30)
    meeting(box, "delete 2")
    assert pending(box) == [] and pending(box, "meeting.followup") == []


def test_agenda_items_carry_forward(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    meeting(box, "agenda 1 add Point A")
    meeting(box, "agenda 1 add Point B")
    meeting(box, "agenda 1 done 1")
    box.clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=PARIS))  # the first meeting is over
    meeting(box, "agenda 1 add Point C")
    text = answer(meeting(box, "agenda 1"))
    assert "Point A" not in text and "Point B" in text and "reporté" in text and "Point C" in text
    assert "mar. 8 déc." in text


def test_add_item_button_and_form(box):
    post = only(meeting(box, 'add weekly "Réunion" every tuesday 09:30'), "chat.postMessage").args
    mark = box.slack.mark()
    box.driver.click_button(post, "meeting_add_item", user=KARIM, channel=CHANNEL, ts="1")
    view = shown(box.slack.since(mark))
    mark = box.slack.mark()
    box.driver.submit(view, {"item": {"type": "plain_text_input", "value": "Retour du COTECH"}}, user=KARIM)
    assert "Ajouté" in only(box.slack.since(mark), "chat.postEphemeral").args["text"]
    assert "Retour du COTECH" in answer(meeting(box, "agenda 1"))


def test_past_one_off_and_unknown_meeting(box):
    assert "passé" in answer(meeting(box, 'add cotech "Vieux" le 02/11/2026 à 14h'))
    assert "n°9" in answer(meeting(box, "cancel 9"))


def test_help(box):
    assert "/meeting add weekly" in answer(meeting(box, "help"))


def test_after_the_meeting_the_organiser_records_decisions_and_actions(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    (first, *_) = pending(box, "meeting.followup")
    assert first.target == MARIE and first.planned_at == datetime(2026, 12, 1, 10, 30, tzinfo=PARIS)
    box.clock.set(datetime(2026, 12, 1, 10, 30, tzinfo=PARIS))
    assert deliverer(box).tick().sent == 1
    prompt = box.slack.calls("chat.postMessage")[-1]
    assert prompt.args["channel"] == MARIE and "dans <#C0MISSION> est terminée" in all_text(prompt.args)

    mark = box.slack.mark()
    box.driver.click_button(prompt.args, "meeting_decisions", user=MARIE, channel="D0MARIE", ts="1")
    form = shown(box.slack.since(mark))
    mark = box.slack.mark()
    box.driver.submit(
        form,
        {
            "decisions": {
                "type": "plain_text_input",
                "value": "- Séminaire le 15 janvier\n\n• Budget validé <!channel> <100k€>",
            }
        },
        user=MARIE,
    )
    posted = all_text(only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL).args)
    assert "• Séminaire le 15 janvier\\n• Budget validé &lt;!channel&gt; &lt;100k€&gt;" in posted

    mark = box.slack.mark()
    box.driver.click_button(prompt.args, "meeting_new_action", user=MARIE, channel="D0MARIE", ts="1")
    action_form = shown(box.slack.since(mark))
    box.driver.submit(
        action_form,
        {
            "text": {"type": "plain_text_input", "value": "Réserver l'hémicycle"},
            "owners": {"type": "multi_users_select", "selected_users": [KARIM]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=MARIE,
    )
    register = answer(meeting(box, "decisions"))
    assert "Séminaire le 15 janvier" in register and "Budget validé" in register

    # the action captured at this meeting is reviewed at the next one, though it has no due date
    box.clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=PARIS))
    deliverer(box).tick()
    reminder = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][-1].args
    assert "Réserver l'hémicycle" in all_text(reminder)


def test_decide_by_command_only_after_it_took_place_and_by_the_organiser(box):
    meeting(box, 'add weekly "Réunion de coordination" every tuesday 09:30')
    assert "pas encore eu lieu" in answer(meeting(box, "decide 1 Rien"))
    box.clock.set(datetime(2026, 12, 1, 11, 0, tzinfo=PARIS))
    assert "Seuls l'organisateur" in answer(meeting(box, "decide 1 Rien", user=KARIM))
    calls = meeting(box, "decide 1 Les ateliers auront lieu à Bordeaux")
    assert "Les ateliers auront lieu à Bordeaux" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "Bordeaux" in answer(meeting(box, "decisions 1"))


def test_holidays_are_skipped_by_series(box):
    box.clock.set(datetime(2027, 4, 20, 9, 0, tzinfo=PARIS))
    meeting(box, 'add weekly "Point" every thursday 10:00')  # 6 May 2027 is Ascension Day
    listing = {r.expires_at.astimezone(PARIS).date() for r in pending(box)}
    assert date(2027, 4, 29) in listing and date(2027, 5, 13) in listing and date(2027, 5, 6) not in listing


def test_meeting_alone_opens_the_form_and_a_series_starts_on_the_chosen_day(box):
    mark = box.slack.mark()
    box.driver.command("/meeting", "", user=MARIE, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    assert view["callback_id"] == "meeting_create"
    values = {
        "kind": {"type": "static_select", "selected_option": {"value": "workshop"}},
        "title": {"type": "plain_text_input", "value": "Atelier mobilités"},
        "date": {"type": "datepicker", "selected_date": "2026-12-10"},
        "time": {"type": "timepicker", "selected_time": "14:00"},
        "repeat": {"type": "static_select", "selected_option": {"value": "biweekly"}},
        "duration": {"type": "static_select", "selected_option": None},
        "location": {"type": "plain_text_input", "value": None},
        "attendees": {"type": "multi_users_select", "selected_users": [KARIM]},
    }
    bad = box.driver.submit(view, {**values, "date": {"type": "datepicker", "selected_date": "2026-11-02"}}, user=MARIE)
    assert list(bad.json()["errors"]) == ["date"]
    mark = box.slack.mark()
    assert box.driver.submit(view, values, user=MARIE).body == ""
    post = all_text(only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL).args)
    assert "Atelier mobilités" in post and "jeu. 10 déc., 14h–17h" in post and "un jeudi sur deux" in post
    assert {r.target for r in pending(box)} == {CHANNEL, KARIM}


def test_edit_changes_what_is_to_come(box):
    meeting(box, 'add weekly "Réunion" every tuesday 09:30')

    def announced(text: str) -> str:  # an edit is announced in the channel, with the meeting as it is now
        return all_text(only(meeting(box, text), "chat.postMessage", channel=CHANNEL).args)

    notice = announced("edit 1 heure 11h")
    assert "Modifiée par <@U0MARIE>" in notice and "mar. 1 déc., 11h–12h" in notice
    assert "Rappels\u00a0: la veille à 16h, 1 heure avant" in notice
    assert pending(box)[1].planned_at == datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)  # an hour before, now 10:00
    assert "Salle 3" in announced("edit 1 lieu Salle 3")
    again = meeting(box, "edit 1 lieu Salle 3")  # the same again: said to its author, nothing posted
    assert "rien n'a changé" in answer(again) and not [c for c in again if c.method == "chat.postMessage"]
    assert "Point hebdo" in announced('edit 1 titre "Point hebdo"')
    assert "Usage" in answer(meeting(box, "edit 1 couleur rouge"))
    assert "-1d@16:00" in answer(meeting(box, "edit 1 rappels demain"))
    assert "Rappels\u00a0: 2 jours avant, 15 heures avant" in announced("edit 1 rappels -2d -15h")
    assert "2 jours avant, 15 heures avant" in answer(meeting(box, "list"))
    # -15h before Tuesday 11:00 is Monday 20:00, after work: 17:00; -2d is last Friday, past: skipped
    assert [r.planned_at for r in pending(box)][:2] == [
        datetime(2026, 11, 30, 17, 0, tzinfo=PARIS),
        datetime(2026, 12, 4, 9, 0, tzinfo=PARIS),
    ]
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Meeting)).one().sequence == 4


def test_user_groups_are_invited_by_mention_in_the_channel(box):
    meeting(box, 'add cotech "COTECH" le 17/12 à 14h with <!subteam^S0DIRECTIONS|@directions> <@U0KARIM|karim>')
    assert {r.target for r in pending(box)} == {CHANNEL, KARIM}  # a group gets no DM: it is mentioned
    box.clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=PARIS))
    deliverer(box).tick()
    reminder = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][-1].args
    assert "<!subteam^S0DIRECTIONS>" in all_text(reminder) and "<@U0KARIM>" in all_text(reminder)


def test_a_group_in_a_title_or_a_place_is_shown_never_mentioned(box):
    calls = meeting(
        box,
        'add workshop "Subteam <!subteam^S0TEAM|@equipe> venez" on 10/12 14:00 lieu Salle <!subteam^S0TEAM|@equipe>',
    )
    post = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "Subteam @equipe venez" in post and "<!subteam" not in post
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Meeting)).one().attendees == ""
    box.clock.set(datetime(2026, 12, 9, 17, 0, tzinfo=PARIS))
    deliverer(box).tick()
    reminders = [c.args for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][1:]
    assert reminders and not any("<!subteam" in all_text(r) for r in reminders)

    calls = meeting(box, 'add workshop "Atelier" on 11/12 14:00 <!subteam^S0TEAM|@equipe>')  # neither: asked
    assert "avec" in answer(calls) and not [c for c in calls if c.method == "chat.postMessage"]


def test_a_clock_started_during_a_meeting_still_sends_its_follow_up(box):
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    box.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS))  # during the meeting: the clock (re)starts
    plan_ahead(box.runtime.services)
    box.clock.set(datetime(2026, 12, 1, 10, 40, tzinfo=PARIS))  # a little after it ended: the hourly re-plan
    plan_ahead(box.runtime.services)
    assert deliverer(box).tick().sent == 1
    assert any("est terminée" in text for text in texts(box, MARIE))


def test_a_follow_up_sent_22_hours_late_says_so(box):
    command(box, "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30 for 1h')
    box.clock.set(datetime(2026, 12, 2, 8, 30, tzinfo=PARIS))
    plan_ahead(box.runtime.services)
    assert deliverer(box).tick().sent == 1
    (prompt,) = texts(box, MARIE)
    assert "est terminée" in prompt and "Envoyé en retard\u00a0: prévu pour mar. 1 déc., 10h30" in prompt


def test_end_on_a_one_off_meeting_refuses_and_names_the_right_commands(box):
    command(box, "/meeting", 'add cotech "COTECH n°2" le 17/12 à 14h')
    before = [(r.key, r.state) for r in rows(box, "meeting")]
    reply = answer(command(box, "/meeting", "end 1"))
    assert "n'a lieu qu'une fois" in reply and "/meeting cancel 1" in reply and "/meeting delete 1" in reply
    assert "s'arrête" not in reply and [(r.key, r.state) for r in rows(box, "meeting")] == before


def test_a_meeting_more_than_60_days_away_shows_its_next_sitting(box):
    calls = command(box, "/meeting", 'add elected "Comité des élus" le 15/04/2027 à 10h')
    post = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "plus de séance à venir" not in post and "15 avr." in post
    assert "15 avr." in answer(command(box, "/meeting", "list"))


def test_the_decision_register_says_when_decisions_are_left_out(box):
    box.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" every monday 09:00', user=MARIE, channel=CHANNEL
    )
    mission = box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL)
    box.clock.advance(timedelta(days=7))
    meeting = box.runtime.services.meetings
    for n in range(1, 36):
        meeting.record_decisions(mission, 1, actor=MARIE, texts=[f"Décision {n:03d}"])
    mark = box.slack.mark()
    box.driver.command("/meeting", "decisions 1", user=MARIE, channel=CHANNEL)
    text = all_text(only(box.slack.since(mark), "respond").args)
    assert "Décision 001" in text or re.search(r"\b5\b", text), "older decisions cut silently"


def test_a_time_range_sets_the_start_and_the_duration(box):
    calls = meeting(box, 'add seminar "Séminaire" le 15/12 de 9h à 17h lieu Hémicycle')
    post = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "mar. 15 déc., 9h–17h" in post and "Hémicycle" in post
    assert "la durée, pas les deux" in answer(meeting(box, 'add workshop "A" le 16/12 9h-12h pendant 2h'))


def test_an_attendee_never_seen_is_reminded_in_their_own_language(box):
    meeting(box, 'add workshop "Atelier 3" le 03/12 14h with <@U0TOM|tom>')
    box.clock.set(pending(box)[0].planned_at)
    deliverer(box).tick()
    (dm,) = [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == TOM]
    assert "Channel: <#C0MISSION>" in dm and "Thu 3 Dec" in dm  # Tom's English, not the channel's French


def test_a_year_less_date_months_away_is_asked_not_guessed(box):
    box.clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=PARIS))  # a Monday in January: the help's own example
    calls = meeting(box, 'add cotech "COTECH n°2" le 10/12 à 14h pendant 2h lieu Salle Garonne')
    told = answer(calls)
    assert "ven. 10 déc. 2027" in told and "10/12/2027" in told
    assert not [c for c in calls if c.method == "chat.postMessage"] and pending(box) == []
    made = meeting(box, 'add cotech "COTECH n°2" le 10/12/2027 à 14h pendant 2h lieu Salle Garonne')
    assert "ven. 10 déc., 14h–16h" in all_text(only(made, "chat.postMessage", channel=CHANNEL).args)  # this year


def test_the_channel_reads_a_sitting_in_each_readers_zone_and_a_dm_in_its_readers_own_words(box):
    """Shared with a member in New York: the channel's reminder carries date tokens over the mission's
    words; Tom's DM is written at his own clock, in English, with none."""
    post = only(meeting(box, 'add cotech "COTECH n°2" le 17/12 à 14h pendant 2h with <@U0TOM|tom>'), "chat.postMessage")
    start, end = datetime(2026, 12, 17, 14, 0, tzinfo=PARIS), datetime(2026, 12, 17, 16, 0, tzinfo=PARIS)
    assert dates(post.args) == [
        (start, "{date_short_pretty} {time}", "jeu. 17 déc., 14h"),
        (end, "{time}", "16h"),
    ]
    box.clock.set(pending(box)[0].planned_at)
    deliverer(box).tick()
    (channel,) = [c.args for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][1:]
    (dm,) = [c.args for c in box.slack.calls("chat.postMessage") if c.args["channel"] == TOM]
    assert (start, "{date_short_pretty} {time}", "jeu. 17 déc., 14h") in dates(channel)
    assert "jeu. 17 déc., 14h–16h" in all_text(channel)
    assert dates(dm) == [] and "Thu 17 Dec, 08:00–10:00" in all_text(dm)
