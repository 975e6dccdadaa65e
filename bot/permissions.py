"""Who may do what in a mission: every rule in one place. Pure: Slack user ids in, yes or no out.

The project director (`director`, None until `/concerto setup` names one) may do anything in their
mission. Until one is named the team organises itself: anyone may set the mission up, plan it and
export its log. A sitting's minutes are approved (or sent back) by the client's validator the organiser or
the director named, and by nobody else. Anyone may create actions, add agenda items and tick them off, and read lists,
agendas, the decision register, the plan and the calendar feed. A workspace admin (or owner) of the workspace
that owns a mission may always repair its setup, so a wrong director named once is never stuck. Only real
people, active and known to Slack, may be named director or own actions: not a bot, not a deactivated
account, not an unknown id. Services ask here, then raise `Refused` with their own message.

Before any of that, a request must reach what it acts on (`may_reach`): the mission of the channel Slack
says it came from, and nothing of another channel's; from a DM or the App Home, only what concerns the
person asking. Ids a payload carries (a button's value, a form's metadata) are never trusted for more.
"""

from __future__ import annotations

from collections.abc import Iterable


def _director_once_named(actor: str, director: str | None) -> bool:
    return not director or actor == director


def _director_only(actor: str, director: str | None) -> bool:
    return bool(director) and actor == director


def may_change_action(actor: str, *, director: str | None, creator: str, owners: Iterable[str]) -> bool:
    """Done, snooze, reopen, reassign, re-date, edit or delete an action: its creator, an owner, the director."""
    return actor == creator or actor in tuple(owners) or actor == director


def may_hand_over(actor: str, *, director: str | None) -> bool:
    """Hand every open action of one person to another at once (someone leaves): the director only."""
    return _director_only(actor, director)


def may_change_meeting(actor: str, *, director: str | None, organiser: str) -> bool:
    """Edit, cancel or move an occurrence, end, delete, record decisions: the organiser or the director."""
    return actor in (organiser, director)


def may_ask_approval(actor: str, *, director: str | None, organiser: str) -> bool:
    """Name who approves a meeting's minutes for the client, submit a sitting's minutes to them: the
    organiser or the director."""
    return actor in (organiser, director)


def may_approve_minutes(actor: str, *, validator: str | None) -> bool:
    """Approve submitted minutes, or ask for a change: the person they were submitted to, whoever else
    clicks (the director and the organiser too); nobody while no one is named."""
    return bool(validator) and actor == validator


def may_change_milestone(actor: str, *, director: str | None, owner: str | None, creator: str) -> bool:
    """Mark done, reopen or delete a milestone: its owner, its creator or the director."""
    return actor in (owner, creator, director)


def may_change_plan(actor: str, *, director: str | None) -> bool:
    """Add, move, rename or delete phases, add milestones, set the alert days."""
    return _director_once_named(actor, director)


def may_set_up(actor: str, *, director: str | None, admin: bool = False, guest: bool = False) -> bool:
    """Open and save the mission's settings (naming its director), renew its calendar feed's secret: the
    director once named, and an admin of the workspace that owns the mission always (`admin`, see
    `admin_here`). Before a director is named, anyone of the organisation that owns it, not a `guest` (a
    person of another organisation sharing its Slack Connect channel)."""
    if admin or director:
        return admin or actor == director
    return not guest


def may_reach(actor: str, *, came_from: str | None, home: str, concerned: Iterable[str]) -> bool:
    """Whether a request may act on something of the mission whose channel is `home`. `came_from` is the
    mission channel Slack says the request came from (a command's, a click's, a shortcut's; a form's is the
    one it was opened from, as recorded then): such a request reaches that mission only. From a DM or the
    App Home (`came_from` None), only what concerns the person asking: an action's creator and owners, a
    meeting's organiser and attendees, a milestone's owner and creator, the mission's director."""
    if came_from is not None:
        return came_from == home
    return actor in set(concerned)


def workspace_reaches(team: str, *, owner: str, sharing: Iterable[str]) -> bool:
    """A workspace reaches the missions it owns and those of the Slack Connect channels its requests came
    from (`sharing`): never another organisation's, whatever ids a request carries."""
    return team == owner or team in set(sharing)


def admin_here(*, admin: bool, home_team: str | None, owner: str) -> bool:
    """A workspace admin's rights count in the missions of their own workspace (users.info's `team_id`),
    not in those of another organisation that shares a channel with it."""
    return admin and home_team is not None and home_team == owner


def guest_of(*, home_team: str | None, home_enterprise: str | None, owner: str, owner_enterprise: str | None) -> bool:
    """Whether a person is of another organisation than the one that owns a mission (a Slack Connect
    guest): neither of its workspace nor of its Grid organisation. Someone whose workspace Slack has not
    told (users.info unreachable) is not taken for a guest."""
    if home_team is None or home_team == owner:
        return False
    return home_enterprise is None or home_enterprise != owner_enterprise


def is_a_person(*, known: bool, is_bot: bool, deleted: bool) -> bool:
    """Who may be named project director or own an action: someone Slack knows, active, not a bot."""
    return known and not is_bot and not deleted


def may_export(actor: str, *, director: str | None) -> bool:
    """Post the action and decision log to the channel."""
    return _director_once_named(actor, director)


def may_steer_digest(actor: str, *, director: str | None) -> bool:
    """Set the digest's rhythm and sections, send it now, nudge someone from it: the director only,
    so nobody until one is named."""
    return _director_only(actor, director)


def sees_team(actor: str, *, director: str | None) -> bool:
    """The whole team's picture (the team digest, everyone's open counts on the Home): the director's."""
    return _director_only(actor, director)
