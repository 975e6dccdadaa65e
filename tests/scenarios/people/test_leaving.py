"""Someone leaves: Slack's `user_change` says the account is deactivated. Nothing more is sent to them, what
was planned for them is withdrawn, the director is told once with a way to hand their actions over, and
`/action reassign @from @to` does the same from the channel."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from storage.models import Action, ActionOwner, Notification
from tests.conftest import CHANNEL, DIRECTOR, KARIM, MARIE, TOM
from tests.scenarios.steps import command, deliverer, direct, texts
from tests.slackcheck import all_text, answer


def deactivate(box, user: str) -> None:
    """Slack deactivates the account and tells the app, as it does, with the whole user object."""
    assert box.driver.deactivate(user).status == 200
    deliverer(box).tick()  # the director's word goes through the outbox, at the clock's next tick


def pending_for(box, user: str) -> list[Notification]:
    with Session(box.runtime.engine) as s:
        return list(s.exec(select(Notification).where(Notification.target == user, Notification.state == "pending")))


def owners(box) -> dict[int, set[str]]:
    with Session(box.runtime.engine) as s:
        numbers = {a.id: a.number for a in s.exec(select(Action))}
        found: dict[int, set[str]] = {}
        for owner in s.exec(select(ActionOwner)):
            found.setdefault(numbers[owner.action_id], set()).add(owner.user_id)
    return found


def karims_actions(box) -> None:
    direct(box)
    command(box, "/action", "Relancer la préfecture <@U0KARIM|karim> pour vendredi")
    command(box, "/action", "Réserver la salle <@U0KARIM|karim> <@U0MARIE|marie> pour J+10")
    command(box, "/action", "Envoyer le compte rendu pour demain")  # Marie's


def test_a_deactivated_person_gets_nothing_more_and_the_director_is_told_once(box):
    karims_actions(box)
    assert pending_for(box, KARIM)
    deactivate(box, KARIM)
    deactivate(box, KARIM)  # Slack may say it twice: still one word to the director
    assert pending_for(box, KARIM) == []
    assert pending_for(box, MARIE)  # the others' reminders stay

    told = [t for t in texts(box, DIRECTOR) if "désactivé" in t]
    assert len(told) == 1
    assert "<#C0MISSION>" in told[0] and "Relancer la préfecture" in told[0] and "Réserver la salle" in told[0]
    assert "Envoyer le compte rendu" not in told[0]

    clock, mark = deliverer(box), box.slack.mark()
    for _ in range(12):
        box.clock.advance(timedelta(days=1))
        clock.tick()
    assert [c for c in box.slack.since(mark) if c.args.get("channel") == KARIM] == []
    problems = [t for t in texts(box, DIRECTOR) if "n'ont pas pu être remis" in t or "user_disabled" in t]
    assert problems == []


def test_the_director_hands_a_leavers_actions_over_from_the_dm(box):
    karims_actions(box)
    deactivate(box, KARIM)
    (dm,) = [
        c
        for c in box.slack.calls("chat.postMessage")
        if c.args["channel"] == DIRECTOR and "désactivé" in all_text(c.args)
    ]
    mark = box.slack.mark()
    box.driver.choose_user(dm.args, "person_hand_over", TOM, user=DIRECTOR, channel="D0CLAIRE", ts=dm.result["ts"])
    assert owners(box) == {1: {TOM}, 2: {TOM, MARIE}, 3: {MARIE}}
    posted = [all_text(c.args) for c in box.slack.since(mark) if c.method == "chat.postMessage"]
    notice = [p for p in posted if "#1, #2" in p]
    assert len(notice) == 1 and "<@U0TOM>" in notice[0]
    assert pending_for(box, TOM)  # the new owner's reminders are planned
    updated = {c.args["ts"] for c in box.slack.since(mark) if c.method == "chat.update"}
    assert len(updated) == 2  # both actions' posts show their new owner


def test_reassign_hands_every_open_action_over_and_only_the_director_may(box):
    karims_actions(box)
    refused = answer(command(box, "/action", "reassign <@U0KARIM|karim> <@U0TOM|tom>", user=MARIE))
    assert "Seul le directeur" in refused and owners(box)[1] == {KARIM}
    calls = command(box, "/action", "réassigner <@U0KARIM|karim> à <@U0TOM|tom>", user=DIRECTOR)
    assert owners(box) == {1: {TOM}, 2: {TOM, MARIE}, 3: {MARIE}}
    (notice,) = [all_text(c.args) for c in calls if c.method == "chat.postMessage" and c.args["channel"] == CHANNEL]
    assert "2 actions ouvertes" in notice
    again = answer(command(box, "/action", "reassign <@U0KARIM|karim> <@U0TOM|tom>", user=DIRECTOR))
    assert "aucune action ouverte" in again


def test_the_digest_home_and_canvas_flag_a_deactivated_owners_actions(box):
    karims_actions(box)
    deactivate(box, KARIM)
    mark = box.slack.mark()
    command(box, "/digest", "send", user=DIRECTOR)
    deliverer(box).tick()
    (digest,) = [all_text(c.args) for c in box.slack.since(mark) if c.args.get("channel") == DIRECTOR]
    assert "<@U0KARIM> (compte désactivé)" in digest and "<@U0MARIE> (compte" not in digest
    box.clock.advance(timedelta(minutes=2))
    deliverer(box).tick()
    canvas = box.slack.channel_canvas(CHANNEL).markdown
    assert "**![](@U0KARIM)** (compte désactivé)" in canvas
    mark = box.slack.mark()
    box.driver.event({"type": "app_home_opened", "user": DIRECTOR, "tab": "home"})
    (home,) = [all_text(c.args) for c in box.slack.since(mark) if c.method == "views.publish"]
    assert "<@U0KARIM> (compte désactivé)" in home
