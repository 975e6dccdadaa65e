"""Claire sets the mission up: the form refuses the bot as project director, then takes her."""

from __future__ import annotations

from sandbox.standin import BOT_USER
from testing.demo.player import CHANNEL, CLAIRE, Player, last
from testing.harness import setup_values


def setup(p: Player) -> None:
    mark = p.say.step(CLAIRE, "/concerto setup")
    p.drive.command("/concerto", "setup", user=CLAIRE, channel=CHANNEL)
    form = last(p.say.show(mark, CLAIRE), "views.update").args["view"]
    values = setup_values(CLAIRE)
    p.say.step(CLAIRE, "picks Concerto itself as project director by mistake and saves the form")
    refused = p.drive.submit(
        form, {**values, "director": {"type": "users_select", "selected_user": BOT_USER}}, user=CLAIRE
    )
    print("  — the form stays open, under the director field:\n    " + refused.json()["errors"]["director"])
    mark = p.say.step(CLAIRE, "names herself project director and saves the form")
    p.drive.submit(form, values, user=CLAIRE)
    p.say.show(mark, CLAIRE)
