"""The mission channel's bookmarks through the app: `/concerto setup` bookmarks the calendar page at once and
the canvas once Slack has it, a second setup adds none and edits what changed (titles in the new language),
the calendar bookmark carries no one's secret, and where the token lacks the scope the person who ran the setup
is told once (bot.missions.bookmarks)."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlmodel import Session, select

from sandbox.rules import manifest_scopes
from scheduler.delivery import Deliverer
from storage.models import Mission, Notification
from tests.conftest import CHANNEL, DIRECTOR
from tests.scenarios.steps import SETUP_VALUES, command, open_form
from tests.slackcheck import all_text

FRENCH = {**SETUP_VALUES, "language": {"type": "static_select", "selected_option": {"value": "fr"}}}
PAGE = "https://concerto.example.org/calendar/subscribe"


def clock(box) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker="test-clock", sleep=lambda s: None)


def set_up(box, values: dict) -> list[str]:
    """Run the setup form; what the person who ran it was told."""
    view = open_form(box, "/concerto", "setup", user=DIRECTOR)
    mark = box.slack.mark()
    box.driver.submit(view, values, user=DIRECTOR)
    return [all_text(c.args) for c in box.slack.since(mark, "chat.postEphemeral") if c.args["user"] == DIRECTOR]


def ticks(box, deliverer: Deliverer, n: int = 2) -> None:
    for _ in range(n):
        box.clock.advance(timedelta(seconds=6))
        deliverer.tick()


def test_setup_bookmarks_the_calendar_page_and_the_canvas_once_and_keeps_them_current(box):
    deliverer = clock(box)
    secret = all_text(command(box, "/meeting", "ics")[-1].args).split("/calendar/")[1].split(".ics")[0]
    set_up(box, SETUP_VALUES)
    (calendar,) = box.slack.bookmarks(CHANNEL)  # at once; the canvas is not in Slack yet
    assert (calendar["title"], calendar["link"], calendar["id"][:2]) == ("Meetings calendar", PAGE, "Bk")
    ticks(box, deliverer)  # the canvas is written, then its bookmark follows
    canvas = box.slack.channel_canvas(CHANNEL)
    assert canvas is not None
    marks = box.slack.bookmarks(CHANNEL)
    assert [(b["title"], b["link"]) for b in marks] == [
        ("Meetings calendar", PAGE),
        ("Dashboard", f"https://concerto-demo.slack.com/docs/T0CONCERTO/{canvas.id}"),
    ]
    assert all(secret not in b["link"] for b in marks)  # the feed's secret is never in the channel's header
    status, _headers, page = box.driver.get("/calendar/subscribe")
    assert status == 200 and "/meeting ics" in page and secret not in page

    mark = box.slack.mark()
    set_up(box, SETUP_VALUES)  # the same again: nothing to add, nothing to edit
    ticks(box, deliverer)
    assert box.slack.since(mark, "bookmarks.add") == [] and box.slack.since(mark, "bookmarks.edit") == []

    set_up(box, FRENCH)  # the channel now reads French: our titles follow, nothing is added
    ticks(box, deliverer)
    assert box.slack.since(mark, "bookmarks.add") == []
    assert len(box.slack.since(mark, "bookmarks.edit")) == 2
    assert [b["title"] for b in box.slack.bookmarks(CHANNEL)] == ["Calendrier des réunions", "Tableau de bord"]


def test_without_the_scope_the_person_who_ran_the_setup_is_told_once(box):
    box.slack.scopes = manifest_scopes() - {"bookmarks:write", "bookmarks:read"}  # installed before bookmarks
    told = set_up(box, SETUP_VALUES)
    assert len(told) == 2 and "`bookmarks:write`" in told[1]  # the settings saved, then the bookmarks' refusal
    assert "missing_scope" not in told[1]
    assert box.slack.bookmarks(CHANNEL) == []
    assert len(set_up(box, SETUP_VALUES)) == 1  # the settings only: the refusal was told already
    with Session(box.runtime.engine) as s:
        synced = s.exec(select(Notification).where(Notification.entity == "bookmarks")).all()
        mission = s.exec(select(Mission)).one()
        problems = s.exec(select(Notification).where(Notification.entity == "problems")).all()
    assert [(r.state, r.last_error) for r in synced] == [("failed", "missing_scope")] * 2
    assert problems == [] and mission.director_id == DIRECTOR  # nothing paged, nothing else changed
    assert set(box.slack.state.violations) == {"bookmarks.list: missing_scope bookmarks:read"}
    box.slack.state.violations.clear()  # the manifest has them: this token was granted less

    box.slack.scopes = manifest_scopes()  # reinstalled with them: the next setup adds the bookmarks
    assert len(set_up(box, SETUP_VALUES)) == 1
    assert [b["title"] for b in box.slack.bookmarks(CHANNEL)] == ["Meetings calendar"]
