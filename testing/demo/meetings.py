"""Meetings and the mission plan typed by hand: a weekly one, a COTECH, a public debate with its own
reminders, a workshop too long to be one; a phase and its milestone."""

from __future__ import annotations

from testing.demo.player import CLAIRE, KARIM, TOM, Player


def meetings(p: Player) -> None:
    say = p.say
    say.command(
        CLAIRE,
        "/meeting",
        'add weekly "Réunion de coordination" tous les mardis 9h30 pendant 1h lieu Hôtel de Région, salle 204',
    )

    say.command(TOM, "/meeting", 'add cotech "COTECH n°2" on 10/12 14:00 for 2h where Salle des commissions')

    say.command(KARIM, "/meeting", "agenda 1 add Choix du lieu du séminaire de lancement")
    say.command(
        CLAIRE,
        "/meeting",
        'add debate "Débat « Finistère 2030 »" le 12/01/2027 18h pendant 2h30 lieu Hémicycle avec <@U0MARIE|marie>',
    )
    say.command(CLAIRE, "/meeting", "edit 3 rappels -7j -1j@16h")
    say.command(TOM, "/meeting", 'add workshop "Atelier mobilités" le 10/12 14h pendant 30h')
    say.command(CLAIRE, "/phase", 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
    say.command(CLAIRE, "/phase", 'milestone add 1 "Salle du séminaire réservée" 03/12 <@U0KARIM|karim>')
