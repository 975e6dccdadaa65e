"""Phases and milestones through Slack: `/phase` over signed HTTP with alerts delivered by real ticks,
moved with their phase, stopped when done, escalated when late; the timeline picture."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlmodel import Session, select

from sandbox.faults import Fault
from storage.models import Milestone, Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS
from tests.scenarios.steps import deliverer, direct
from tests.slackcheck import all_text, answer, dates, only, shown

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=PARIS)


def phase(box, text: str, user: str = MARIE):
    mark = box.slack.mark()
    assert box.driver.command("/phase", text, user=user, channel=CHANNEL).status == 200
    return box.slack.since(mark)


def alerts(box, state: str = "pending") -> list[Notification]:
    with Session(box.runtime.engine) as s:
        rows = s.exec(select(Notification).where(Notification.entity == "milestone", Notification.state == state)).all()
    return sorted(rows, key=lambda r: (r.planned_at, r.target))


def test_milestones_alert_the_channel_and_owner_then_escalate(box):
    direct(box)
    assert "Séminaire de lancement" in all_text(
        only(
            phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027', user=DIRECTOR),
            "chat.postMessage",
            channel=CHANNEL,
        ).args
    )
    calls = phase(box, 'milestone add 1 "Invitations envoyées" 08/01/2027 <@U0KARIM|karim>', user=DIRECTOR)
    assert "Invitations envoyées" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    pending = alerts(box)
    assert {r.target for r in pending} == {CHANNEL, KARIM, DIRECTOR}
    assert [r.planned_at.astimezone(PARIS) for r in pending if r.target == CHANNEL][:2] == [
        datetime(2026, 12, 24, 9, 0, tzinfo=PARIS),
        datetime(2026, 12, 31, 9, 0, tzinfo=PARIS),
    ]
    (escalation,) = [r for r in pending if r.target == DIRECTOR]
    assert escalation.kind == "milestone.escalation" and escalation.planned_at.astimezone(PARIS) == datetime(
        2027, 1, 11, 9, 0, tzinfo=PARIS
    )

    clock = deliverer(box)
    box.clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=PARIS))  # 3 days before (a Tuesday)
    assert clock.tick().sent == 2
    assert clock.tick().claimed == 0
    channel_alert = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][-1].args
    assert "dans 3 jours" in all_text(channel_alert) and "<@U0KARIM>" in all_text(channel_alert)

    box.clock.set(datetime(2027, 1, 11, 9, 0, tzinfo=PARIS))  # a working day late (after a weekend)
    report = clock.tick()
    # sent: the first "late" alert (channel, owner) and the escalation; dropped as superseded while the
    # clock was idle: the 1-day and same-day alerts (channel, owner), and Friday's digest (planned when the
    # previous one was settled), pointless by Monday
    assert report.sent == 3 and report.dropped == 5
    notice = box.slack.posts("D0CLAIRE")[-1]["text"]
    assert "Escalade" in notice and "3 jours de retard" in notice and "<#C0MISSION>" in notice  # a DM names it


def test_done_stops_alerts_and_says_so(box):
    phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
    calls = phase(box, 'milestone add 1 "Programme imprimé" 12/01/2027 <@U0KARIM|karim>')
    post = only(calls, "chat.postMessage", channel=CHANNEL).args
    assert alerts(box)
    mark = box.slack.mark()
    box.driver.click_button(post, "milestone_done", user=KARIM, channel=CHANNEL, ts="1")
    calls = box.slack.since(mark)
    assert "atteint" in only(calls, "respond").args["text"]
    assert alerts(box) == []
    phase(box, "milestone reopen 1", user=KARIM)
    assert alerts(box)


def test_moving_a_phase_moves_its_milestones_and_their_alerts(box):
    phase(box, 'add "Ateliers thématiques" 01/02/2027 30/04/2027')
    phase(box, 'milestone add 1 "Salles réservées" 25/01/2027')
    phase(box, 'milestone add aucune "Forum ouvert" 02/05/2027')
    before = {r.key for r in alerts(box)}
    calls = phase(box, "move 1 08/02/2027")
    assert "7 mai" in all_text(only(calls, "chat.postMessage", channel=CHANNEL).args)
    with Session(box.runtime.engine) as s:
        dues = {m.name: m.due_on for m in s.exec(select(Milestone))}
    assert dues == {"Salles réservées": date(2027, 2, 1), "Forum ouvert": date(2027, 5, 2)}
    after = {r.key for r in alerts(box)}
    assert after - before and all("2027-02-01" in k or "2027-05-02" in k for k in after)
    assert {r.key for r in alerts(box, "cancelled")} == {k for k in before if "2027-01-25" in k}


def test_a_milestone_is_handed_over_renamed_and_re_dated_and_its_owner_marks_it_done(box):
    direct(box)
    phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027', user=DIRECTOR)
    phase(box, 'milestone add 1 "Invitations" 08/01/2027', user=DIRECTOR)
    assert "seuls" in answer(phase(box, "milestone assign M1 <@U0KARIM|karim>", user=KARIM)).lower()
    assigned = phase(box, "milestone assign M1 <@U0KARIM|karim>", user=DIRECTOR)
    notice = all_text(only(assigned, "chat.postMessage", channel=CHANNEL).args)
    assert "responsable <@U0KARIM>" in notice and "(modifié par <@U0CLAIRE>)" in notice
    assert KARIM in {r.target for r in alerts(box)}  # the owner's alerts are planned
    phase(box, 'milestone edit M1 name "Invitations envoyées"', user=KARIM)
    notice = all_text(
        only(phase(box, "milestone edit M1 date 11/01/2027", user=KARIM), "chat.postMessage", channel=CHANNEL).args
    )
    assert "Invitations envoyées" in notice and "lun. 11 janv. 2027" in notice
    with Session(box.runtime.engine) as s:
        milestone = s.exec(select(Milestone)).one()
    assert (milestone.due_on, milestone.offset_days, milestone.owner_id) == (date(2027, 1, 11), -4, KARIM)
    assert "atteint" in all_text(
        only(phase(box, "milestone done M1", user=KARIM), "chat.postMessage", channel=CHANNEL).args
    )


def test_timeline_lists_phases_and_milestones(box):
    phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
    phase(box, 'add "Ateliers thématiques" 01/02/2027 30/04/2027')
    phase(box, 'milestone add 1 "Invitations envoyées" 08/01/2027 <@U0KARIM|karim>')
    phase(box, "milestone done 1", user=KARIM)
    text = answer(phase(box, "list"))
    assert text.index("Séminaire de lancement") < text.index("Ateliers thématiques")
    assert ":white_check_mark: *M1 Invitations envoyées*" in text


def test_only_the_director_changes_the_plan_once_named(box):
    direct(box)
    assert "directeur de projet" in answer(phase(box, 'add "X" 01/02/2027 02/02/2027', user=KARIM))
    phase(box, 'add "X" 01/02/2027 02/02/2027', user=DIRECTOR)
    phase(box, 'milestone add 1 "Y" 01/02/2027', user=DIRECTOR)
    assert "M1" in answer(phase(box, "milestone done 1", user=KARIM))


def test_errors_and_help(box):
    assert "M9" in answer(phase(box, "milestone done 9"))
    assert "passée" in answer(phase(box, 'milestone add aucune "Vieux" 01/11/2026'))
    assert "/phase milestone add" in answer(phase(box, "help"))


def import_example(box):
    from pathlib import Path

    from bot.missions.plan_file import read_plan

    plan = read_plan((Path(__file__).parents[3] / "plans" / "srdeii.yaml").read_text(), now=NOW)
    box.runtime.services.plans.import_plan(
        box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL), plan, actor=DIRECTOR
    )


def test_timeline_picture_has_a_bar_per_phase_and_is_uploaded(box):
    import io

    from PIL import Image

    from bot.phases.picture import BAR, LATE, layout

    import_example(box)
    mark = box.slack.mark()
    phase(box, "timeline")
    methods = [c.method for c in box.slack.since(mark)]
    assert methods.count("files.getUploadURLExternal") == 1 and methods.count("files.completeUploadExternal") == 1
    (shared,) = box.slack.state.shared
    assert shared["channel"] == CHANNEL and "Le plan de mission" in shared["comment"]
    picture = Image.open(io.BytesIO(shared["bytes"]))
    assert picture.format == "PNG" and picture.width == 1400 and picture.height > 200

    plan = box.runtime.services.phases.plan(box.runtime.services.missions.for_channel("T0CONCERTO", CHANNEL))
    frame = layout(plan, NOW.date(), "fr")
    assert len(frame.rows) == len(plan.phases) == 4
    for row in frame.rows:  # each phase's bar drawn where its dates put it
        left, right = row.bar
        assert picture.getpixel(((left + right) // 2, row.y)) in (BAR, *(c for _, c in row.marks))
    assert picture.getpixel((frame.today_x, frame.rows[0].y - 30)) == LATE  # today's line


def test_timeline_falls_back_to_text_when_slack_refuses_the_file(box):
    phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
    box.slack.inject("files.completeUploadExternal", Fault(200, error="missing_scope"))
    calls = phase(box, "timeline")
    text = answer(calls)
    assert "Séminaire de lancement" in text and "missing_scope" in text


def test_phase_alone_opens_the_form(box):
    mark = box.slack.mark()
    phase(box, "")
    view = shown(box.slack.since(mark))
    assert view["callback_id"] == "phase_create"
    bad = box.driver.submit(
        view,
        {
            "name": {"type": "plain_text_input", "value": "Forum"},
            "start": {"type": "datepicker", "selected_date": "2027-06-30"},
            "end": {"type": "datepicker", "selected_date": "2027-01-15"},
        },
        user=MARIE,
    )
    assert list(bad.json()["errors"]) == ["end"]
    mark = box.slack.mark()
    box.driver.submit(
        view,
        {
            "name": {"type": "plain_text_input", "value": "Forum en ligne"},
            "start": {"type": "datepicker", "selected_date": "2027-01-15"},
            "end": {"type": "datepicker", "selected_date": "2027-06-30"},
        },
        user=MARIE,
    )
    assert "Forum en ligne" in all_text(only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL).args)


def test_actions_can_serve_a_phase_or_milestone(box):
    phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
    phase(box, 'milestone add 1 "Invitations envoyées" 08/01/2027')
    mark = box.slack.mark()
    box.driver.command("/action", "", user=MARIE, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    link = next(b for b in view["blocks"] if b["block_id"] == "link")["element"]
    labels = {o["text"]["text"]: o["value"] for o in link["options"]}
    assert set(labels) == {"1. Séminaire de lancement", "M1 Invitations envoyées"}
    mark = box.slack.mark()
    box.driver.submit(
        view,
        {
            "text": {"type": "plain_text_input", "value": "Imprimer les badges"},
            "owners": {"type": "multi_users_select", "selected_users": [MARIE]},
            "due_date": {"type": "datepicker", "selected_date": None},
            "due_time": {"type": "timepicker", "selected_time": None},
            "link": {"type": "static_select", "selected_option": {"value": labels["M1 Invitations envoyées"]}},
        },
        user=MARIE,
    )
    post = all_text(only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL).args)
    assert "M1 Invitations envoyées" in post
    from storage.models import Action

    with Session(box.runtime.engine) as s:
        action = s.exec(select(Action)).one()
    assert action.milestone_id is not None and action.phase_id is None


def test_alert_days_per_mission_and_across_dst(box):
    phase(box, 'milestone add aucune "Synthèse des ateliers" 06/04/2027')  # after the spring change
    phase(box, "alerts 10 0")
    planned = [r.planned_at for r in alerts(box) if r.target == CHANNEL]
    # 10 days before is Friday 26 March (CET, 08:00 UTC); the day itself Tuesday 6 April (CEST, 07:00 UTC)
    assert planned[:2] == [
        datetime(2027, 3, 26, 8, 0, tzinfo=timezone.utc),
        datetime(2027, 4, 6, 7, 0, tzinfo=timezone.utc),
    ]
    assert {r.planned_at.astimezone(PARIS).time() for r in alerts(box)} == {time(9, 0)}
    assert "Usage" in answer(phase(box, "alerts soon"))


def test_dates_on_a_day_off_are_said_with_the_nearest_working_day(box):
    reply = answer(phase(box, 'milestone add aucune "Programme imprimé" 25/12'))
    assert "ven. 25 déc. n'est pas un jour travaillé (Noël)" in reply and "jeu. 24 déc." in reply
    quiet = phase(box, 'milestone add aucune "Salle réservée" 08/12')  # a working day: nothing to say
    assert [c for c in quiet if c.method == "respond"] == []
    mark = box.slack.mark()
    box.driver.command("/meeting", 'add cotech "COTECH" le 29/03/2027 à 14h', user=MARIE, channel=CHANNEL)
    told = [c.args["text"] for c in box.slack.since(mark) if c.method == "respond"]
    assert any("Lundi de Pâques" in t and "mar. 30 mars 2027" in t for t in told)


def test_the_list_follows_the_plans_order_as_its_picture_does(box):
    phase(box, 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
    phase(box, 'add "Ateliers thématiques" 01/02/2027 30/04/2027')
    phase(box, 'add "Forum en ligne" 15/01/2027 30/06/2027')  # alongside the others, last in the plan
    text = answer(phase(box, "list"))
    assert text.index("Séminaire de lancement") < text.index("Ateliers thématiques") < text.index("Forum en ligne")


def test_a_milestone_is_a_day_in_each_readers_zone_in_the_channel_and_in_its_owners_words_by_dm(box):
    """Announced and alerted in the channel with a day token (no time) over the mission's words, its year
    said while it is not this one's; the owner's DM, in his own words, carries none."""
    day = datetime(2027, 1, 8, 12, 0, tzinfo=PARIS)  # the day's noon in the mission's zone
    said = (day, "{date_long_pretty}", "ven. 8 janv. 2027")
    calls = phase(box, 'milestone add none "Invitations envoyées" 08/01/2027 <@U0KARIM|karim>')
    assert set(dates(only(calls, "chat.postMessage", channel=CHANNEL).args)) == {said}
    box.clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=PARIS))  # 3 days before
    assert deliverer(box).tick().sent == 2
    alert = [c for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL][-1].args
    assert set(dates(alert)) == {(day, "{date_long_pretty}", "ven. 8 janv.")}  # in 2027 now: no year
    assert "dans 3 jours" in all_text(alert)
    (dm,) = [c.args for c in box.slack.calls("chat.postMessage") if c.args["channel"] == KARIM]
    assert dates(dm) == [] and "ven. 8 janv." in all_text(dm)
