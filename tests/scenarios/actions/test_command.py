"""`/action` through signed HTTP, as Slack sends it, with the Web API stand-in answering; a list of
thousands says how many more there are without counting them all."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert
from sqlmodel import Session, select

from bot.actions.values import COUNT_UP_TO
from storage.models import Action, ActionOwner, AuditEntry
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, TOM
from tests.slackcheck import all_text, answer, buttons, only


def action(box, number: int) -> Action:
    with Session(box.runtime.engine) as s:
        return s.exec(select(Action).where(Action.number == number)).one()


def owners(box, number: int) -> list[str]:
    with Session(box.runtime.engine) as s:
        a = s.exec(select(Action).where(Action.number == number)).one()
        return sorted(o.user_id for o in s.exec(select(ActionOwner).where(ActionOwner.action_id == a.id)))


def audit(box, number: int) -> list[AuditEntry]:
    a = action(box, number)
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.entity_id == a.id).order_by(AuditEntry.id)))


def run(box, text: str, user: str = MARIE):
    mark = box.slack.mark()
    reply = box.driver.command("/action", text, user=user, channel=CHANNEL)
    assert reply.status == 200
    return box.slack.since(mark)


def test_create_posts_in_channel_and_dms_other_owners(box):
    calls = run(box, "Réserver l'hémicycle pour le séminaire <@U0KARIM|karim> <@U0TOM|tom> pour vendredi 14h30")
    post = only(calls, "chat.postMessage", channel=CHANNEL)
    text = all_text(post.args)
    assert "*#1* Réserver l'hémicycle pour le séminaire" in text
    assert "<@U0KARIM>" in text and "<@U0TOM>" in text
    assert set(buttons(post.args)) == {"action_done", "action_snooze", "action_reassign"}
    dms = [c.args["channel"] for c in calls if c.method == "chat.postMessage" and c.args["channel"] != CHANNEL]
    assert sorted(dms) == [KARIM, TOM]
    saved = action(box, 1)
    assert saved.due_at == datetime(2026, 12, 4, 13, 30, tzinfo=timezone.utc)  # 14:30 in Paris, winter
    assert saved.due_all_day is False and saved.created_by == MARIE
    assert (saved.message_channel, saved.message_ts) == (CHANNEL, post.result["ts"])
    assert owners(box, 1) == [KARIM, TOM]
    assert not [c for c in calls if c.method == "respond"], "the channel message is the confirmation"


def test_author_owns_by_default_and_gets_no_dm(box):
    calls = run(box, "Envoyer le programme")
    assert owners(box, 1) == [MARIE]
    assert [c.args["channel"] for c in calls if c.method == "chat.postMessage"] == [CHANNEL]
    assert action(box, 1).due_at is None


def test_numbers_are_per_mission(box):
    run(box, "first")
    run(box, "second")
    box.slack.add_channel("C0OTHER", "other-mission")
    box.driver.command("/action", "elsewhere", user=MARIE, channel="C0OTHER")
    with Session(box.runtime.engine) as s:
        assert sorted((a.text, a.number) for a in s.exec(select(Action))) == [
            ("elsewhere", 1),
            ("first", 1),
            ("second", 2),
        ]


def test_dates_are_read_in_the_authors_time_zone(box):
    run(box, "Call the venue by tomorrow 9am", user=TOM)  # Tom is in New York
    assert action(box, 1).due_at == datetime(2026, 12, 1, 14, 0, tzinfo=timezone.utc)


def test_typed_mentions_and_markup_cannot_ping_or_break_the_message(box):
    calls = run(box, "Vote &lt;b&gt; &amp; <!channel> <!here> <!subteam^S0ALL|@everyone-team> done")
    text = all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert "<!channel>" not in text and "<!here>" not in text and "<!subteam" not in text
    assert "Vote &lt;b&gt; &amp; @channel @here @everyone-team done" in text
    assert action(box, 1).text == "Vote <b> & @channel @here @everyone-team done"


def test_text_over_the_limit_is_refused_not_cut(box):
    calls = run(box, "x" * 1501)
    assert "1501" in answer(calls) and "1500" in answer(calls)
    assert not [c for c in calls if c.method == "chat.postMessage"]


def test_unreadable_date_says_what_and_gives_an_example(box):
    calls = run(box, "Relancer la CCI pour le 32/13")
    text = answer(calls)
    assert "32/13" in text and "`04/12`" in text
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Action)).all() == []


def test_english_user_gets_english_errors(box):
    assert "could not read the date `soonish 3`" in answer(run(box, "Deck due soonish 3", user=TOM))


def test_past_date_asks_first_then_creates_on_confirm(box):
    calls = run(box, "Rédiger la synthèse pour 27/11")
    prompt = only(calls, "respond").args
    assert "27 nov." in all_text(prompt) and set(buttons(prompt)) == {"action_confirm_past", "action_cancel_past"}
    assert not [c for c in calls if c.method == "chat.postMessage"]
    mark = box.slack.mark()
    box.driver.click_button(prompt, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="1")
    calls = box.slack.since(mark)
    assert only(calls, "respond").args.get("delete_original") is True
    assert "en retard" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    assert action(box, 1).due_date.isoformat() == "2026-11-27"


def test_past_date_cancel_creates_nothing(box):
    prompt = only(run(box, "Synthèse pour 27/11"), "respond").args
    mark = box.slack.mark()
    box.driver.click_button(prompt, "action_cancel_past", user=MARIE, channel=CHANNEL, ts="1")
    assert "Annulé" in all_text(only(box.slack.since(mark), "respond").args)
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Action)).all() == []


def test_list_scopes(box):
    run(box, "mine and due soon pour demain")
    prompt = only(run(box, "Karim's <@U0KARIM|karim> pour 25/11"), "respond").args  # past: confirm it
    box.driver.click_button(prompt, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="1")
    run(box, "no date at all", user=TOM)

    mine = answer(run(box, "list"))
    assert "#1" in mine and "#2" not in mine and "#3" not in mine
    everything = answer(run(box, "list all"))
    assert everything.index("#2") < everything.index("#1") < everything.index("#3"), "soonest due first"
    late = answer(run(box, "list overdue"))
    assert "#2" in late and "#1" not in late and "#3" not in late
    karims = answer(run(box, "list <@U0KARIM|karim>"))
    assert "#2" in karims and "#1" not in karims
    assert "`bogus`" in answer(run(box, "list bogus"))


def test_list_never_exceeds_block_kit_limits(box):
    for i in range(45):
        run(box, f"action {i} " + "word " * 60)
    calls = run(box, "list all")
    listing = only(calls, "respond").args
    assert len(listing["blocks"]) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in listing["blocks"])
    assert "5 more" in all_text(listing) or "5 autres" in all_text(listing)


@pytest.mark.parametrize(
    ("command", "check"),
    [
        ("done 1", lambda a: a.status == "done" and a.done_by == MARIE),
        ("due 1 vendredi 17h", lambda a: a.due_at == datetime(2026, 12, 4, 16, 0, tzinfo=timezone.utc)),
        ("edit 1 Nouveau texte &amp; plus", lambda a: a.text == "Nouveau texte & plus"),
        ("delete 1", lambda a: a.status == "deleted"),
    ],
)
def test_changes_update_the_row_the_channel_message_and_the_audit(box, command, check):
    first = only(run(box, "Préparer le séminaire"), "chat.postMessage")
    calls = run(box, command)
    assert check(action(box, 1))
    update = only(calls, "chat.update")
    assert (update.args["channel"], update.args["ts"]) == (CHANNEL, first.result["ts"])
    assert only(calls, "respond").args["response_type"] == "ephemeral"
    verbs = [e.verb for e in audit(box, 1)]
    assert verbs == ["create", command.split()[0]]
    assert all(e.actor == MARIE for e in audit(box, 1))


def test_reopen_after_done(box):
    run(box, "Préparer le séminaire")
    run(box, "done 1")
    calls = run(box, "reopen #1")
    assert action(box, 1).status == "open" and action(box, 1).done_at is None
    assert "action_done" in buttons(only(calls, "chat.update").args)


def test_assign_dms_new_owners_only(box):
    run(box, "Préparer le séminaire <@U0KARIM|karim>")
    calls = run(box, "assign 1 <@U0KARIM|karim> <@U0TOM|tom>")
    assert owners(box, 1) == [KARIM, TOM]
    assert [c.args["channel"] for c in calls if c.method == "chat.postMessage"] == [TOM]
    entry = audit(box, 1)[-1]
    assert entry.verb == "assign" and json.loads(entry.detail) == {"from": [KARIM], "to": [KARIM, TOM]}


def test_others_are_refused_and_nothing_changes(box):
    run(box, "Préparer le séminaire")
    calls = run(box, "edit 1 hijacked", user=KARIM)
    assert "Seuls le créateur" in answer(calls)
    assert action(box, 1).text == "Préparer le séminaire"
    assert not [c for c in calls if c.method == "chat.update"]
    assert [e.verb for e in audit(box, 1)] == ["create"]


def test_project_director_may_change_any_action(box):
    box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL)
    from bot.missions.values import MissionSettings

    box.runtime.services.missions.configure(
        "T0CONCERTO",
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )
    run(box, "Préparer le séminaire")
    run(box, "done 1", user=DIRECTOR)
    assert action(box, 1).done_by == DIRECTOR


@pytest.mark.parametrize("command", ["done", "done x", "assign 1", "assign 1 bob", "due 1", "edit 1", "delete 1 now"])
def test_malformed_subcommands_show_usage(box, command):
    run(box, "Préparer le séminaire")
    assert "Usage" in answer(run(box, command))


def test_unknown_number(box):
    assert "n°42" in answer(run(box, "done 42"))


def test_help(box):
    text = answer(run(box, "help", user=TOM))
    assert "/action list" in text and "next monday" in text


def test_bot_not_in_channel_still_creates_and_says_how_to_fix(box):
    box.slack.add_channel("C0PRIVATE", "private", member=False, private=True)
    mark = box.slack.mark()
    box.driver.command("/action", "secret plan", user=MARIE, channel="C0PRIVATE")
    told = all_text(only(box.slack.since(mark), "respond").args)
    assert "/invite" in told and "inutile de refaire" in told  # it is saved: a retry would make it twice
    assert "réessayez" not in told and "not_in_channel" not in told


def test_snooze_moves_from_today_when_already_late(box):
    run(box, "late one pour 20/11/2026")
    prompt = box.slack.calls("respond")[-1].args
    box.driver.click_button(prompt, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="1")
    box.clock.advance(timedelta(hours=1))
    a = action(box, 1)
    box.driver.click("action_snooze", str(a.id), user=MARIE, channel=CHANNEL, message_ts=a.message_ts)
    assert action(box, 1).due_date.isoformat() == "2026-12-01"  # today (30 Nov) + 1


def test_moving_a_due_date_into_the_past_asks_first(box):
    first = only(run(box, "Préparer le séminaire pour vendredi"), "chat.postMessage")
    prompt = only(run(box, "due 1 27/11"), "respond").args
    assert "27 nov." in all_text(prompt) and "Préparer le séminaire" in all_text(prompt)
    assert action(box, 1).due_date.isoformat() == "2026-12-04"  # unchanged until confirmed
    mark = box.slack.mark()
    box.driver.click_button(prompt, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="1")
    calls = box.slack.since(mark)
    assert action(box, 1).due_date.isoformat() == "2026-11-27"
    assert only(calls, "chat.update").args["ts"] == first.result["ts"]
    assert [e.verb for e in audit(box, 1)] == ["create", "due"]


def test_a_huge_list_says_how_many_more_without_counting_them_all(box):
    box.driver.command("/action", "Première action pour vendredi", user=MARIE, channel=CHANNEL)
    services = box.runtime.services
    mission = services.missions.for_channel("T0CONCERTO", CHANNEL)
    now = box.clock.now()
    rows = [
        {
            "team_id": "T0CONCERTO",
            "mission_id": mission.id,
            "number": n,
            "text": f"Action {n}",
            "status": "open",
            "created_by": MARIE,
            "created_at": now,
            "updated_at": now,
            "due_all_day": False,
            "due_at": None if n % 2 else now + timedelta(days=n % 30),
        }
        for n in range(2, COUNT_UP_TO + 100)
    ]
    with box.runtime.engine.begin() as conn:
        conn.execute(insert(Action), rows)
    mark = box.slack.mark()
    box.driver.command("/action", "list all", user=MARIE, channel=CHANNEL)
    listing = all_text(only(box.slack.since(mark), "respond").args)
    assert f"{COUNT_UP_TO - 40}+" in listing
    assert listing.index("*#30*") < listing.index("*#60*") < listing.index("*#2*"), "soonest due first, then by number"
    assert "*#3*" not in listing, "undated ones wait behind the dated"


def test_words_that_close_an_action_close_it_and_joined_owners_go_with_their_joiners(box):
    run(box, "Mettre à jour le rétroplanning <@U0KARIM|karim> et <@U0TOM|tom> pour le 3")
    made = action(box, 1)
    assert made.text == "Mettre à jour le rétroplanning" and made.due_date.isoformat() == "2026-12-03"
    run(box, "terminé 1", user=KARIM)
    assert action(box, 1).status == "done"
    with Session(box.runtime.engine) as s:
        assert len(s.exec(select(Action)).all()) == 1  # no action called "terminé 1"


def test_a_weekday_that_contradicts_its_date_is_questioned(box):
    reply = answer(run(box, "Relancer la CCI pour mardi 25/01"))
    assert "mardi 25/01" in reply and "lun. 25 janv. 2027" in reply
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Action)).all() == []


def test_a_due_date_on_a_day_off_is_noted_with_the_working_day_before_one_click_away(box):
    calls = run(box, "Relancer la CCI pour le 25/12")
    (note,) = [c.args for c in calls if c.method == "respond" and "jour non travaillé" in all_text(c.args)]
    assert "ven. 25 déc." in all_text(note) and "Noël" in all_text(note)
    assert action(box, 1).due_date.isoformat() == "2026-12-25"  # kept unless asked
    box.driver.click_button(note, "action_due_working_day", user=MARIE, channel=CHANNEL, ts="1")
    assert action(box, 1).due_date.isoformat() == "2026-12-24"
    quiet = run(box, "Relancer la CMA pour le 23/12")  # a working day: nothing to say
    assert not [c for c in quiet if c.method == "respond" and "jour non travaillé" in all_text(c.args)]


def test_a_day_the_text_ends_with_is_asked_and_the_first_answer_alone_creates(box):
    calls = run(box, "Finaliser le déroulé du séminaire <@U0KARIM|karim> 12 janvier")
    (question,) = [c.args for c in calls if c.method == "respond" and "action_trailing_due" in json.dumps(c.args)]
    assert "Échéance mar. 12 janv. 2027\u202f?" in all_text(question)
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Action)).all() == [], "nothing is made before the answer"
    box.driver.click_button(question, "action_trailing_due", user=MARIE, channel=CHANNEL, ts="1")
    made = action(box, 1)
    assert made.text == "Finaliser le déroulé du séminaire" and made.due_date.isoformat() == "2027-01-12"
    assert owners(box, 1) == [KARIM]
    mark = box.slack.mark()
    box.driver.click_button(question, "action_trailing_plain", user=MARIE, channel=CHANNEL, ts="1")
    assert any("déjà" in all_text(c.args) for c in box.slack.since(mark) if c.method == "respond")
    with Session(box.runtime.engine) as s:
        assert len(s.exec(select(Action)).all()) == 1, "the other answer, clicked after, makes nothing more"


def test_no_to_the_day_asked_keeps_it_in_the_text_without_a_due_date(box):
    calls = run(box, "Appeler le préfet vendredi")
    (question,) = [c.args for c in calls if c.method == "respond" and "action_trailing_plain" in json.dumps(c.args)]
    box.driver.click_button(question, "action_trailing_plain", user=MARIE, channel=CHANNEL, ts="1")
    made = action(box, 1)
    assert made.text == "Appeler le préfet vendredi" and made.due_date is None


@pytest.mark.parametrize(
    ("typed", "text", "due"),
    [
        ("Finaliser le déroulé du séminaire fin de semaine", "Finaliser le déroulé du séminaire", "2026-12-04"),
        ("Relire la note de cadrage mi-janvier", "Relire la note de cadrage", "2027-01-15"),
        ("Envoyer la synthèse demain matin", "Envoyer la synthèse", "2026-12-01"),
        ("Préparer la réunion du 12 janvier", "Préparer la réunion du 12 janvier", None),  # the subject's day
        ("Préparer le point de fin de semaine", "Préparer le point de fin de semaine", None),
    ],
)
def test_a_trailing_delay_is_read_and_the_subjects_day_stays_text_without_a_question(box, typed, text, due):
    calls = run(box, typed)
    assert not [c for c in calls if "action_trailing_due" in json.dumps(c.args)]
    made = action(box, 1)
    assert made.text == text
    assert (made.due_date.isoformat() if made.due_date else None) == due


def test_a_trailing_day_that_cannot_be_is_refused_not_asked(box):
    reply = answer(run(box, "Envoyer le rapport 31/04"))
    assert "31/04" in reply
    with Session(box.runtime.engine) as s:
        assert s.exec(select(Action)).all() == []


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("done 1", "déjà terminée"),
        ("edit 1 Relancer la CCI", "rien n'a changé"),
        ("due 1 vendredi", "rien n'a changé"),
        ("assign 1 <@U0MARIE|marie>", "rien n'a changé"),
    ],
)
def test_a_change_that_changes_nothing_posts_nothing_and_says_so(box, change, said):
    run(box, "Relancer la CCI pour vendredi")
    if change.startswith("done"):
        run(box, "done 1")
    before = len(audit(box, 1))
    calls = run(box, change)
    assert said in answer(calls)
    assert not [c for c in calls if c.method in ("chat.update", "chat.postMessage")]
    assert len(audit(box, 1)) == before, "no audit line claims what did not happen"
