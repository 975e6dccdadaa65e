"""What must hold after every simulated day, read from what Slack received (the stand-in's calls) and from
the database. Each check returns what broke, in words; `KNOWN` names the checks today's code still fails,
each with the open issue that fixes it: those are reported, not fatal, until the issue lands."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import recurring_ical_events
from icalendar import Calendar
from sqlmodel import Session, col, select

from bot.i18n import catalogue
from bot.meetings.occurrences import upcoming
from bot.outbox import CHANNEL_NOTICES
from bot.slacktext import fallbacks
from sandbox.standin import Call
from storage.models import Action, AuditEntry, Notification
from storage.outbox import deliverable
from storage.planning import active_meetings
from testing.season.cast import BY_ID, CHANNEL

KNOWN: dict[str, str] = {}  # check -> the open issue that makes it hold
PROBLEM_DM = re.compile(r"n'ont pas pu être remis|could not be delivered")
SLACK_ERRORS = re.compile(
    r"\b(not_in_channel|is_archived|user_disabled|channel_not_found|invalid_blocks|"
    r"ratelimited|internal_error|user_not_found|missing_scope)\b"
)
RAW_ID = re.compile(r"(?<![<@#!^|\w])[UCWDGS]0[A-Z0-9]{3,}\b")  # an id outside Slack's markup
MARKUP = re.compile(r"<[@#!][^<>]*>|<https?://[^<>]*>|<mailto:[^<>]*>")


@dataclass(frozen=True)
class Broken:
    check: str
    detail: str

    @property
    def known(self) -> str | None:
        return KNOWN.get(self.check)


@dataclass(frozen=True)
class Day:
    """What a check reads: the day's calls to Slack, the season's so far, and the mission's people."""

    end: datetime
    today: date  # the simulated day
    feed: str  # the mission's calendar feed, fetched over HTTP that evening
    calls: list[Call]  # today's
    season: list[Call]  # since the season began
    while_removed: list[Call]  # today's, made while the bot was out of the mission's channel
    violations: list[str]  # what Slack would have rejected, or shown raw, today
    director: str
    gone: frozenset[str]  # deactivated accounts
    away: dict[str, tuple[date, date]]  # who said they are away, from which day to which (both included)
    clock_up: bool
    errors: list[str]  # what the app logged as an unexpected error today
    steps: dict[str, str]  # each workflow step run this season, by execution id: its state as Slack holds it


Check = Callable[[Day, Session], Iterator[str]]


def check_day(day: Day, session: Session) -> list[Broken]:
    return [Broken(check.__name__, detail) for check in CHECKS for detail in check(day, session)]


def slack_accepts_every_call(day: Day, _: Session) -> Iterator[str]:
    yield from (f"Slack would reject or show raw: {v}" for v in day.violations)


def no_unexpected_error(day: Day, _: Session) -> Iterator[str]:
    """Whatever strikes, the app meets it as planned: nothing reaches its last-resort error handler."""
    yield from day.errors


def each_notification_once(day: Day, _: Session) -> Iterator[str]:
    keys = Counter(key for c in day.season if (key := notification_key(c)))
    yield from (f"notification {key} posted {n} times" for key, n in keys.items() if n > 1)


def due_is_settled(day: Day, session: Session) -> Iterator[str]:
    """With a clock running, nothing due is left waiting (but what a closed channel holds), and nothing
    abandoned stays claimed."""
    if not day.clock_up:
        return
    late = day.end - timedelta(minutes=5)
    stuck = session.exec(
        select(Notification).where(
            Notification.state == "pending", col(Notification.run_at) < late, deliverable(CHANNEL_NOTICES)
        )
    ).all()
    yield from (f"{n.key} still pending (due {n.run_at:%d/%m %H:%M})" for n in stuck)
    claimed = session.exec(
        select(Notification).where(Notification.state == "sending", col(Notification.claimed_until) < late)
    ).all()
    yield from (f"{n.key} claimed and abandoned since {n.claimed_until:%d/%m %H:%M}" for n in claimed)
    unexplained = session.exec(
        select(Notification).where(
            col(Notification.state).in_(("dropped", "failed")), col(Notification.last_error).is_(None)
        )
    ).all()
    yield from (f"{n.key} {n.state} without a reason" for n in unexplained)


def every_step_ended_once(day: Day, _: Session) -> Iterator[str]:
    """A workflow step ends once, by the evening it ran: completed or failed, never left running, never ended
    twice (a second end Slack refuses is no end)."""
    ends = Counter(
        c.args.get("function_execution_id")
        for c in day.season
        if c.method.startswith("functions.") and c.result.get("ok")
    )
    yield from (f"workflow step {e} ended {n} times" for e, n in ends.items() if n > 1)
    yield from (
        f"workflow step {e} still running in the evening" for e, state in day.steps.items() if state == "running"
    )


