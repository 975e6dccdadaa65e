"""`/meeting minutes N [date]` through the app: a sitting's minutes published as a canvas shared in the
channel and kept current as decisions and actions are recorded for it; `… docx` the same as a Word file,
read back with python-docx; an upload Slack refuses is explained, not lost."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import docx

from bot.actions.values import Draft
from bot.dates import When
from sandbox.faults import Fault
from tests.conftest import CHANNEL, DIRECTOR, KARIM, PARIS, TOM
from tests.scenarios.canvas.test_canvas import deliverer, set_up
from tests.slackcheck import only


def cotech_held(box) -> None:
    """A COTECH on Tuesday 1 December with an agenda, held; one decision and one action recorded."""
    set_up(box)
    box.driver.command(
        "/meeting",
        'add cotech "COTECH n°2" on 01/12 14:00 for 2h with <@U0KARIM|karim> where Salle des commissions',
        user=DIRECTOR,
        channel=CHANNEL,
    )
    box.driver.command("/meeting", "agenda 1 add Validation du calendrier", user=KARIM, channel=CHANNEL)
    box.driver.command("/meeting", "agenda 1 add Choix du lieu *du* séminaire", user=KARIM, channel=CHANNEL)
    box.driver.command("/meeting", "agenda 1 done 1", user=DIRECTOR, channel=CHANNEL)
    box.clock.set(datetime(2026, 12, 1, 16, 30, tzinfo=PARIS))
    box.driver.command(
        "/meeting", "decide 1 Le séminaire aura lieu le 15 janvier <!here>", user=DIRECTOR, channel=CHANNEL
    )
    services = box.runtime.services
    mission = services.missions.for_channel("T0CONCERTO", CHANNEL)
    meeting = services.meetings.by_number(mission, 1)
    sitting = services.canvases.minutes(mission, 1, actor=DIRECTOR).sitting.occurrence.original
    services.actions.create(
        mission,
        author=DIRECTOR,
        draft=Draft("Réserver l'hémicycle", (TOM,), When(date(2026, 12, 8))),
        tz=PARIS,
        meeting=(meeting.id, sitting),
    )


def test_minutes_are_published_as_a_canvas_and_follow_new_decisions(box):
    clock = deliverer(box)
    cotech_held(box)
    clock.tick()
    mark = box.slack.mark()
    box.driver.command("/meeting", "minutes 1", user=DIRECTOR, channel=CHANNEL)
    reply = only(box.slack.since(mark), "respond")
    assert "COTECH n°2" in reply.args["text"] and "mar. 1 déc." in reply.args["text"]
    box.clock.advance(timedelta(seconds=5))
    assert clock.tick().canvases >= 1
    calls = box.slack.since(mark)
    created = only(calls, "canvases.create", channel_id=CHANNEL)
    assert created.args["title"] == "Relevé de décisions — COTECH n°2, mardi 1 décembre 2026"
    shared = only(calls, "chat.postMessage", channel=CHANNEL)
    assert f"/docs/T0CONCERTO/{created.result['canvas_id']}" in shared.args["text"]
    markdown = box.slack.canvases()[created.result["canvas_id"]].markdown
    assert markdown.startswith("# Relevé de décisions — COTECH n°2, mardi 1 décembre 2026\n")
    assert "**Date\u00a0:** mardi 1 décembre 2026, 14h–16h" in markdown
    assert "**Lieu\u00a0:** Salle des commissions" in markdown and "**Participants\u00a0:** ![](@U0KARIM)" in markdown
    assert "- [x] Validation du calendrier" in markdown
    assert r"- [ ] Choix du lieu \*du\* séminaire — _reporté à la prochaine séance_" in markdown
    assert "1. Le séminaire aura lieu le 15 janvier @here" in markdown
    assert "- #1 Réserver l'hémicycle — ![](@U0TOM) — mar. 8 déc." in markdown
    assert "## Prochaine séance\nAucune prévue." in markdown

    box.driver.command("/meeting", "decide 1 Le forum se tiendra à Bordeaux", user=DIRECTOR, channel=CHANNEL)
    mark = box.slack.mark()
    box.clock.advance(timedelta(seconds=61))
    clock.tick()
    edit = only(box.slack.since(mark), "canvases.edit", canvas_id=created.result["canvas_id"])
    assert "2. Le forum se tiendra à Bordeaux" in edit.args["changes"][0]["document_content"]["markdown"]


def test_only_the_organiser_or_the_director_publishes_minutes_and_a_day_without_sitting_is_said(box):
    cotech_held(box)
    mark = box.slack.mark()
    box.driver.command("/meeting", "minutes 1", user=KARIM, channel=CHANNEL)
    box.driver.command("/meeting", "minutes 1 03/12", user=DIRECTOR, channel=CHANNEL)
    refused, none = box.slack.since(mark, "respond")
    assert "Seuls l'organisateur ou le directeur de projet" in refused.args["text"]
    assert "n'a pas de séance ce jour-là" in none.args["text"]
    assert not box.slack.since(mark, "canvases.create")


def test_minutes_as_a_word_file_read_back(box):
    cotech_held(box)
    mark = box.slack.mark()
    box.driver.command("/meeting", "minutes 1 01/12 docx", user=DIRECTOR, channel=CHANNEL)
    complete = only(box.slack.since(mark), "files.completeUploadExternal")
    assert complete.args["channel_id"] == CHANNEL and "COTECH n°2" in complete.args["initial_comment"]
    (shared,) = box.slack.state.shared
    assert shared["title"] == "Relevé de décisions — COTECH n°2, mardi 1 décembre 2026"
    document = docx.Document(io.BytesIO(shared["bytes"]))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "Relevé de décisions — COTECH n°2, mardi 1 décembre 2026"
    assert "Lieu\u00a0: Salle des commissions" in text and "Participants\u00a0: Karim Benali" in text
    assert "☑ Validation du calendrier" in text
    assert "☐ Choix du lieu *du* séminaire — reporté à la prochaine séance" in text
    assert "Le séminaire aura lieu le 15 janvier @here" in text
    (table,) = document.tables
    assert [c.text for c in table.rows[1].cells] == ["1", "Réserver l'hémicycle", "Tom Baker", "mar. 8 déc."]
    assert document.core_properties.title == text[0]


def test_a_refused_upload_is_explained(box):
    cotech_held(box)
    box.slack.inject("files.completeUploadExternal", Fault(error="is_archived"))
    mark = box.slack.mark()
    box.driver.command("/meeting", "minutes 1 docx", user=DIRECTOR, channel=CHANNEL)
    reply = only(box.slack.since(mark), "respond")
    assert "is_archived" in reply.args["text"] and f"<#{CHANNEL}>" in reply.args["text"]
    assert not box.slack.state.shared


def test_an_upload_refused_for_want_of_the_bot_joins_the_channel_and_shares_it(box):
    cotech_held(box)
    box.slack.inject("files.completeUploadExternal", Fault(error="not_in_channel"))
    mark = box.slack.mark()
    box.driver.command("/meeting", "minutes 1 docx", user=DIRECTOR, channel=CHANNEL)
    calls = box.slack.since(mark)
    assert only(calls, "conversations.join", channel=CHANNEL) and not [c for c in calls if c.method == "respond"]
    assert box.slack.state.shared


def test_where_canvases_are_off_the_minutes_say_so_once_and_the_word_file_still_works(box):
    box.slack.canvas_plan("none")
    clock = deliverer(box)
    cotech_held(box)
    clock.tick()
    mark = box.slack.mark()
    box.driver.command("/meeting", "minutes 1", user=DIRECTOR, channel=CHANNEL)
    box.clock.advance(timedelta(seconds=5))
    clock.tick()
    note = only(box.slack.since(mark), "chat.postMessage", channel=CHANNEL)
    assert "ne le permettent pas" in note.args["text"] and "canvas_disabled" not in note.args["text"]
    box.driver.command("/meeting", "decide 1 Une autre décision", user=DIRECTOR, channel=CHANNEL)
    box.clock.advance(timedelta(seconds=120))
    clock.tick()
    assert len([c for c in box.slack.since(mark) if c.method == "canvases.create"]) == 1  # tried once
    box.driver.command("/meeting", "minutes 1 docx", user=DIRECTOR, channel=CHANNEL)
    (shared,) = box.slack.state.shared
    assert "Une autre décision" in [p.text for p in docx.Document(io.BytesIO(shared["bytes"])).paragraphs]
