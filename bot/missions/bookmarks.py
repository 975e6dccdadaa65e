"""The mission channel's bookmarks: the mission canvas, and the page that tells each person how to get their
own calendar link (the feed's URL holds a secret, so no bookmark carries it). Set up by `/concerto setup`,
kept current when the canvas gets its id, never duplicated.

No table remembers them: Slack's list is the record. A sync (an outbox row, written with the setup) reads
`bookmarks.list` when it goes and matches each wanted bookmark to one there by its link, or by one of its
titles in any language (a bookmark of ours whose link changed); it adds what is missing and edits what
changed. A title someone gave our bookmark is theirs to keep. Where Slack refuses (a scope, the workspace's
plan or rules, the channel), the row fails with Slack's reason; the person who ran the setup is told once,
not again while the next syncs fail the same way (`refusal_to_tell`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import LANGUAGES, N_, t
from bot.outbox import plan_now
from storage.db import Session
from storage.models import Mission, Notification, id_of
from storage.outbox import latest_rows

KIND = "bookmarks.sync"
ENTITY = "bookmarks"  # its entity_id is the mission's
SLOTS = {  # what each bookmark is, by its title's msgid and emoji
    "canvas": (N_("bookmark.canvas"), ":bookmark_tabs:"),
    "calendar": (N_("bookmark.calendar"), ":calendar:"),
}
REFUSALS = {  # Slack's reason -> what the person who ran the setup is told
    "missing_scope": N_("bookmark.no_scope"),
    "channel_not_found": N_("bookmark.no_channel"),
    "not_in_channel": N_("bookmark.no_channel"),
    "is_archived": N_("bookmark.no_channel"),
    "too_many_bookmarks": N_("bookmark.too_many"),
    "too_many_tabs": N_("bookmark.too_many"),
}
REFUSED = N_("bookmark.refused")  # anything else Slack refuses for good (not_allowed, restricted_action …)


@dataclass(frozen=True)
class Bookmark:
    slot: str
    title: str
    link: str
    emoji: str


@dataclass(frozen=True)
class Change:
    """`bookmarks.add` (no `bookmark_id`) or `bookmarks.edit` of one of ours."""

    bookmark: Bookmark
    bookmark_id: str | None = None
    retitle: bool = True


def wanted(lang: str, *, canvas_link: str | None, calendar_page: str | None) -> list[Bookmark]:
    """The bookmarks the channel should have, as far as they are known now (the canvas once Slack has it)."""
    links = {"canvas": canvas_link, "calendar": calendar_page}
    return [Bookmark(slot, t(lang, SLOTS[slot][0]), link, SLOTS[slot][1]) for slot, link in links.items() if link]


def reconcile(existing: list[dict], want: list[Bookmark]) -> list[Change]:
    """What to add and edit so that each wanted bookmark is there once. Pure.

    A wanted bookmark is the one there with its link, else one with a title of its slot (any language: its
    link changed). Found by its link, it is retitled only from one of our titles (the language changed)."""
    taken: set[str] = set()
    changes = []
    for w in want:
        ours = {t(lang, SLOTS[w.slot][0]) for lang in LANGUAGES}
        free = [b for b in existing if b.get("id") not in taken]
        found = next((b for b in free if b.get("link") == w.link), None) or next(
            (b for b in free if b.get("title") in ours), None
        )
        if found is None:
            changes.append(Change(w))
            continue
        taken.add(found["id"])
        retitle = found.get("title") != w.title and found.get("title") in ours
        if found.get("link") != w.link or retitle:
            changes.append(Change(w, found["id"], retitle))
    return changes


def calendar_page(public_url: str | None) -> str | None:
    """The page that says how to get one's own calendar link (concerto.web), where the app is reachable."""
    return f"{public_url}/calendar/subscribe" if public_url else None


def plan_bookmarks(session: Session, mission: Mission, now: datetime, *, calendar: str | None) -> None:
    """A sync of the channel's bookmarks, due at once (written with the change that calls for it); one pending
    sync covers every change before it goes, as it reads the canvas when it goes."""
    payload = json.dumps({"calendar": calendar})
    last = latest_rows(session, mission.team_id, ENTITY, id_of(mission), KIND, 1)
    if last and last[0].state == "pending":
        last[0].payload, last[0].updated_at = payload, now
        return
    after = last[0].id if last else 0  # two setups in one instant (a manual clock) still make two syncs
    plan_now(
        session,
        team_id=mission.team_id,
        mission_id=mission.id,
        entity=ENTITY,
        entity_id=id_of(mission),
        key=f"bookmarks:{mission.id}:{now:%Y%m%dT%H%M%S%f}:{after}",
        kind=KIND,
        target=mission.channel_id,
        now=now,
        payload=payload,
    )


def canvas_got_its_id(session: Session, mission: Mission, now: datetime) -> None:
    """The mission canvas was created (or made again) in Slack: its bookmark follows, with the calendar page the
    last setup gave. A mission never set up since bookmarks came gets them at its next setup."""
    last = latest_rows(session, mission.team_id, ENTITY, id_of(mission), KIND, 1)
    if last:
        plan_bookmarks(session, mission, now, calendar=json.loads(last[0].payload or "{}").get("calendar"))


def refusal_to_tell(session: Session, mission: Mission) -> str | None:
    """What to tell the person who just ran the setup, if Slack refused its sync for good; None if it went,
    is still to go, or the sync before it was refused for the same reason (they were told then)."""
    rows = latest_rows(session, mission.team_id, ENTITY, id_of(mission), KIND, 2)
    if not rows or rows[0].state != "failed":
        return None
    reason = _reason(rows[0])
    if len(rows) > 1 and rows[1].state == "failed" and _reason(rows[1]) == reason:
        return None
    return REFUSALS.get(reason, REFUSED)


def _reason(row: Notification) -> str:
    return (row.last_error or "").split(" ", 1)[0]
