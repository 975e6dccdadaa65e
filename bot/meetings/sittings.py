"""Block Kit for one sitting changed: the channel's notice of a sitting cancelled or moved, and the question
a change that names no sitting gets. Pure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.blocks import button, message, section
from bot.context import Context
from bot.dates import When
from bot.i18n import format_moment, t
from bot.meetings.blocks import meeting_title, when_text
from bot.meetings.values import SittingChange
from bot.payloads import Json
from bot.recurrence import Occurrence
from bot.slacktext import mention

if TYPE_CHECKING:  # in hints only: a pure module reaches no database
    from storage.models import Meeting


def sitting_change(change: SittingChange, *, actor: str, ctx: Context) -> Json:
    """The channel's notice of a sitting cancelled or moved, naming the sitting by its date."""
    title, before = meeting_title(change.meeting), when_text(change.before, ctx)
    if change.after is None:
        return message(t(ctx.lang, "meeting.cancelled", title=title, when=before, user=mention(actor)))
    after = when_text(change.after, ctx)
    return message(t(ctx.lang, "meeting.moved", title=title, before=before, when=after, user=mention(actor)))


def which_sitting(
    meeting: Meeting, sittings: Sequence[Occurrence], to: When | None, *, request: str, ctx: Context
) -> Json:
    """The question a change that names no sitting gets: one button per sitting it could mean, each
    carrying the request that asked (a second click finds it done)."""
    if to is None:
        question = t(ctx.lang, "meeting.which_to_cancel", title=meeting_title(meeting))
    else:
        tz_day = (
            ctx.day(to.day) if to.at is None else format_moment(datetime.combine(to.day, to.at), ctx.lang, ctx.today)
        )
        question = t(ctx.lang, "meeting.which_to_move", title=meeting_title(meeting), to=tz_day)
    buttons = [
        button(
            ctx.moment(o.start),
            f"meeting_sitting_{i}",
            json.dumps(
                {
                    "n": meeting.number,
                    "o": o.start.astimezone(ctx.tz).date().isoformat(),
                    "to": to and to.as_dict(),
                    "k": request,
                }
            ),
        )
        for i, o in enumerate(sittings)
    ]
    keep = button(t(ctx.lang, "meeting.keep_sittings"), "meeting_sitting_keep", "keep")
    return message(
        question, [section(question), {"type": "actions", "block_id": "sitting", "elements": [*buttons, keep]}]
    )
