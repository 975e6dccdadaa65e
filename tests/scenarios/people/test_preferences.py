"""A person's own reminder settings (`/concerto settings`, bot/people/preferences.py): the reminders they
choose re-planned at once, and the Monday summary for those who ask for it, kept off public holidays."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from scheduler.clock import plan_ahead
from storage.models import Notification
from tests.conftest import CHANNEL, KARIM, MARIE, PARIS
from tests.scenarios.steps import command, create, deliverer, open_form, texts
from tests.slackcheck import all_text, only, shown


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
        {
            "text": {"type": "plain_text", "text": "le jour même (une heure avant une heure fixée)", "emoji": True},
            "value": "due",
        }
    ]


def test_monday_summary_for_those_who_ask(box):
    from datetime import datetime

    from slack_sdk import WebClient
    from sqlmodel import Session, select

    from scheduler.delivery import Deliverer
    from storage.models import Notification
    from tests.conftest import PARIS

    box.driver.command("/action", "Réserver la salle <@U0KARIM|karim> pour vendredi", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    box.driver.command("/concerto", "settings", user=KARIM, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    box.driver.submit(
        view,
        {"reminders": {"type": "checkboxes", "selected_options": [{"value": "due"}, {"value": "summary"}]}},
        user=KARIM,
    )
    with Session(box.runtime.engine) as s:
        (row,) = s.exec(
            select(Notification).where(Notification.entity == "summary", Notification.state == "pending")
        ).all()
    assert row.target == KARIM and row.planned_at == datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)
    box.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=PARIS))
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    Deliverer(box.runtime.engine, client, box.clock, worker="t", sleep=lambda s: None).tick()
    (summary,) = [m for m in box.slack.posts("D0KARIM") if "Votre semaine" in (m["text"] or "")]
    assert "1 action ouverte, 1 en retard" in summary["text"]
    (sent,) = [
        c.args
        for c in box.slack.calls("chat.postMessage")
        if c.args["channel"] == KARIM and "Votre semaine" in c.args["text"]
    ]
    assert "Vos réunions du lun. 7 déc. au dim. 13 déc." in all_text(sent)  # which week it shows
    box.runtime.services.preferences.resync_summaries()  # the clock's hourly job plans the next Monday
    with Session(box.runtime.engine) as s:
        (row,) = s.exec(
            select(Notification).where(Notification.entity == "summary", Notification.state == "pending")
        ).all()
    assert row.planned_at == datetime(2026, 12, 14, 9, 0, tzinfo=PARIS)


def test_the_monday_summary_waits_for_the_day_after_easter_monday(box):
    command(box, "/action", "Réserver la salle <@U0KARIM|karim> pour 02/04/2027")
    box.clock.set(datetime(2027, 3, 24, 10, 0, tzinfo=PARIS))
    mark = box.slack.mark()
    box.driver.command("/concerto", "settings", user=KARIM, channel=CHANNEL)
    view = shown(box.slack.since(mark))
    box.driver.submit(
        view,
        {"reminders": {"type": "checkboxes", "selected_options": [{"value": "due"}, {"value": "summary"}]}},
        user=KARIM,
    )
    box.clock.set(datetime(2027, 3, 29, 9, 0, tzinfo=PARIS))  # Easter Monday
    plan_ahead(box.runtime.services)
    deliverer(box).tick()
    assert not [t for t in texts(box, KARIM) if "Votre semaine" in t]
    box.clock.set(datetime(2027, 3, 30, 9, 0, tzinfo=PARIS))
    deliverer(box).tick()
    assert len([t for t in texts(box, KARIM) if "Votre semaine" in t]) == 1
