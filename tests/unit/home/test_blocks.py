"""The App Home: no heading over nothing."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.home.blocks import home_view
from bot.home.values import HomeData, MissionGlance
from storage.models import Mission

CTX = Context("fr", ZoneInfo("Europe/Paris"), datetime(2026, 12, 3, 9, tzinfo=timezone.utc))


def texts(view: dict) -> list[str]:
    found = []
    for block in view["blocks"]:
        if block["type"] in ("section", "header"):
            found.append(block["text"]["text"])
        elif block["type"] == "context":
            found.extend(e["text"] for e in block["elements"])
    return found


def nothing(**given) -> HomeData:
    return HomeData(**{"actions": [], "total_actions": 0, "overdue": 0, "meetings": [], "missions": [], **given})


def test_someone_with_nothing_yet_is_told_how_to_begin_under_no_empty_heading():
    shown = texts(home_view(nothing(), CTX))
    assert shown[0] == "Concerto" and len(shown) == 2
    assert "/invite @Concerto" in shown[1] and "/concerto setup" in shown[1]


def test_an_empty_list_is_one_line_not_a_heading_and_a_mission_without_a_plan_says_so():
    mission = Mission(team_id="T1", channel_id="C1", timezone="Europe/Paris", language="fr")
    shown = texts(home_view(nothing(missions=[MissionGlance(mission, None, None, None)]), CTX))
    assert not any(s.startswith("*Vos actions") or s.startswith("*Vos prochaines") for s in shown)
    assert "Rien d'ouvert pour vous. Notez une action avec /action." in shown
    assert "Aucune réunion pour vous dans les deux semaines." in shown
    assert shown[-1].startswith("*<#C1>*\nPas encore de plan")
