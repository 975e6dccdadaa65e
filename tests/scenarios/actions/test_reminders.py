"""An action's reminders as their owners read them, delivered by a clock: a due date moved off a weekend
says when it is due; a due time is said at the owner's clock."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import CHANNEL, MARIE, PARIS, TOM
from tests.scenarios.steps import command, deliverer, texts
from tests.slackcheck import all_text, dates


def test_a_due_reminder_moved_to_friday_says_when_it_is_due(box):
    command(box, "/action", "Envoyer la synthèse pour dimanche 06/12")
    box.clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=PARIS))  # Friday, when work starts
    deliverer(box).tick()
    (reminder,) = [text for text in texts(box, MARIE) if "Envoyer la synthèse" in text]
    assert "À faire pour dim. 6 déc." in reminder and "aujourd'hui" not in reminder


def test_a_due_time_is_a_token_in_the_channel_and_the_owners_own_time_in_their_dm(box):
    """Tom (New York) owns it: the channel's post shows the due time in each reader's zone over the mission's
    words; his reminder, by DM, says it in his own words at his own clock, with no token."""
    command(box, "/action", "Relire la note <@U0TOM|tom> pour 03/12 15h")
    due = datetime(2026, 12, 3, 15, 0, tzinfo=PARIS)
    (post,) = [c.args for c in box.slack.calls("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert dates(post) == [(due, "{date_short_pretty} {time}", "jeu. 3 déc., 15h")]
    box.clock.set(datetime(2026, 12, 3, 14, 0, tzinfo=PARIS))  # an hour before
    deliverer(box).tick()
    reminders = [c.args for c in box.slack.calls("chat.postMessage") if c.args["channel"] == TOM]
    assert reminders and all(dates(r) == [] for r in reminders)
    assert "Thu 3 Dec, 09:00" in all_text(reminders[-1])
