"""Block Kit for a person's own settings. Pure."""

from __future__ import annotations

from bot.blocks import context, input_block, modal, option
from bot.i18n import N_, t
from bot.notices import Prefs
from bot.payloads import Json

REMINDER_CHOICES = {
    "before": N_("prefs.before"),
    "due": N_("prefs.due"),
    "overdue": N_("prefs.overdue"),
    "summary": N_("prefs.summary"),
}


def prefs_modal(prefs: Prefs, lang: str) -> Json:
    options = [option(t(lang, label), name) for name, label in REMINDER_CHOICES.items()]
    chosen = [o for o in options if getattr(prefs, o["value"])]
    element = {"type": "checkboxes", "action_id": "value", "options": options}
    if chosen:
        element["initial_options"] = chosen
    return modal(
        "user_prefs",
        lang,
        "modal.prefs_title",
        [context(t(lang, "prefs.intro")), input_block("reminders", t(lang, "prefs.label"), element, optional=True)],
    )