def nothing_done_twice(_: Day, session: Session) -> Iterator[str]:
    """A request run twice would write its audit entry twice, at the same instant."""
    entries = Counter((e.entity, e.entity_id, e.verb, e.actor, e.at) for e in session.exec(select(AuditEntry)))
    yield from (
        f"{entity} {entity_id} {verb} by {actor} recorded {n} times at {at:%d/%m %H:%M}"
        for (entity, entity_id, verb, actor, at), n in entries.items()
        if n > 1
    )


def every_action_announced(_: Day, session: Session) -> Iterator[str]:
    """Every action has its post planned with it (issue 23): in the channel, or refused with a reason kept."""
    planned = {n.entity_id for n in session.exec(select(Notification).where(Notification.kind == "action.post"))}
    for action in session.exec(select(Action)):
        if action.id not in planned:
            yield f"action #{action.number} of mission {action.mission_id} has no post planned"


def readable(day: Day, _: Session) -> Iterator[str]:
    """Nothing a person reads holds a raw id, an error code, `None`, a trace or an operator command."""
    for call in day.calls:
        for text in _texts(call):
            plain = MARKUP.sub(" ", text)
            for bad in (
                SLACK_ERRORS.search(text),
                RAW_ID.search(plain),
                re.search(r"\bNone\b|Traceback", text),
                re.search(r"concerto outbox", text),
            ):
                if bad:
                    yield f"{call.method} to {_target(call)} shows {bad.group(0)!r}: {text[:120]!r}"
                    break


def in_their_own_language(day: Day, _: Session) -> Iterator[str]:
    """An answer to one person (ephemeral, or to their command) is in their language."""
    for call in day.calls:
        person = BY_ID.get(str(call.args.get("user") or "")) if call.method == "chat.postEphemeral" else None
        if person is None:
            continue
        other = "en" if person.lang == "fr" else "fr"
        for text in _texts(call):
            if (phrase := next((p for p in _only_in(other) if p in text), None)) is not None:
                yield f"{person.handle} ({person.lang}) read {phrase!r} in {text[:100]!r}"


def dm_names_its_channel(day: Day, _: Session) -> Iterator[str]:
    """A DM about something of a mission (a notice, an action) says which channel it is about. (The weekly
    summary is about a person across missions: each of its lines names its channel, and an empty one none.)"""
    for call in day.calls:
        if call.method == "chat.postMessage" and _is_dm(call) and call.result.get("ok") and _about_a_mission(call):
            text = " ".join(_texts(call))
            summary = (notification_key(call) or "").startswith("summary:")
            if "<#C" not in text and not summary:
                yield f"a DM to {_target(call)} names no channel: {text[:100]!r}"


def director_told_once_a_day(day: Day, _: Session) -> Iterator[str]:
    told = [
        c
        for c in day.calls
        if c.method == "chat.postMessage" and _target(c) == day.director and PROBLEM_DM.search(" ".join(_texts(c)))
    ]
    if len(told) > 1:
        yield f"the director got {len(told)} DMs about problems"


POSTS = ("chat.postMessage", "chat.update", "chat.postEphemeral")


def nothing_into_archived_channels(day: Day, _: Session) -> Iterator[str]:
    """An archived channel's mission is paused: nothing is even tried there while it is archived. Slack's
    answer says when that was (is_archived), not the evening's state: a post before the archive that day is
    fine."""
    for call in day.calls:
        if call.method in POSTS and call.result.get("error") == "is_archived":
            yield f"{call.method} to {_target(call)}, which is archived"


def nothing_where_the_bot_was_removed(day: Day, _: Session) -> Iterator[str]:
    """Removed from the mission's channel, the bot posts nothing there until invited back (chat:write.public
    would let it: the team's wish is what stops it)."""
    for call in day.while_removed:
        if call.method in ("chat.postMessage", "chat.update") and call.result.get("ok") and _target(call) == CHANNEL:
            yield f"{call.method} into {CHANNEL}, which the bot was removed from: {' '.join(_texts(call))[:100]!r}"


