"""Who may do what: every rule of bot/permissions.py, as one table of (who, what, situation) → allowed."""

from __future__ import annotations

import pytest

from bot import permissions as p

DIRECTOR, CREATOR, OWNER, ORGANISER, OTHER = "U_DIR", "U_CREATOR", "U_OWNER", "U_ORG", "U_OTHER"
VALIDATOR = "U_CLIENT"  # the client's validator of a meeting's minutes (another organisation, say)
LED = {"director": DIRECTOR}  # a mission whose project director has been named
UNLED = {"director": None}  # … and one whose has not
ACTION = {"creator": CREATOR, "owners": (OWNER, "U_OWNER2")}
MEETING = {"organiser": ORGANISER}
MILESTONE = {"owner": OWNER, "creator": CREATOR}
LOOSE_MILESTONE = {"owner": None, "creator": CREATOR}  # nobody owns it

TABLE = [
    # an action: its creator, an owner, the director; nobody else, director or not
    (CREATOR, p.may_change_action, {**LED, **ACTION}, True),
    (OWNER, p.may_change_action, {**LED, **ACTION}, True),
    ("U_OWNER2", p.may_change_action, {**LED, **ACTION}, True),
    (DIRECTOR, p.may_change_action, {**LED, **ACTION}, True),
    (OTHER, p.may_change_action, {**LED, **ACTION}, False),
    (OTHER, p.may_change_action, {**UNLED, **ACTION}, False),
    (CREATOR, p.may_change_action, {**UNLED, **ACTION}, True),
    # a meeting: its organiser or the director
    (ORGANISER, p.may_change_meeting, {**LED, **MEETING}, True),
    (DIRECTOR, p.may_change_meeting, {**LED, **MEETING}, True),
    (OTHER, p.may_change_meeting, {**LED, **MEETING}, False),
    (OTHER, p.may_change_meeting, {**UNLED, **MEETING}, False),
    (ORGANISER, p.may_change_meeting, {**UNLED, **MEETING}, True),
    # a meeting's validator named, a sitting's minutes submitted to them: the organiser or the director
    (ORGANISER, p.may_ask_approval, {**LED, **MEETING}, True),
    (DIRECTOR, p.may_ask_approval, {**LED, **MEETING}, True),
    (OTHER, p.may_ask_approval, {**LED, **MEETING}, False),
    (OTHER, p.may_ask_approval, {**UNLED, **MEETING}, False),
    # submitted minutes approved or sent back: the validator they went to, nobody else, not even the director
    (VALIDATOR, p.may_approve_minutes, {"validator": VALIDATOR}, True),
    (DIRECTOR, p.may_approve_minutes, {"validator": VALIDATOR}, False),
    (ORGANISER, p.may_approve_minutes, {"validator": VALIDATOR}, False),
    (OTHER, p.may_approve_minutes, {"validator": None}, False),
    ("", p.may_approve_minutes, {"validator": ""}, False),  # no one named: no empty id matches
    # a milestone: its owner, its creator or the director
    (OWNER, p.may_change_milestone, {**LED, **MILESTONE}, True),
    (CREATOR, p.may_change_milestone, {**LED, **MILESTONE}, True),
    (DIRECTOR, p.may_change_milestone, {**LED, **MILESTONE}, True),
    (OTHER, p.may_change_milestone, {**LED, **MILESTONE}, False),
    (OTHER, p.may_change_milestone, {**UNLED, **LOOSE_MILESTONE}, False),
    (CREATOR, p.may_change_milestone, {**UNLED, **LOOSE_MILESTONE}, True),
    # the plan (phases, milestones added, alert days), setup, the export: the director once named, anyone before
    (DIRECTOR, p.may_change_plan, LED, True),
    (OTHER, p.may_change_plan, LED, False),
    (OTHER, p.may_change_plan, UNLED, True),
    (DIRECTOR, p.may_set_up, LED, True),
    (OTHER, p.may_set_up, LED, False),
    (OTHER, p.may_set_up, UNLED, True),
    (OTHER, p.may_set_up, {**LED, "admin": True}, True),  # an admin of the owning workspace always repairs it
    (OTHER, p.may_set_up, {**UNLED, "guest": True}, False),  # not someone of the other organisation
    (DIRECTOR, p.may_set_up, {**LED, "guest": True}, True),  # … unless named director
    # what a request reaches: from a mission's channel, that mission only; from a DM or the Home, what
    # concerns the person asking
    (OTHER, p.may_reach, {"came_from": "C1", "home": "C1", "concerned": ()}, True),
    (OWNER, p.may_reach, {"came_from": "C2", "home": "C1", "concerned": (OWNER,)}, False),
    (OWNER, p.may_reach, {"came_from": None, "home": "C1", "concerned": (CREATOR, OWNER)}, True),
    (OTHER, p.may_reach, {"came_from": None, "home": "C1", "concerned": (CREATOR, OWNER)}, False),
    (DIRECTOR, p.may_export, LED, True),
    (OTHER, p.may_export, LED, False),
    (OTHER, p.may_export, UNLED, True),
    # the digest's settings, sending it now, nudging: the director only, so nobody before one is named
    (DIRECTOR, p.may_steer_digest, LED, True),
    (OTHER, p.may_steer_digest, LED, False),
    (OTHER, p.may_steer_digest, UNLED, False),
    # all of one person's open actions to another at once: the director's only
    (DIRECTOR, p.may_hand_over, LED, True),
    (OWNER, p.may_hand_over, LED, False),
    (OTHER, p.may_hand_over, UNLED, False),
    # the team's picture (team digest, everyone's open counts): the director's only
    (DIRECTOR, p.sees_team, LED, True),
    (OTHER, p.sees_team, LED, False),
    (OTHER, p.sees_team, UNLED, False),
]


