"""Action items: created in French and English, with dates the grammar reads and typos it refuses; a
button in a DM, a date in the past confirmed, a message turned into an action, the lists."""

from __future__ import annotations

from sandbox.standin import BOT_USER
from testing.demo.player import CHANNEL, CLAIRE, KARIM, MARIE, TOM, Player, last


def actions(p: Player) -> None:
    say, drive = p.say, p.drive
    calls = say.command(
        MARIE, "/action", "Réserver l'hémicycle pour le séminaire de lancement <@U0KARIM|karim> pour vendredi"
    )
    karims_dm = last(calls, "chat.postMessage")

    say.command(
        TOM,
        "/action",
        "Confirm the moderators of the 6 thematic workshops <@U0TOM|tom> <@U0MARIE|marie> by 04/12 2pm",
        note="Tom is in London",
    )

    say.command(
        MARIE,
        "/action",
        "Préparer le plan média &amp; les invitations (800 participants) <!channel> avant 15/12 14h30",
        note="typed @channel is shown, never pinged",
    )

    say.command(KARIM, "/action", "list")

    say.command(
        MARIE,
        "/action",
        "Ajouter les logos des partenaires au programme <@U0KARIM|karim> pour vendredi",
        note="an action item that starts with a command word",
    )
    say.command(KARIM, "/action", "Relancer la CCI pour les intervenants dans 3 jours")
    say.command(MARIE, "/action", "Envoyer le compte rendu du COPIL aux élus J+7")
    say.command(MARIE, "/action", "Appeler la préfecture pour mrdi", note="a typo in the date")
    say.command(MARIE, "/action", "due 3 29/02/2027")
    say.command(
        MARIE,
        "/action",
        f"Relancer le service communication <@{BOT_USER}|concerto>",
        note="the bot cannot own an action",
    )
    say.command(CLAIRE, "/action", "list <@U0KARIM|karim>")

    say.command(KARIM, "/action", "edit 2 Liste des animateurs", note="not his action")

    mark = say.step(KARIM, "clicks [ Terminé ] in his DM about action #1")
    drive.click_button(
        karims_dm.args, "action_done", user=KARIM, channel=karims_dm.result["channel"], ts=karims_dm.result["ts"]
    )
    say.show(mark, KARIM)

    say.command(TOM, "/action", "due 3 someday")

    prompt = last(say.command(MARIE, "/action", "Rédiger la synthèse de la réunion de cadrage pour 27/11"), "respond")
    mark = say.step(MARIE, "clicks [ Créer quand même ]")
    drive.click_button(prompt.args, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="0")
    say.show(mark, MARIE)

    message = "Il faut relancer la CCI et la CMA pour les intervenants de la table ronde n°2"
    mark = say.step(MARIE, f"⋯ › Create action item, on Claire's message « {message} »")
    drive.message_shortcut(
        "create_action_item",
        user=MARIE,
        channel=CHANNEL,
        message_text=message,
        message_ts="1700000100.000100",
        author=CLAIRE,
    )
    form = last(say.show(mark, MARIE), "views.update").args["view"]
    mark = say.step(MARIE, "picks Tuesday 8 December and submits the form")
    drive.submit(
        form,
        {
            "text": {"type": "plain_text_input", "value": message},
            "owners": {"type": "multi_users_select", "selected_users": [MARIE]},
            "due_date": {"type": "datepicker", "selected_date": "2026-12-08"},
            "due_time": {"type": "timepicker", "selected_time": None},
        },
        user=MARIE,
    )
    say.show(mark, MARIE)

    say.command(CLAIRE, "/action", "list all")
