"""Words and dates: a day an action's text ends with, asked (one click says yes); a delay at its end, read;
a year-less date just gone, confirmed before anything is made; a due date on Christmas Day, noted with the
working day before it one click away."""

from __future__ import annotations

from datetime import datetime

from testing.demo.player import CHANNEL, MARIE, PARIS, TOM, Player, last


def words(p: Player) -> None:
    say, drive = p.say, p.drive
    p.box.clock.set(datetime(2026, 12, 16, 9, 30, tzinfo=PARIS))
    asked = say.command(MARIE, "/action", "Appeler le préfet vendredi", note="his day, or the due date? the bot asks")
    mark = say.step(MARIE, "clicks [ Oui, pour ven. 18 déc. ]")
    drive.click_button(last(asked, "respond").args, "action_trailing_due", user=MARIE, channel=CHANNEL, ts="1")
    say.show(mark, MARIE)
    say.command(MARIE, "/action", "Relancer les intervenants fin de semaine", note="a span at the end: read")
    past = say.command(TOM, "/action", "Send the seminar budget by 10/12", note="six days ago: a slip, or late?")
    mark = say.step(TOM, "clicks [ Create anyway ]")
    drive.click_button(last(past, "respond").args, "action_confirm_past", user=TOM, channel=CHANNEL, ts="1")
    say.show(mark, TOM)
    holiday = say.command(MARIE, "/action", "Réserver la salle des débats pour le 25/12", note="Christmas Day")
    mark = say.step(MARIE, "clicks [ Avancer au jeu. 24 déc. ]")
    note = [c.args for c in holiday if c.method == "respond" and "action_due_working_day" in str(c.args)][-1]
    drive.click_button(note, "action_due_working_day", user=MARIE, channel=CHANNEL, ts="1")
    say.show(mark, MARIE)
