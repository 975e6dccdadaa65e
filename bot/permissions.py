"""Who may do what in a mission: every rule in one place. Pure: Slack user ids in, yes or no out.

The project director (`director`, None until `/concerto setup` names one) may do anything in their
mission. Until one is named the team organises itself: anyone may set the mission up, plan it and
export its log. Anyone may create actions, add agenda items and tick them off, and read lists,
agendas, the decision register, the plan and the calendar feed. A workspace admin (or owner) may always
repair a mission's setup, so a wrong director named once is never stuck. Only real people, active and known
to Slack, may be named director or own actions: not a bot, not a deactivated account, not an unknown id.
Services ask here, then raise `Refused` with their own message.
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


def may_change_meeting(actor: str, *, director: str | None, organiser: str) -> bool:
    """Edit, cancel or move an occurrence, end, delete, record decisions: the organiser or the director."""
    return actor in (organiser, director)


def may_change_milestone(actor: str, *, director: str | None, owner: str | None, creator: str) -> bool:
    """Mark done, reopen or delete a milestone: its owner, its creator or the director."""
    return actor in (owner, creator, director)


def may_change_plan(actor: str, *, director: str | None) -> bool:
    """Add, move, rename or delete phases, add milestones, set the alert days."""
    return _director_once_named(actor, director)


def may_set_up(actor: str, *, director: str | None, admin: bool = False) -> bool:
    """Open and save the mission's settings (naming its director), renew its calendar feed's secret: the
    director once named, and a workspace admin always."""
    return admin or _director_once_named(actor, director)


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
