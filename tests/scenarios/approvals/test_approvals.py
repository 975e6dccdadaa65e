"""Minutes the client approves, through Slack: the agency's organiser names the Region's secretary (a member
of the other organisation sharing the channel) as the COTECH's validator and submits a sitting's minutes; the
secretary gets one DM, approves it or asks for a change with a comment; a click by anyone else is refused;
a decision recorded after the approval makes version 2, to be approved again. Each step is audited and shown
in the minutes' canvas; the director's digest lists the minutes waiting."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import docx
from sqlmodel import Session, select

from bot.missions.values import MissionSettings
from storage.approvals import MinutesApproval
from storage.models import AuditEntry
from tests.conftest import AGENCY, ANNA, BRUNO, PARIS, SHARED
from tests.scenarios.workspaces.test_workspaces import clock, install
from tests.slackcheck import all_text, answer, only, shown

ORGANISER = "U0CAMILLE"  # the agency consultant who organises the COTECH; Anna directs the mission


def meeting(two, text: str, user: str = ORGANISER):
    mark = two.slack.mark()
    assert two.driver.command("/meeting", text, user=user, channel=SHARED, team=AGENCY).status == 200
    return two.slack.since(mark)


def cotech_held(two) -> None:
    """The agency installed, Anna named director, a COTECH on Tuesday 1 December held, one decision recorded,
    the Region's Bruno named its validator."""
    install(two, AGENCY, "Agence Concerto")
    two.slack.invite(SHARED)  # as the README asks
    two.slack.add_user(ORGANISER, "camille", "Camille Roux")
    two.slack.state.workspaces.members[ORGANISER] = AGENCY
    two.runtime.services.missions.configure(
        AGENCY, SHARED, actor=ANNA, settings=MissionSettings(ANNA, "Europe/Paris", "fr", "09:00", "18:00", "12345")
    )
    meeting(two, 'add cotech "COTECH n°2" on 01/12 14:00 for 2h')
    two.clock.set(datetime(2026, 12, 1, 16, 30, tzinfo=PARIS))
    meeting(two, "decide 1 Le séminaire aura lieu le 15 janvier")
    assert "<@U0BRUNO>" in answer(meeting(two, "validator 1 <@U0BRUNO|bruno>"))


def dms_to(calls, user: str) -> list:
    return [c for c in calls if c.method == "chat.postMessage" and c.args["channel"] == user]


def minutes_markdown(two) -> str:
    """The minutes' canvas as the clock last wrote it."""
    two.clock.advance(timedelta(seconds=61))
    clock(two).tick()
    (canvas,) = [c for c in two.slack.canvases().values() if c.markdown.startswith("# Relevé de décisions")]
    return canvas.markdown


def audit(two) -> list[tuple[str, str, dict]]:
    with Session(two.runtime.engine) as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.entity == "minutes").order_by(AuditEntry.id)).all()
    return [(r.verb, r.actor, json.loads(r.detail)) for r in rows]


def submit(two, user: str = ORGANISER):
    """`/meeting minutes 1 submit`, and the one DM it sends the validator."""
    calls = meeting(two, "minutes 1 submit", user=user)
    assert "soumis à l'approbation de <@U0BRUNO>" in answer(calls)
    (dm,) = dms_to(calls, BRUNO)
    return dm


