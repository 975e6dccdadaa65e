"""The mission canvas through the app: created by setting the mission up, rewritten soon after each change,
coalesced to one write a minute, refreshed each morning, and a standalone canvas or one note where the
workspace's plan refuses channel canvases. Canvas markdown is checked by the stand-in
(user text made inert for it: tests/unit/canvas/test_markdown.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlmodel import Session, select

from scheduler.delivery import Deliverer
from storage.models import Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, PARIS, TOM
from tests.scenarios.steps import SETUP_VALUES
from tests.slackcheck import only, shown

SETUP = {**SETUP_VALUES, "language": {"type": "static_select", "selected_option": {"value": "fr"}}}


def deliverer(box) -> Deliverer:
    client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
    return Deliverer(box.runtime.engine, client, box.clock, worker="test-clock", sleep=lambda s: None)


def set_up(box) -> None:
    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=DIRECTOR, channel=CHANNEL)
    form = shown(box.slack.since(mark))
    box.driver.submit(form, SETUP, user=DIRECTOR)


def later(box, clock: Deliverer, seconds: float):
    box.clock.advance(timedelta(seconds=seconds))
    return clock.tick()


def canvas_rows(box, **match) -> list[Notification]:
    with Session(box.runtime.engine) as s:
        stmt = select(Notification).where(Notification.entity == "canvas")
        for name, value in match.items():
            stmt = stmt.where(getattr(Notification, name) == value)
        return list(s.exec(stmt))


def test_setup_creates_the_channel_canvas_and_a_change_rewrites_it_soon(box):
    clock = deliverer(box)
    set_up(box)
    box.driver.command("/phase", 'add "Ateliers thématiques" 01/02/2027 30/04/2027', user=DIRECTOR, channel=CHANNEL)
    box.driver.command(
        "/phase", 'milestone add 1 "Salle réservée" 03/12 <@U0KARIM|karim>', user=DIRECTOR, channel=CHANNEL
    )
    mark = box.slack.mark()
    assert later(box, clock, 5).canvases == 1  # the whole burst makes one write
    create = only(box.slack.since(mark), "conversations.canvases.create", channel_id=CHANNEL)
    assert create.args["title"] == "Tableau de bord de la mission"
    canvas = box.slack.channel_canvas(CHANNEL)
    assert canvas is not None and canvas.id == create.result["canvas_id"]
    assert "## Le plan de mission" in canvas.markdown and "| 1. Ateliers thématiques |" in canvas.markdown
    assert "M1 Salle réservée — jeu. 3 déc. — ![](@U0KARIM)" in canvas.markdown

    box.driver.command(
        "/action",
        "Relancer <!channel> la CCI [ici](https://x.example) ![](@U0TOM) **vite** <@U0MARIE|marie> pour 02/12",
        user=DIRECTOR,
        channel=CHANNEL,
    )
    mark = box.slack.mark()
    assert later(box, clock, 30).canvases == 0  # a minute after the last write, not before
    assert later(box, clock, 30).canvases == 1
    edit = only(box.slack.since(mark), "canvases.edit", canvas_id=canvas.id)
    (change,) = edit.args["changes"]
    assert change["operation"] == "replace" and change["document_content"]["type"] == "markdown"
    shown = box.slack.channel_canvas(CHANNEL).markdown
    assert "**![](@U0MARIE)**" in shown  # the owner, named
    assert r"Relancer @channel la CCI \[ici\](https://x.example) \!\[\](@U0TOM) \*\*vite\*\*" in shown
    assert shown.count("![](@") == shown.count("![](@U0KARIM)") + shown.count("![](@U0MARIE)")


def test_changes_coalesce_into_one_write_a_minute_and_nothing_unchanged_is_rewritten(box):
    clock = deliverer(box)
    set_up(box)
    later(box, clock, 5)
    for n, user in enumerate((MARIE, TOM, KARIM)):
        box.clock.advance(timedelta(seconds=10))
        box.driver.command("/action", f"Action {n} pour vendredi", user=user, channel=CHANNEL)
    assert len(canvas_rows(box, state="pending", kind="canvas.write")) == 1
    mark = box.slack.mark()
    assert later(box, clock, 30).canvases == 1  # 65 s after the first write, with all three
    (edit,) = box.slack.since(mark, "canvases.edit")
    markdown = edit.args["changes"][0]["document_content"]["markdown"]
    assert all(f"Action {n}" in markdown for n in range(3))
    box.driver.command("/action", "list", user=MARIE, channel=CHANNEL)  # reading changes nothing
    assert later(box, clock, 120).canvases == 0 and len(box.slack.since(mark, "canvases.edit")) == 1


def test_each_morning_the_canvas_is_refreshed_and_late_actions_come_first(box):
    clock = deliverer(box)
    set_up(box)
    box.driver.command("/action", "Envoyer les invitations pour demain", user=MARIE, channel=CHANNEL)
    box.driver.command("/action", "Réserver la salle pour 15/12", user=MARIE, channel=CHANNEL)
    later(box, clock, 5)
    box.runtime.services.canvases.resync_all()
    (morning,) = canvas_rows(box, kind="canvas.morning")
    assert morning.run_at.astimezone(PARIS) == datetime(2026, 12, 1, 7, 0, tzinfo=PARIS)
    box.clock.set(datetime(2026, 12, 2, 6, 30, tzinfo=PARIS))
    box.runtime.services.canvases.resync_all()  # the hourly plan keeps one morning ahead
    box.clock.set(datetime(2026, 12, 2, 7, 0, tzinfo=PARIS))
    mark = box.slack.mark()
    assert clock.tick().canvases == 1
    box.runtime.services.canvases.resync_all()
    markdown = only(box.slack.since(mark), "canvases.edit").args["changes"][0]["document_content"]["markdown"]
    actions = markdown[markdown.index("## Actions ouvertes") :]
    assert actions.index("Envoyer les invitations") < actions.index("Réserver la salle")
    assert "#1 Envoyer les invitations — mar. 1 déc. — **en retard**" in actions
    assert canvas_rows(box, kind="canvas.morning", state="pending")[0].run_at.astimezone(PARIS).day == 3


def test_a_rate_limited_write_waits_and_goes_later(box):
    from sandbox.faults import Fault

    clock = deliverer(box)
    set_up(box)
    box.slack.inject("conversations.canvases.create", Fault(429, retry_after=20))
    report = later(box, clock, 5)
    assert report.retried == 1 and box.slack.channel_canvas(CHANNEL) is None
    assert later(box, clock, 21).canvases == 1 and box.slack.channel_canvas(CHANNEL) is not None


def test_without_channel_canvases_a_standalone_canvas_is_linked_from_the_channel(box):
    box.slack.canvas_plan("free")
    clock = deliverer(box)
    set_up(box)
    mark = box.slack.mark()
    assert later(box, clock, 5).canvases == 1
    calls = box.slack.since(mark)
    created = only(calls, "canvases.create", channel_id=CHANNEL)
    note = only(calls, "chat.postMessage", channel=CHANNEL)
    assert f"/docs/T0CONCERTO/{created.result['canvas_id']}" in note.args["text"]
    assert note.args["metadata"]["event_payload"]["key"].startswith("canvas:")  # an outbox row: found after a crash
    box.driver.command("/action", "Préparer le COTECH pour vendredi", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    assert later(box, clock, 60).canvases == 1
    only(box.slack.since(mark), "canvases.edit", canvas_id=created.result["canvas_id"])
    assert not box.slack.since(mark, "chat.postMessage")


def test_a_channel_with_a_canvas_of_its_own_keeps_it_and_gets_a_standalone_one(box):
    box.slack.state.canvases.channel_canvases[CHANNEL] = "F0PEOPLES"  # made by the team, by hand
    clock = deliverer(box)
    set_up(box)
    mark = box.slack.mark()
    assert later(box, clock, 5).canvases == 1
    created = only(box.slack.since(mark), "canvases.create", channel_id=CHANNEL)
    shown = box.slack.canvases()[created.result["canvas_id"]].markdown
    assert "## Le plan de mission" in shown and "## Dernières décisions" in shown
    assert box.slack.state.canvases.channel_canvases[CHANNEL] == "F0PEOPLES"


def test_without_canvases_at_all_one_note_and_commands_keep_working(box):
    box.slack.canvas_plan("none")
    clock = deliverer(box)
    set_up(box)
    mark = box.slack.mark()
    later(box, clock, 5)
    note = only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL)
    assert "/action list" in note.args["text"] and "canvas_disabled" not in note.args["text"]  # no error code
    mark = box.slack.mark()
    assert box.driver.command("/action", "Préparer le COTECH pour vendredi", user=MARIE, channel=CHANNEL).status == 200
    assert any(c.method in ("respond", "chat.postMessage") and "COTECH" in str(c.args) for c in box.slack.since(mark))
    assert later(box, clock, 120).canvases == 0
    assert not [c for c in box.slack.since(mark) if c.method.startswith(("canvases.", "conversations.canvases"))]
    assert not [c for c in box.slack.since(mark, "chat.postMessage") if "canevas" in (c.args.get("text") or "")]


def test_the_canvas_shows_a_meeting_far_ahead_and_says_how_far_it_looks(box):
    clock = deliverer(box)
    set_up(box)
    box.driver.command("/meeting", 'add debate "Débat public" le 15/03/2027 à 18h', user=DIRECTOR, channel=CHANNEL)
    box.driver.command("/meeting", 'add weekly "Point" every tuesday 9h30', user=DIRECTOR, channel=CHANNEL)
    later(box, clock, 5)
    shown = box.slack.channel_canvas(CHANNEL).markdown
    assert "Débat public** — lun. 15 mars 2027, 18h" in shown  # months ahead, still listed
    assert shown.count("#2 Point") == 2 and "45 prochains jours" in shown
