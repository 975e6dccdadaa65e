"""What a closed channel does to its mission, and how the director and the titles say it: pure rules."""

from __future__ import annotations

import pytest

from bot.i18n import N_
from bot.missions.blocks import channel_held, channel_resumed, naming_channel
from bot.missions.rules import why_held


@pytest.mark.parametrize(
    ("archived", "removed", "why"),
    [(False, False, None), (True, False, "archived"), (False, True, "removed"), (True, True, "archived")],
)
def test_a_mission_is_held_while_its_channel_is_archived_or_the_bot_out_of_it(archived, removed, why):
    assert why_held(archived=archived, removed=removed) == why


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_director_s_notices_name_the_channel(lang):
    for msg in (channel_held("C0MISSION", "archived", lang=lang), channel_held("C0MISSION", "removed", lang=lang)):
        assert "<#C0MISSION>" in msg["text"]
    assert "<#C0MISSION>" in channel_resumed("C0MISSION", lang=lang)["text"]


def test_a_title_names_the_channel_once_slack_told_its_name():
    plain, named = N_("canvas.title"), N_("canvas.title_of")
    assert naming_channel("en", plain, named, None) == "Mission dashboard"
    assert naming_channel("en", plain, named, "concertation") == "Mission dashboard — #concertation"
