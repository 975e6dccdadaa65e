"""The registry of kinds: which feature composes the rows of each entity (and reads at once for a round of
them, keeps what Slack answered, plans the next of a recurring notice). Each feature owns its notices, in
bot/<feature>/notices.py; the scheduler knows them only by this table. A new kind of notice is a feature's
`NoticeKind` and one line here."""

from __future__ import annotations

from bot.actions import notices as actions
from bot.canvas import notices as canvas
from bot.digests import notices as digests
from bot.home import notices as home
from bot.meetings import notices as meetings
from bot.missions import bookmarks
from bot.missions import notices as missions
from bot.notices import NoticeKind
from bot.phases import notices as phases

KINDS: dict[str, NoticeKind] = {
    "action": actions.KIND,
    "meeting": meetings.KIND,
    "milestone": phases.KIND,
    "digest": digests.KIND,
    "summary": home.KIND,
    "canvas": canvas.KIND,
    "mission": missions.ANNOUNCEMENT_KIND,
    "problems": missions.PROBLEMS_KIND,  # what could not be delivered, told to the director
    bookmarks.ENTITY: missions.BOOKMARKS_KIND,
}
RECURRING = tuple(entity for entity, kind in KINDS.items() if kind.plan_next)  # a settled one plans the next
