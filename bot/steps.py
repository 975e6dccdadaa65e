"""Workflow Builder steps (Slack's custom functions, declared in manifest.json's `functions`): their inputs
read as the commands read theirs (texts within the same limits, dates through the same grammar), and their
outputs shaped as the manifest declares them. Pure: inputs in, a value or a UserError out.

Every input is a value the workflow's builder typed or mapped, so none is trusted for more than it says: the
channel is checked reachable and the people real where the step runs (handlers/steps.py). Only the person
running the workflow comes from Slack itself: a `user_context` input, which no builder can type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.actions.due import date_error
from bot.actions.grammar import MAX_ACTION_TEXT
from bot.actions.values import Draft
from bot.dates import DateError, When, parse_when
from bot.errors import UserError
from bot.meetings.phrases import MAX_DECISION, MAX_ITEM
from bot.slacktext import is_user
from bot.worktime import WorkWeek

Inputs = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """What every step is given: the mission's channel, and who runs the workflow (None: nobody, as when a
    webhook or a schedule starts it)."""

    channel: str
    requested_by: str | None


def call_of(inputs: Inputs) -> Call:
    channel = inputs.get("channel")
    if not isinstance(channel, str) or channel[:1] not in ("C", "G") or not channel.isalnum():
        raise UserError("step.no_channel")
    context = inputs.get("requested_by")
    user = context.get("id") if isinstance(context, dict) else None
    return Call(channel, user if isinstance(user, str) and is_user(user) else None)


def text_of(inputs: Inputs, limit: int) -> str:
    text = " ".join(str(inputs.get("text") or "").split())
    if not text:
        raise UserError("step.empty_text")
    if len(text) > limit:
        raise UserError("error.text_too_long", limit=limit, length=len(text))
    return text


def item_text(inputs: Inputs) -> str:
    return text_of(inputs, MAX_ITEM)


def decision_text(inputs: Inputs) -> str:
    return text_of(inputs, MAX_DECISION)


def meeting_number(inputs: Inputs) -> int:
    """The meeting's number, as `/meeting list` shows it (`#3` and `3` alike)."""
    given = str(inputs.get("meeting") or "").strip().lstrip("#")
    if not given.isdigit() or not 0 < int(given) < 2**31:
        raise UserError("step.bad_meeting", given=given)
    return int(given)


def action_draft(inputs: Inputs, *, author: str | None, now: datetime, tz: ZoneInfo, week: WorkWeek) -> Draft:
    """The action a step asks for: its text, its owners (by default whoever runs the workflow; with nobody
    running it, some must be named) and its due date, read as `/action` reads one, never in the past."""
    owners = inputs.get("owners") or []
    if isinstance(owners, str):
        owners = owners.split(",")
    owners = tuple(dict.fromkeys(o.strip() for o in owners if isinstance(o, str) and o.strip()))
    if any(not is_user(o) for o in owners):
        raise UserError("step.bad_owner", given=", ".join(o for o in owners if not is_user(o)))
    if not owners and author is None:
        raise UserError("step.no_owner")
    due = read_day(inputs.get("due"), now, week)
    if due is not None and due.deadline(tz) <= now:
        raise UserError("step.past_due", day=due.day)
    return Draft(text_of(inputs, MAX_ACTION_TEXT), owners, due)


def sitting_day(inputs: Inputs, now: datetime, week: WorkWeek) -> date | None:
    when = read_day(inputs.get("sitting"), now, week)
    return when.day if when else None


def read_day(phrase: object, now: datetime, week: WorkWeek) -> When | None:
    """A date input: absent, or read by the commands' grammar (`2027-01-15` as much as `vendredi 17h`);
    what it cannot read surely (a year-less date months away, 30 February) is refused, never guessed."""
    text = str(phrase or "").strip()
    if not text:
        return None
    try:
        return parse_when(text, now, week)
    except DateError as err:
        raise date_error(err) from None


def action_outputs(number: int, link: str | None) -> dict[str, object]:
    return {"action_number": number, **({"action_link": link} if link else {})}


def agenda_outputs(sitting: datetime, item: int) -> dict[str, object]:
    return {"next_sitting": int(sitting.timestamp()), "item_number": item}


def decision_outputs(sitting: datetime) -> dict[str, object]:
    return {"sitting": int(sitting.timestamp())}


def digest_outputs(director: str) -> dict[str, object]:
    return {"director": director}
