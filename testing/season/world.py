"""What a day of the mission brings, drawn from the season's random generator: what people do (commands in
their language, clicks, forms) and what strikes (Slack failing, a clock down or killed, the plan edited,
people leaving and joining, the channel archived). Pure: the day's steps from the seed and a snapshot of
the mission; `play` performs them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from bot.worktime import WorkWeek
from testing.season.cast import NEWCOMER, PEOPLE, Person
from testing.season.corpus import AGENDA, DECISIONS, DUES, STEP_DUES, TASKS

PARIS = ZoneInfo("Europe/Paris")
WEEK = WorkWeek()  # the mission's: 9:00-18:00, Monday to Friday, French public holidays off


@dataclass(frozen=True)
class OpenAction:
    number: int
    id: int
    owners: tuple[str, ...]
    due: date | None
    message_ts: str | None


@dataclass(frozen=True)
class Sitting:
    meeting: int  # its number
    organiser: str
    start: datetime


@dataclass(frozen=True)
class OpenMilestone:
    number: int
    id: int
    owner: str | None
    due: date


@dataclass(frozen=True)
class Snapshot:
    """The mission as the morning finds it."""

    day: date
    people: tuple[Person, ...]  # the active ones
    director: str
    actions: tuple[OpenAction, ...] = ()
    sittings: tuple[Sitting, ...] = ()  # today's and the next fortnight's
    milestones: tuple[OpenMilestone, ...] = ()
    archived: bool = False


@dataclass(frozen=True)
class Step:
    at: datetime
    who: str  # a person, or "strike"
    kind: str  # what a person does (command, click, settings), or what strikes (join, slack_faults…)
    args: dict[str, Any] = field(default_factory=dict)  # what the step needs: a command's text, a fault…

    def __str__(self) -> str:
        what = " ".join(f"{k}={v}" for k, v in self.args.items())
        return f"{self.at:%H:%M} {self.who} {self.kind} {what}"


# The season's fixed events, by day number: what happens once to every mission of this length.
NEWCOMER_DAY, LEAVER_DAY, ARCHIVE_DAYS, NEW_DIRECTOR_DAY = 40, 110, (150, 153), 180
RENAME_DAY, REMOVED_DAYS = 120, (200, 202)  # the channel renamed; the bot removed from it, then invited back
LEAVER = PEOPLE[4]  # Hugo's account is deactivated
AWAY_DAY, AWAY, AWAY_FOR = 60, PEOPLE[2], 10  # Karim says he is away from the next day, for ten days
NEXT_DIRECTOR = PEOPLE[1]  # Marie takes over


def day_steps(rng: Random, outages: Random, number: int, snap: Snapshot) -> list[Step]:
    """Everything that happens on day `number` of the season, in order of time. The database's restarts
    are drawn from `outages`, apart: so they change no other draw of a seed."""
    steps = _strikes(rng, number, snap) + _restarts(outages, snap)
    if WEEK.is_working_day(snap.day) and not snap.archived:
        steps += _work(rng, snap)
    return sorted(steps, key=lambda s: s.at)


def _restarts(rng: Random, snap: Snapshot) -> list[Step]:
    """The database restarts at the clock's n-th statement from a moment of the day, for some seconds."""
    if rng.random() >= 0.03:
        return []
    args = {"what": "db_restart", "after": rng.randrange(1, 40), "seconds": rng.choice([5, 30, 120])}
    return [Step(_at(snap, rng, 0, 24), "strike", "db_restart", args)]


