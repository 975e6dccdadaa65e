"""Someone away: `/concerto absent du … au …` holds what is sent to them until they are back (then it goes once,
as after a downtime), says which of their actions fall due meanwhile, to them and to the director, and the
digest shows them away; `/concerto absent fin` ends it, and what waited goes at once."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import DIRECTOR, KARIM, PARIS
from tests.scenarios.steps import command, deliverer, direct, texts
from tests.slackcheck import all_text, only


def dms(box, user: str, mark) -> list[str]:
    return [
        all_text(c.args) for c in box.slack.since(mark) if c.method == "chat.postMessage" and c.args["channel"] == user
    ]


def test_an_absence_holds_reminders_until_the_return_and_is_said_to_the_owner_and_the_director(box):
    direct(box)
    command(box, "/action", "Relancer la préfecture <@U0KARIM|karim> pour mercredi 09/12")
    command(box, "/action", "Réserver la salle <@U0KARIM|karim> pour 18/12")
    reply = all_text(only(command(box, "/concerto", "absent du 07/12 au 11/12", user=KARIM), "respond").args)
    assert "lun. 7 déc. au ven. 11 déc." in reply and "Relancer la préfecture" in reply
    assert "Réserver la salle" not in reply  # due after the return
    clock = deliverer(box)
    clock.tick()
    (told,) = [t for t in texts(box, DIRECTOR) if "absent" in t]
    assert "<@U0KARIM>" in told and "<#C0MISSION>" in told and "Relancer la préfecture" in told

    mark = box.slack.mark()
    for day in (8, 9, 10):  # Karim's reminders fall due while he is away: held
        box.clock.set(datetime(2026, 12, day, 9, 0, tzinfo=PARIS))
        clock.tick()
    assert dms(box, KARIM, mark) == []
    command(box, "/digest", "send", user=DIRECTOR)
    clock.tick()
    (digest,) = [t for t in dms(box, DIRECTOR, mark) if "Point" in t or "ouverte" in t]
    assert "<@U0KARIM> (absent·e jusqu'au ven. 11 déc.)" in digest

    box.clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=PARIS))  # Monday: back at work
    clock.tick()
    back = dms(box, KARIM, mark)
    assert back and all("Relancer la préfecture" in t for t in back)
    assert len(back) == 1  # once, as after a downtime: the latest only, the rest dropped as superseded


def test_coming_back_early_lets_what_waited_go_at_once(box):
    direct(box)
    command(box, "/action", "Relancer la préfecture <@U0KARIM|karim> pour mercredi 09/12")
    command(box, "/concerto", "absent du 07/12 au 18/12", user=KARIM)
    clock = deliverer(box)
    box.clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=PARIS))
    mark = box.slack.mark()
    clock.tick()
    assert dms(box, KARIM, mark) == []
    reply = all_text(only(command(box, "/concerto", "absent fin", user=KARIM), "respond").args)
    assert "Bon retour" in reply
    clock.tick()
    assert any("Relancer la préfecture" in t for t in dms(box, KARIM, mark))