def test_the_client_s_validator_approves_and_a_later_decision_asks_again(two):
    cotech_held(two)
    dm = submit(two)
    text = all_text(dm.args)
    assert "COTECH n°2" in text and "version 1" in text and "Le séminaire aura lieu le 15 janvier" in text
    assert "Approuver" in text and "Demander une modification" in text
    assert "soumis à Bruno" not in text and "<@U0CAMILLE>" in text

    mark = two.slack.mark()  # Anna, the director, tries the validator's button: not hers to click
    two.driver.click_button(
        dm.args, "minutes_approve", user=ANNA, channel=dm.result["channel"], ts=dm.result["ts"], team=AGENCY
    )
    assert "n'attend plus votre approbation" in answer(two.slack.since(mark))
    assert [v for v, _, _ in audit(two)] == ["submit"]

    mark = two.slack.mark()  # the secretary of the Region, in the installing workspace's name as Slack sends it
    two.driver.click_button(
        dm.args, "minutes_approve", user=BRUNO, channel=dm.result["channel"], ts=dm.result["ts"], team=AGENCY
    )
    calls = two.slack.since(mark)
    replaced = only(calls, "respond")
    assert replaced.args["replace_original"] is True and "Vous avez approuvé" in all_text(replaced.args)
    assert "minutes_approve" not in all_text(replaced.args)
    (told,) = dms_to(calls, ORGANISER)
    assert "<@U0BRUNO> a approuvé" in all_text(told.args)
    assert [(v, who) for v, who, _ in audit(two)] == [("submit", ORGANISER), ("approve", BRUNO)]
    markdown = minutes_markdown(two)
    assert "**Approbation\u00a0:** version 1 approuvée par ![](@U0BRUNO) le mar. 1 déc., 16h30" in markdown

    meeting(two, "minutes 1 docx")
    (shared,) = two.slack.state.shared
    paragraphs = [p.text for p in docx.Document(io.BytesIO(shared["bytes"])).paragraphs]
    assert "Approbation\u00a0: version 1 approuvée par Bruno Garcia le mar. 1 déc., 16h30" in paragraphs

    mark = two.slack.mark()  # the same button clicked again: nothing more
    two.driver.click_button(
        dm.args, "minutes_approve", user=BRUNO, channel=dm.result["channel"], ts=dm.result["ts"], team=AGENCY
    )
    assert "n'attend plus de réponse" in answer(two.slack.since(mark))

    meeting(two, "decide 1 Le forum se tiendra à Bordeaux")
    with Session(two.runtime.engine) as s:
        (row,) = s.exec(select(MinutesApproval)).all()
    assert (row.version, row.state) == (2, "changed")
    assert "version 2, modifiée depuis son approbation par ![](@U0BRUNO)" in minutes_markdown(two)
    assert [v for v, _, _ in audit(two)][-1] == "new_version"

    again = submit(two)
    assert "version 2" in all_text(again.args) and "Le forum se tiendra à Bordeaux" in all_text(again.args)
    stale = two.slack.mark()  # version 1's button, in the first DM, answers nothing now
    two.driver.click_button(
        dm.args, "minutes_approve", user=BRUNO, channel=dm.result["channel"], ts=dm.result["ts"], team=AGENCY
    )
    assert "La version 1 de ce relevé n'attend plus" in answer(two.slack.since(stale))
    two.driver.click_button(
        again.args, "minutes_approve", user=BRUNO, channel=again.result["channel"], ts=again.result["ts"], team=AGENCY
    )
    assert "version 2 approuvée par ![](@U0BRUNO)" in minutes_markdown(two)


def test_the_validator_asks_for_a_change_with_a_comment(two):
    cotech_held(two)
    dm = submit(two)
    mark = two.slack.mark()
    two.driver.click_button(
        dm.args, "minutes_changes", user=BRUNO, channel=dm.result["channel"], ts=dm.result["ts"], team=AGENCY
    )
    form = shown(two.slack.since(mark))
    assert "private_metadata" not in form
    mark = two.slack.mark()
    comment = "Préciser le lieu du séminaire <!channel>"
    reply = two.driver.submit(
        form,
        {"comment": {"type": "plain_text_input", "value": comment}},
        user=BRUNO,
        team="T0REGION",
        installed_in=AGENCY,
    )
    assert reply.status == 200
    calls = two.slack.since(mark)
    update = only(calls, "chat.update", channel=dm.result["channel"])
    assert "Vous avez demandé une modification" in all_text(update.args) and "minutes_changes" not in all_text(
        update.args
    )
    (told,) = dms_to(calls, ORGANISER)
    assert "Préciser le lieu du séminaire &lt;!channel&gt;" in all_text(told.args)
    verb, actor, detail = audit(two)[-1]
    assert (verb, actor, detail["comment"]) == ("ask_changes", BRUNO, comment)
    markdown = minutes_markdown(two)
    assert "modification demandée par ![](@U0BRUNO)" in markdown and r"\<\!channel\>" in markdown

    assert "Seuls l'organisateur" in answer(meeting(two, "minutes 1 submit", user=BRUNO))  # not theirs to submit
    assert "version 1" in all_text(submit(two).args)  # submitted again unchanged: the same version, asked again


def test_the_director_s_digest_lists_the_minutes_waiting_for_approval(two):
    cotech_held(two)
    submit(two)
    mark = two.slack.mark()
    two.driver.command("/digest", "", user=ANNA, channel=SHARED, team=AGENCY)
    digest = all_text(only(two.slack.since(mark), "respond").args)
    assert (
        "Relevés en attente d'approbation" in digest
        and "COTECH n°2" in digest
        and "version 1 — soumis à <@U0BRUNO> le mar. 1 déc." in digest
    )