def _at(snap: Snapshot, rng: Random, start: int = 9, end: int = 18) -> datetime:
    minutes = rng.randrange(start * 60, end * 60)
    return datetime.combine(snap.day, time(minutes // 60, minutes % 60), PARIS)


def _work(rng: Random, snap: Snapshot) -> list[Step]:
    people = list(snap.people)
    return [
        *_new_actions(rng, snap, people),
        *_work_done(rng, snap),
        *_sittings(rng, snap, people),
        *_milestones_closed(rng, snap),
        *_routine(rng, snap, people),
        *_workflows(rng, snap, people),
    ]


def _command(at: datetime, who: str, command: str, text: str) -> Step:
    return Step(at, who, "command", {"command": command, "text": text})


def _new_actions(rng: Random, snap: Snapshot, people: list[Person]) -> Iterator[Step]:
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        author = rng.choice(people)
        owners = rng.sample(people, k=rng.choice([0, 1, 1, 2]))
        yield _command(_at(snap, rng), author.id, "/action", _action_text(rng, author, owners, snap.day))


def _work_done(rng: Random, snap: Snapshot) -> Iterator[Step]:
    """The work gets done, sooner or later: by the action's button (or snoozed), or by a command."""
    for action in snap.actions:
        late = action.due is not None and action.due <= snap.day
        if rng.random() < (0.45 if late else 0.08) and action.owners:
            owner = rng.choice(action.owners)
            if rng.random() < 0.6 and action.message_ts:
                click = rng.choice(["action_done", "action_done", "action_snooze"])
                yield Step(
                    _at(snap, rng),
                    owner,
                    "click",
                    {"action_id": click, "value": str(action.id), "ts": action.message_ts},
                )
            else:
                word = "done" if rng.random() < 0.5 else "fait"
                yield _command(_at(snap, rng), owner, "/action", f"{word} {action.number}")


def _sittings(rng: Random, snap: Snapshot, people: list[Person]) -> Iterator[Step]:
    """An agenda item the day before a sitting, a decision after it; now and then one cancelled or moved."""
    for sitting in snap.sittings:
        number, day = sitting.meeting, sitting.start.date()
        if day - timedelta(days=1) == snap.day and rng.random() < 0.5:
            author = rng.choice(people)
            yield _command(
                _at(snap, rng, 9, 15), author.id, "/meeting", f"agenda {number} add {rng.choice(AGENDA[author.lang])}"
            )
        if day == snap.day and sitting.start.hour < 16 and rng.random() < 0.6:
            organiser = next((p for p in people if p.id == sitting.organiser), rng.choice(people))
            yield _command(
                sitting.start + timedelta(hours=2, minutes=rng.randrange(60)),
                organiser.id,
                "/meeting",
                f"decide {number} {rng.choice(DECISIONS[organiser.lang])}",
            )
        if day - timedelta(days=3) == snap.day and rng.random() < 0.08:
            verb = rng.choice(["cancel", "move"])
            to = f" {day + timedelta(days=1):%d/%m} {sitting.start:%H:%M}" if verb == "move" else ""
            when = f"{day:%d/%m}{to}"
            yield _command(_at(snap, rng), snap.director, "/meeting", f"{verb} {number} {when}")


def _milestones_closed(rng: Random, snap: Snapshot) -> Iterator[Step]:
    for milestone in snap.milestones:
        if milestone.due - timedelta(days=2) <= snap.day and rng.random() < 0.35:
            yield _command(
                _at(snap, rng), milestone.owner or snap.director, "/phase", f"milestone done {milestone.number}"
            )


def _routine(rng: Random, snap: Snapshot, people: list[Person]) -> Iterator[Step]:
    """The director's Friday digest, someone's list, someone's reminder settings."""
    if snap.day.isoweekday() == 5 and rng.random() < 0.7:
        yield _command(_at(snap, rng, 16, 18), snap.director, "/digest", "")
    if rng.random() < 0.15:
        yield _command(_at(snap, rng), rng.choice(people).id, "/action", "list")
    if rng.random() < 0.03:
        reminders = rng.sample(["before", "due", "overdue", "summary"], k=rng.randrange(1, 5))
        yield Step(_at(snap, rng), rng.choice(people).id, "settings", {"reminders": reminders})


def _workflows(rng: Random, snap: Snapshot, people: list[Person]) -> Iterator[Step]:
    """The director's Monday workflow: a consultant or two answer its form with a blocking point, which
    Concerto's *Create an action* step turns into an action; now and then the forum's webhook asks a moderator
    (named in the step: nobody runs it) to answer a contribution."""
    if snap.day.isoweekday() == 1:
        for person in rng.sample(people, k=rng.choice([0, 1, 1, 2])):
            blocking = {"text": rng.choice(TASKS[person.lang]), "due": rng.choice(STEP_DUES), "by": True}
            yield Step(_at(snap, rng, 9, 12), person.id, "workflow", blocking)
    if rng.random() < 0.05:
        forum = {"text": "Répondre à la contribution du forum en ligne", "due": "dans 5 jours", "by": False}
        yield Step(_at(snap, rng), rng.choice(people).id, "workflow", forum)


def _action_text(rng: Random, author: Person, owners: list[Person], day: date) -> str:
    task = rng.choice(TASKS[author.lang])
    due = rng.choice(DUES[author.lang]).format(day=f"{day + timedelta(days=rng.randrange(2, 20)):%d/%m}")
    mentions = " ".join(o.mention for o in owners)
    return " ".join(part for part in (task, mentions, due) if part)


def _strikes(rng: Random, number: int, snap: Snapshot) -> list[Step]:
    steps: list[Step] = []

    def strike(kind: str, at: datetime | None = None, **args: object) -> None:
        steps.append(Step(at or _at(snap, rng, 0, 24), "strike", kind, {"what": kind, **args}))

    if number == NEWCOMER_DAY:
        strike("join", person=NEWCOMER.id)
    if number == LEAVER_DAY:
        strike("deactivate", person=LEAVER.id)
    if number == AWAY_DAY:
        first = snap.day + timedelta(days=1)
        strike(
            "away",
            at=datetime.combine(snap.day, time(8), PARIS),
            person=AWAY.id,
            first=first.isoformat(),
            last=(first + timedelta(days=AWAY_FOR - 1)).isoformat(),
        )
    if number == ARCHIVE_DAYS[0]:
        strike("archive")
    if number == ARCHIVE_DAYS[1]:
        strike("unarchive", at=datetime.combine(snap.day, time(8), PARIS))
    if number == NEW_DIRECTOR_DAY:
        strike("director", at=datetime.combine(snap.day, time(10), PARIS), person=NEXT_DIRECTOR.id)
    if number == RENAME_DAY:
        strike("rename", name="concertation-srdeii")
    if number == REMOVED_DAYS[0]:
        strike("bot_removed")
    if number == REMOVED_DAYS[1]:
        strike("bot_invited", at=datetime.combine(snap.day, time(8), PARIS))
    if rng.random() < 0.12:
        faults = [rng.choice(["429", "500", "503", "lost"]) for _ in range(rng.randrange(1, 5))]
        strike("slack_faults", faults=faults)
    if rng.random() < 0.03:
        strike("clock_down", hours=rng.choice([2, 5, 18, 30, 60]))
    if rng.random() < 0.05:
        strike("clock_killed", after_post=rng.random() < 0.5)
    if rng.random() < 0.01:
        strike("plan_edited", shift=rng.choice([-3, -1, 2, 4]))
    if rng.random() < 0.04:  # it had run them, not marked them done: the inbox runs them again
        strike("work_killed", requests=rng.choice([1, 2, 3]))
    return steps
