"""The message shortcut "Add to the agenda": a message, with its link, on the next sitting of a meeting chosen in
a small form."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import AgendaItem, AuditEntry, Meeting, Mission
from testing.harness import Sandbox
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE
from tests.slackcheck import all_text, shown

TS = "1700000100.000300"


def shortcut(box: Sandbox, text: str = "Budget des ateliers : à trancher avec <@U0KARIM|karim>") -> dict:
    mark = box.slack.mark()
    box.driver.message_shortcut(
        "add_to_agenda", user=MARIE, channel=CHANNEL, message_text=text, message_ts=TS, author=DIRECTOR
    )
    return shown(box.slack.since(mark))


def meeting(box: Sandbox, number: int, channel: str = CHANNEL) -> Meeting:
    with Session(box.runtime.engine) as s:
        stmt = select(Meeting).join(Mission).where(Meeting.number == number, Mission.channel_id == channel)
        return s.exec(stmt).one()


def items(box: Sandbox) -> list[AgendaItem]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(AgendaItem)))


def choose(view: dict, meeting_id: int, text: str) -> dict:
    return {
        "meeting": {"type": "static_select", "selected_option": {"value": str(meeting_id)}},
        "item": {"type": "plain_text_input", "value": text},
    }


def test_a_message_goes_on_the_chosen_meetings_next_sitting_with_its_link(box):
    box.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30', user=MARIE, channel=CHANNEL
    )
    box.driver.command("/meeting", 'add weekly "COTECH" every thursday 14:00', user=DIRECTOR, channel=CHANNEL)
    view = shortcut(box)
    options = next(b for b in view["blocks"] if b["block_id"] == "meeting")["element"]["options"]
    assert [o["text"]["text"].split(" · ")[0] for o in options] == ["#1 Réunion de coordination", "#2 COTECH"]
    item = next(b for b in view["blocks"] if b["block_id"] == "item")["element"]
    assert item["initial_value"] == "Budget des ateliers : à trancher avec @karim"
    assert "private_metadata" not in view  # the link is recorded by the bot, not sent for a client to echo
    box.driver.submit(view, choose(view, meeting(box, 2).id, item["initial_value"]), user=MARIE)
    (added,) = items(box)
    assert added.meeting_id == meeting(box, 2).id and added.added_by == MARIE
    assert added.text.startswith("Budget des ateliers : à trancher avec @karim https://")
    assert added.text.endswith("p1700000100000300")
    mark = box.slack.mark()
    box.driver.command("/meeting", "agenda 2", user=KARIM, channel=CHANNEL)
    assert "p1700000100000300" in all_text(box.slack.since(mark)[-1].args)


def test_a_channel_without_meetings_says_how_to_schedule_one(box):
    view = shortcut(box)
    assert "/meeting add" in all_text(view) and "submit" not in view


def test_an_agenda_command_run_again_adds_and_ticks_nothing_more(box):
    """A work process killed after it ran the request, before marking it done: the inbox runs it again (the
    season's `work_killed` found the item added twice)."""
    box.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" every tuesday 09:30', user=MARIE, channel=CHANNEL
    )
    for text in ("agenda 1 add Point presse", "agenda 1 done 1"):
        body = box.driver.command_body("/meeting", text, user=KARIM, channel=CHANNEL)
        for _ in range(2):
            assert box.driver.post(body, "application/x-www-form-urlencoded").status == 200
    (item,) = items(box)
    assert item.done
    with Session(box.runtime.engine) as s:
        verbs = [e.verb for e in s.exec(select(AuditEntry).where(AuditEntry.entity == "meeting"))]
    assert verbs.count("agenda") == 1 and verbs.count("agenda_done") == 1
