"""Workflow Builder steps through signed HTTP: Slack's `function_executed` event, the work the matching command
does, and the step ended once with the outputs manifest.json declares (or with what to fix, nothing done)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, func, select

from storage.models import Action, ActionOwner, AgendaItem, AuditEntry, Decision, Notification
from testing.harness import Sandbox, setup_values
from tests.conftest import ANNA, BRUNO, CHANNEL, DIRECTOR, KARIM, MARIE, PRIVATE, REGION, SHARED, TOM
from tests.slackcheck import all_text, shown

SECRET = "not-a-secret"


def run(box: Sandbox, step: str, inputs: dict, *, team: str = "T0CONCERTO"):
    """Start the step as a workflow would; (the execution as Slack saw it end, the calls the app made)."""
    mark = box.slack.mark()
    reply, execution = box.driver.step(step, inputs, team=team)
    assert reply.status == 200
    return box.slack.execution(execution), box.slack.since(mark)


def by(user: str) -> dict:
    """A `user_context` input: the person running the workflow, as Slack vouches for them."""
    return {"id": user, "secret": SECRET}


def count(box: Sandbox, table) -> int:
    with Session(box.runtime.engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


@pytest.fixture
def mission(box: Sandbox) -> Sandbox:
    mark = box.slack.mark()
    box.driver.command("/concerto", "setup", user=DIRECTOR, channel=CHANNEL)
    assert box.driver.submit(shown(box.slack.since(mark)), setup_values(DIRECTOR), user=DIRECTOR).body == ""
    return box


def test_a_step_creates_an_action_posts_it_and_ends_with_its_number_and_link(mission):
    inputs = {"channel": CHANNEL, "text": "Relancer la mairie", "owners": [KARIM, TOM], "due": "vendredi 14h"}
    execution, calls = run(mission, "create_action", {**inputs, "requested_by": by(MARIE)})
    assert execution.state == "completed", execution.error
    post = next(c for c in calls if c.method == "chat.postMessage" and c.args["channel"] == CHANNEL)
    assert "*#1* Relancer la mairie" in all_text(post.args)
    dms = [c.args["channel"] for c in calls if c.method == "chat.postMessage" and c.args["channel"] != CHANNEL]
    assert sorted(dms) == [KARIM, TOM]
    assert execution.outputs["action_number"] == 1
    assert (
        execution.outputs["action_link"].startswith("https://")
        and post.result["ts"].replace(".", "") in (execution.outputs["action_link"])
    )
    with Session(mission.runtime.engine) as s:
        action = s.exec(select(Action)).one()
        assert action.created_by == MARIE
        assert action.due_at == datetime(2026, 12, 4, 13, 0, tzinfo=timezone.utc)  # 14h in Paris, read as /action
        assert sorted(o.user_id for o in s.exec(select(ActionOwner))) == [KARIM, TOM]


def test_slack_sending_the_event_again_creates_nothing_more_and_the_step_ends_once(mission):
    event = mission.slack.start_step(
        "create_action", {"channel": CHANNEL, "text": "Réserver la salle", "requested_by": by(MARIE)}, team="T0CONCERTO"
    )
    mark = mission.slack.mark()
    assert mission.driver.event(event, event_id="Ev0STEP").status == 200
    assert mission.driver.event(event, event_id="Ev0STEP", retry=True).status == 200
    calls = mission.slack.since(mark)
    assert count(mission, Action) == 1
    ends = [c.result for c in calls if c.method == "functions.completeSuccess"]
    assert [e["ok"] for e in ends].count(True) == 1  # (no inbox here to drop the retry: Slack refuses a 2nd end)
    assert len([c for c in calls if c.method == "chat.postMessage" and c.args["channel"] == CHANNEL]) == 1
    assert mission.slack.execution(event["function_execution_id"]).outputs == {
        "action_number": 1,
        "action_link": mission.slack.execution(event["function_execution_id"]).outputs["action_link"],
    }


def test_a_step_run_again_after_a_crash_posts_and_audits_once_and_its_second_end_is_no_error(mission):
    """The work process died after the commit: the inbox runs the event again from the start."""
    event = mission.slack.start_step(
        "create_action",
        {"channel": CHANNEL, "text": "Envoyer le compte rendu", "requested_by": by(MARIE)},
        team="T0CONCERTO",
    )
    mission.driver.event(event)
    mark = mission.slack.mark()
    mission.driver.event(event)  # the same execution again (a new delivery id: the inbox cannot tell)
    again = mission.slack.since(mark)
    assert count(mission, Action) == 1
    assert not [c for c in again if c.method == "chat.postMessage"]
    assert [c.result.get("error") for c in again if c.method.startswith("functions.")] == [
        "execution_not_in_running_state"
    ]
    with Session(mission.runtime.engine) as s:
        assert len(s.exec(select(AuditEntry).where(AuditEntry.entity == "action")).all()) == 1


@pytest.mark.parametrize(
    ("inputs", "said"),
    [
        ({"text": "Relancer", "due": "31/02"}, "n'existe pas"),
        ({"text": "Relancer", "due": "le machin"}, "le machin"),
        ({"text": "Relancer", "due": "2026-11-02"}, "passée"),
        ({"text": "   "}, "besoin d'un texte"),
        ({"text": "Relancer", "owners": ["U0NOBODY"]}, "personne active"),
    ],
)
def test_a_bad_input_ends_the_step_with_what_to_fix_and_nothing_done(mission, inputs, said):
    execution, calls = run(mission, "create_action", {"channel": CHANNEL, "requested_by": by(MARIE), **inputs})
    assert execution.state == "failed" and said in (execution.error or ""), execution.error
    assert count(mission, Action) == 0
    assert not [c for c in calls if c.method == "chat.postMessage"]


def test_a_webhook_workflow_needs_owners_and_creates_as_the_bot(mission):
    execution, _ = run(mission, "create_action", {"channel": CHANNEL, "text": "Modérer la contribution n°12"})
    assert execution.state == "failed" and "responsables" in (execution.error or "")
    execution, _ = run(
        mission, "create_action", {"channel": CHANNEL, "text": "Modérer la contribution n°12", "owners": [KARIM]}
    )
    assert execution.state == "completed", execution.error
    with Session(mission.runtime.engine) as s:
        action = s.exec(select(Action)).one()
        assert action.created_by == "U0CONCERTO"
        assert [o.user_id for o in s.exec(select(ActionOwner))] == [KARIM]


def test_a_channel_without_a_mission_is_refused_in_both_languages(box):
    box.slack.add_channel("C0ELSEWHERE", "ailleurs", member=True)
    execution, _ = run(box, "create_action", {"channel": "C0ELSEWHERE", "text": "x", "requested_by": by(MARIE)})
    assert execution.state == "failed"
    assert "/concerto setup" in (execution.error or "") and "Rien n'a été fait" in execution.error
    assert "Nothing was done" in execution.error
    assert count(box, Action) == 0


def test_a_workflow_of_the_other_organisation_reaches_the_shared_channel_as_slack_says(two):
    """The Region never typed a command in the Slack Connect channel the agency set up: Slack says it shares
    it (conversations.info with the Region's token), so the Region's workflow reaches its mission."""
    from testing.harness import install

    install(two, "T0AGENCE", "Agence")
    install(two, REGION, "Région")
    two.slack.invite(SHARED)
    two.driver.command("/action", "Première action", user=ANNA, channel=SHARED, team="T0AGENCE")
    inputs = {"channel": SHARED, "text": "Relire la note", "requested_by": by(BRUNO)}
    execution, calls = run(two, "create_action", inputs, team=REGION)
    assert execution.state == "completed", execution.error
    assert execution.outputs["action_number"] == 2
    assert any(c.method == "chat.postMessage" and c.args["channel"] == SHARED for c in calls)


def test_another_organisation_cannot_reach_a_channel_it_does_not_share(two):
    """The Region's workflow names the agency's private channel, whose id it learnt somehow: refused."""
    from testing.harness import install

    install(two, "T0AGENCE", "Agence")
    install(two, REGION, "Région")
    two.driver.command("/action", "Budget interne", user=ANNA, channel=PRIVATE, team="T0AGENCE")
    before = count(two, Action)
    execution, calls = run(two, "create_action", {"channel": PRIVATE, "text": "Fuite", "owners": [BRUNO]}, team=REGION)
    assert execution.state == "failed"
    assert count(two, Action) == before
    assert not [c for c in calls if c.method == "chat.postMessage"]
    assert SHARED  # the shared channel stays theirs to use once they have used it (test_trust_boundaries)


def test_agenda_item_and_decision_steps_end_with_the_sitting(mission):
    mission.driver.command(
        "/meeting", 'add weekly "Réunion de coordination" every monday 09:00', user=MARIE, channel=CHANNEL
    )
    execution, _ = run(
        mission, "add_agenda_item", {"channel": CHANNEL, "meeting": 1, "text": "Point presse", "requested_by": by(TOM)}
    )
    assert execution.state == "completed", execution.error
    assert execution.outputs["item_number"] == 1
    assert datetime.fromtimestamp(execution.outputs["next_sitting"], timezone.utc) == datetime(
        2026, 12, 7, 8, 0, tzinfo=timezone.utc
    )
    assert count(mission, AgendaItem) == 1

    refused, _ = run(
        mission, "record_decision", {"channel": CHANNEL, "meeting": 1, "text": "Go", "requested_by": by(TOM)}
    )
    assert refused.state == "failed"  # Tom neither organises it nor directs the mission
    mission.clock.advance(timedelta(days=7, hours=3))  # the sitting of Monday 7 took place
    decided, calls = run(
        mission,
        "record_decision",
        {"channel": CHANNEL, "meeting": "#1", "sitting": "07/12", "text": "Lancer l'appel", "requested_by": by(MARIE)},
    )
    assert decided.state == "completed", decided.error
    assert datetime.fromtimestamp(decided.outputs["sitting"], timezone.utc) == datetime(
        2026, 12, 7, 8, 0, tzinfo=timezone.utc
    )
    assert any("Lancer l'appel" in all_text(c.args) for c in calls if c.method == "chat.postMessage")
    assert count(mission, Decision) == 1


def test_the_digest_step_is_the_directors(mission):
    refused, _ = run(mission, "post_digest", {"channel": CHANNEL, "requested_by": by(MARIE)})
    assert refused.state == "failed"
    sent, _ = run(mission, "post_digest", {"channel": CHANNEL, "requested_by": by(DIRECTOR)})
    assert sent.state == "completed" and sent.outputs == {"director": DIRECTOR}
    with Session(mission.runtime.engine) as s:
        assert s.exec(select(Notification).where(Notification.kind == "digest.team")).all()
