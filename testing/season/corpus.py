"""What the team types, in French and in English: the work of a consultation (its seminar, workshops,
debates, forum, committees), and the ways people say when it is due."""

from __future__ import annotations

TASKS = {
    "fr": [
        "Relancer la CCI pour les intervenants de la table ronde",
        "Préparer le déroulé du séminaire de lancement",
        "Envoyer les invitations de l'atelier numérique",
        "Réserver la salle du débat départemental",
        "Mettre à jour le rétroplanning",
        "Rédiger la synthèse de l'atelier tourisme",
        "Valider le plan média avec la direction de la communication",
        "Préparer les supports du comité technique",
        "Modérer les contributions du forum en ligne",
        "Relire le compte rendu du comité élu",
        "Confirmer les animateurs des ateliers",
        "Mettre en forme la note d'orientation",
    ],
    "en": [
        "Send the workshop invitations",
        "Confirm the moderators of the round table",
        "Draft the summary of the forum contributions",
        "Book the room for the departmental debate",
        "Update the project timeline",
        "Prepare the slides for the technical committee",
        "Check the minutes of the elected committee",
        "Collect the speakers' biographies",
    ],
}

DUES = {
    "fr": ["pour vendredi", "pour demain", "avant lundi prochain", "dans 3 jours", "J+7", "pour le {day}", ""],
    "en": ["by friday", "by tomorrow", "by next monday", "in 3 days", "J+7", "by {day}", ""],
}

# what a Workflow Builder form's "when" field holds: empty, words the grammar reads, and some it must refuse
STEP_DUES = [
    "",
    "",
    "vendredi",
    "dans 3 jours",
    "J+7",
    "fin de semaine",
    "next monday",
    "31/02",
    "la semaine des 4 jeudis",
]

AGENDA = {
    "fr": ["Point sur les inscriptions", "Calendrier des ateliers", "Budget du séminaire", "Retours du forum"],
    "en": ["Registrations so far", "Workshop calendar", "Seminar budget", "Forum feedback"],
}

DECISIONS = {
    "fr": [
        "Le séminaire garde son programme",
        "Les ateliers passent à 25 participants",
        "La synthèse sera présentée au comité élu",
    ],
    "en": [
        "The seminar keeps its programme",
        "The workshops grow to 25 people",
        "The summary goes to the elected committee",
    ],
}