@pytest.mark.parametrize(
    ("who", "what", "situation", "allowed"),
    TABLE,
    ids=[f"{what.__name__}-{who}-{i}" for i, (who, what, _, _) in enumerate(TABLE)],
)
def test_who_may_do_what(who, what, situation, allowed):
    assert what(who, **situation) is allowed


def test_the_table_covers_every_rule():
    rules = {name for name in dir(p) if name.startswith(("may_", "sees_"))}
    assert rules == {what.__name__ for _, what, _, _ in TABLE}


@pytest.mark.parametrize(
    ("account", "person"),
    [
        ({"known": True, "is_bot": False, "deleted": False}, True),
        ({"known": True, "is_bot": True, "deleted": False}, False),  # the bot itself, or any app
        ({"known": True, "is_bot": False, "deleted": True}, False),  # deactivated
        ({"known": False, "is_bot": False, "deleted": False}, False),  # an id Slack does not know
    ],
)
def test_only_real_people_can_direct_a_mission_or_own_actions(account, person):
    assert p.is_a_person(**account) is person


@pytest.mark.parametrize(
    ("team", "owner", "sharing", "reaches"),
    [
        ("T_AGENCY", "T_AGENCY", (), True),
        ("T_REGION", "T_AGENCY", ("T_REGION",), True),  # its people used the shared channel
        ("T_REGION", "T_AGENCY", (), False),  # another organisation's mission, whatever the ids say
    ],
)
def test_a_workspace_reaches_its_missions_and_the_shared_ones_it_uses(team, owner, sharing, reaches):
    assert p.workspace_reaches(team, owner=owner, sharing=sharing) is reaches


@pytest.mark.parametrize(
    ("admin", "home_team", "counts"),
    [
        (True, "T_AGENCY", True),
        (True, "T_REGION", False),  # the client's admin, in the agency's mission of a shared channel
        (True, None, False),  # users.info did not say whose admin
        (False, "T_AGENCY", False),
    ],
)
def test_admin_rights_count_in_the_missions_of_their_own_workspace(admin, home_team, counts):
    assert p.admin_here(admin=admin, home_team=home_team, owner="T_AGENCY") is counts


@pytest.mark.parametrize(
    ("home_team", "home_enterprise", "guest"),
    [
        ("T_AGENCY", None, False),
        ("T_REGION", None, True),
        ("T_REGION", "E_REGION", True),
        ("T_OTHER_WS", "E_AGENCY", False),  # another workspace of the same Grid organisation
        (None, None, False),  # unknown: taken as before Slack Connect
    ],
)
def test_a_guest_is_of_another_organisation(home_team, home_enterprise, guest):
    assert (
        p.guest_of(home_team=home_team, home_enterprise=home_enterprise, owner="T_AGENCY", owner_enterprise="E_AGENCY")
        is guest
    )
