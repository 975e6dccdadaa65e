"""What scenarios do with the mission, shared by the features' tests: a command and what came of it, a
form opened, an action created, the mission given its director, the outbox read, a clock that delivers."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.missions.values import MissionSettings
from scheduler.delivery import Deliverer
from storage.models import Action, Notification
from tests.conftest import CHANNEL, DIRECTOR, MARIE
from tests.slackcheck import all_text, only, shown

TEAM = "T0CONCERTO"
# the setup form as an English mission fills it in: 08:30-17:30, Monday to Thursday, no public holidays
SETUP_VALUES = {
    "director": {"type": "users_select", "selected_user": DIRECTOR},
    "timezone": {"type": "static_select", "selected_option": {"value": "Europe/Paris"}},
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


def open_form(box, command: str, text: str = "", user: str = MARIE, *, channel: str = CHANNEL) -> dict:
    """What the modal `command` opens shows, once loaded."""
    mark = box.slack.mark()
    box.driver.command(command, text, user=user, channel=channel)
    return shown(box.slack.since(mark))


def actions(box) -> list[Action]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(Action).order_by(Action.number)))


def create(box, text: str, user: str = MARIE) -> dict:
    mark = box.slack.mark()
    box.driver.command("/action", text, user=user, channel=CHANNEL)
    return only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL)


def command(box, name: str, text: str, user: str = MARIE):
    mark = box.slack.mark()
    box.driver.command(name, text, user=user, channel=CHANNEL)
    return box.slack.since(mark)


def rows(box, entity: str, state: str = "pending") -> list[Notification]:
    with Session(box.runtime.engine) as s:
        found = s.exec(select(Notification).where(Notification.entity == entity, Notification.state == state)).all()
    return sorted(found, key=lambda r: r.planned_at)


def direct(box) -> None:
    box.runtime.services.missions.configure(
        TEAM,
        CHANNEL,
        actor=DIRECTOR,
        settings=MissionSettings(DIRECTOR, "Europe/Paris", "fr", "09:00", "18:00", "12345"),
    )


def texts(box, target: str) -> list[str]:
    """What was posted to a channel or a person's DM, blocks included."""
    return [all_text(c.args) for c in box.slack.calls("chat.postMessage") if c.args["channel"] == target]


def deliverer(box) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker="t", sleep=lambda s: None)