FRENCH_MONTHS = ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHORT_DAY = re.compile(
    r"\b(?P<fr>lun|mar|mer|jeu|ven|sam|dim)\. (?P<fd>\d{1,2}) (?P<fm>" + "|".join(FRENCH_MONTHS) + r")\b\.?"
    r"|\b(?P<en>Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<ed>\d{1,2}) (?P<em>" + "|".join(ENGLISH_MONTHS) + r")\b"
)
WEEKDAYS = {
    name: i
    for names in (("lun", "mar", "mer", "jeu", "ven", "sam", "dim"), ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    for i, name in enumerate(names)
}


def a_year_shown_outside_this_one(day: Day, _: Session) -> Iterator[str]:
    """A day shown without its year (`ven. 4 déc.`) is in this year: its weekday is that date's this year (a
    January day shown in December without `2027` names the weekday of January 2027, not 2026's)."""
    for call in day.calls:
        for text in _texts(call):
            for m in SHORT_DAY.finditer(text):
                if re.match(r"\s\d{4}\b", text[m.end() :]):
                    continue
                weekday, number = (m["fr"], m["fd"]) if m["fr"] else (m["en"], m["ed"])
                month = (FRENCH_MONTHS.index(m["fm"]) if m["fr"] else ENGLISH_MONTHS.index(m["em"])) + 1
                try:
                    meant = date(day.today.year, month, int(number))
                except ValueError:
                    meant = None
                if meant is None or meant.weekday() != WEEKDAYS[weekday]:
                    yield f"{call.method} to {_target(call)} shows {m.group(0)!r}, not this year's: {text[:100]!r}"


FEED_AHEAD = timedelta(days=30)  # how far ahead the feed is checked against the sittings reminded of


def calendar_is_what_is_reminded(day: Day, session: Session) -> Iterator[str]:
    """The feed lists exactly the sittings the bot plans reminders for (cancelled, moved, skipped or held
    elsewhere on a holiday alike), from tomorrow to a month ahead."""
    start = datetime.combine(day.today + timedelta(days=1), time(0), tzinfo=UTC)
    listed = {
        (str(event["UID"]), event.decoded("DTSTART").astimezone(UTC))
        for event in recurring_ical_events.of(Calendar.from_ical(day.feed)).between(start, start + FEED_AHEAD)
        if str(event.get("STATUS", "")).upper() != "CANCELLED"
    }
    reminded = {
        (f"meeting-{m.team_id}-{m.id}@concerto", occ.start)
        for m in active_meetings(session)
        for occ in upcoming(session, m, start, start + FEED_AHEAD)
        if occ.start >= start
    }
    for uid, at in sorted(listed ^ reminded):
        where = "in the feed only" if (uid, at) in listed else "reminded of, not in the feed"
        yield f"{uid} at {at:%Y-%m-%d %H:%M} UTC: {where}"


def nothing_to_the_away(day: Day, _: Session) -> Iterator[str]:
    """No notice reaches someone on a day they said they are away (it waits for their return)."""
    for call in day.calls:
        target, key = _target(call), notification_key(call)
        span = day.away.get(target)
        if key is not None and _is_dm(call) and span and span[0] <= day.today <= span[1]:
            yield f"a notice ({key}) reached {target}, away from {span[0]} to {span[1]}"


def nothing_to_the_gone(day: Day, _: Session) -> Iterator[str]:
    """A deactivated person gets nothing more (Slack would answer user_disabled)."""
    for call in day.calls:
        if call.method in POSTS and _target(call) in day.gone:
            yield f"{call.method} to {_target(call)}, who is gone"


CHECKS: tuple[Check, ...] = (
    slack_accepts_every_call,
    no_unexpected_error,
    each_notification_once,
    due_is_settled,
    nothing_done_twice,
    every_step_ended_once,
    every_action_announced,
    readable,
    in_their_own_language,
    dm_names_its_channel,
    director_told_once_a_day,
    nothing_into_archived_channels,
    nothing_to_the_gone,
    nothing_to_the_away,
    calendar_is_what_is_reminded,
    nothing_where_the_bot_was_removed,
    a_year_shown_outside_this_one,
)


def notification_key(call: Call) -> str | None:
    if call.method != "chat.postMessage" or not call.result.get("ok"):
        return None
    payload = (call.args.get("metadata") or {}).get("event_payload") or {}
    return payload.get("key")


def _about_a_mission(call: Call) -> bool:
    """A notice from the outbox, or a message carrying an action's buttons (not a mere answer to a form)."""
    blocks = call.args.get("blocks") or []
    return notification_key(call) is not None or any(
        str(b.get("block_id", "")).startswith(("action:", "meeting")) for b in blocks if isinstance(b, dict)
    )


def _target(call: Call) -> str:
    channel = str(call.args.get("channel") or "")
    return "U" + channel[1:] if channel.startswith("D") else channel


def _is_dm(call: Call) -> bool:
    return str(call.args.get("channel") or "").startswith(("U", "W", "D"))


def _texts(call: Call) -> Iterable[str]:
    """The words a person reads in a message or a view: a date token's fallback, the mission's wording (a
    well-formed token is the stand-in's to check, in `violations`)."""
    args = call.args
    if isinstance(args.get("text"), str):
        yield fallbacks(args["text"])
    yield from map(fallbacks, _block_texts(args.get("blocks") or (args.get("view") or {}).get("blocks") or []))


def _block_texts(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node["text"]
        for key, value in node.items():
            if key not in ("action_id", "block_id", "value", "url", "initial_user", "initial_users"):
                yield from _block_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _block_texts(item)


@cache
def _only_in(lang: str) -> tuple[str, ...]:
    """Phrases of one catalogue that the other never says: reading one betrays the language."""
    other = "fr" if lang == "en" else "en"
    theirs = " ".join(str(m.string) for m in catalogue(other) if m.id)
    phrases = set()
    for message in catalogue(lang):
        if not message.id or str(message.id).startswith("format."):
            continue
        for form in message.string if isinstance(message.string, tuple) else (message.string,):
            for piece in re.split(r"\{[^}]*\}|`[^`]*`|[*_:]", str(form)):
                piece = piece.strip(" .,;!?()«»\u00a0\u202f'\"")
                if len(piece) >= 16 and piece not in theirs:
                    phrases.add(piece)
    return tuple(sorted(phrases))
