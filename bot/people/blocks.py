"""Block Kit for a person's own settings. Pure."""
from __future__ import annotations

from bot.blocks import context, input_block, modal, plain
from bot.i18n import t
from bot.notices import Prefs


def prefs_modal(prefs: Prefs, lang: str) -> dict:
    options = [{"text": plain(t(lang, f"prefs.{name}")), "value": name}
               for name in ("before", "due", "overdue", "summary")]
    chosen = [o for o in options if getattr(prefs, o["value"])]
    element = {"type": "checkboxes", "action_id": "value", "options": options}
    if chosen:
        element["initial_options"] = chosen
    return modal("user_prefs", lang, "modal.prefs_title", [
        context(t(lang, "prefs.intro")), input_block("reminders", t(lang, "prefs.label"), element, optional=True)])
