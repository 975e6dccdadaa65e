"""Playing a season: the sandbox with both organisations installed and the mission set up and planned, then
each day's steps (world.day_steps) performed through signed requests, the clock ticking whenever something
is due and re-planning hourly, as `concerto clock` does, and the invariants checked at the end of the day."""

from __future__ import annotations

import logging
import re
import time as wall
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from random import Random
from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session, col, select

from bot.meetings.occurrences import upcoming
from bot.missions.plan_file import read_plan
from concerto.wiring import clients_by_team
from sandbox.faults import Fault
from sandbox.standin import Call
from scheduler.clock import plan_ahead, tick
from scheduler.delivery import Deliverer
from storage.models import Action, ActionOwner, Meeting, Milestone, Mission
from testing.harness import Sandbox, empty_tables, install, sandbox, setup_values
from testing.season.cast import AGENCY, BY_ID, CHANNEL, DIRECTOR, PEOPLE, REGION, Person
from testing.season.invariants import Broken, Day, check_day, notification_key
from testing.season.outage import Restart
from testing.season.world import PARIS, OpenAction, OpenMilestone, Sitting, Snapshot, Step, day_steps

START = date(2026, 10, 19)  # a Monday: the autumn's change of time comes in the first week, spring's in March
PLAN = Path(__file__).resolve().parents[2] / "plans" / "srdeii.yaml"
FAULTS = {"429": Fault(429, retry_after=2), "500": Fault(500), "503": Fault(503), "lost": Fault(unanswered=True)}
LEASE = timedelta(seconds=60)  # the clock's, as `concerto clock` has it
PLAN_EVERY = 6  # hours between two re-plans: hourly in production, but what is planned reaches 60 days
#                 ahead, so this changes no delivery, and re-planning is most of a simulated day's cost


STUCK = 20  # ticks in a row at one instant: the clock is going round in circles
FORM = "application/x-www-form-urlencoded"  # a slash command's body


class Stuck(Exception):
    """The clock keeps finding the same rows due: what it sends never settles."""


class Killed(BaseException):
    """The clock process dies (a BaseException, so that nothing in the delivery catches it)."""


class SeasonBroken(AssertionError):
    """An invariant broke: the seed replays it."""

    def __init__(self, seed: int, number: int, day: date, step: Step | None, broken: list[Broken]) -> None:
        self.seed, self.number, self.day, self.step, self.broken = seed, number, day, step, broken
        what = "\n".join(f"  {b.check}: {b.detail}" for b in broken[:20])
        where = f"after {step}" if step else "at the end of the day"
        super().__init__(
            f"seed {seed}, day {number} ({day:%a %d/%m/%Y}), {where}:\n{what}\n"
            f"  replay: make simulate SEED={seed} DAYS={number + 1}"
        )


@dataclass
class Report:
    seed: int
    days: int = 0
    steps: int = 0
    seconds: float = 0.0
    known: Counter[str] = field(default_factory=Counter)  # known defects met: check -> days it broke
    examples: dict[str, str] = field(default_factory=dict)  # check -> the first detail seen

    def summary(self) -> str:
        lines = [f"seed {self.seed}: {self.days} days, {self.steps} steps in {self.seconds:.0f} s"]
        lines += [
            f"  known defect {check} on {n} days (e.g. {self.examples[check][:100]})"
            for check, n in sorted(self.known.items())
        ]
        return "\n".join(lines)


class Errors(logging.Handler):
    """What the app logs at ERROR: an unexpected error, which an invariant forbids."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("slack_sdk."):  # the SDK's word on an error it raises: the caller handles it
            return
        self.seen.append(f"{record.name}: {record.getMessage()[:200]}")


class KillingClient:
    """The clock's client for the one post during which the clock process dies: before Slack has it, or
    after (the message posted, its row not yet settled)."""

    def __init__(self, client: WebClient, *, after_post: bool) -> None:
        self.client, self.after_post = client, after_post

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def chat_postMessage(self, **kwargs: Any) -> Any:  # noqa: N802 — slack_sdk's name
        if self.after_post:
            self.client.chat_postMessage(**kwargs)
        raise Killed


class Season:
    def __init__(self, box: Sandbox, seed: int, log: Callable[[str], None]) -> None:
        self.box, self.seed, self.log = box, seed, log
        self.rng, self.outages = Random(seed), Random(f"outages:{seed}")
        self.restart = Restart(box.runtime.engine)
        self.clients = clients_by_team(box.runtime.settings, box.runtime.engine, retries=False)
        # a change's post and DMs go out one after the other, as the clock's do here: in parallel, their
        # order (and the stand-in's ts) would be the threads', and a seed would not replay the same clicks
        courier = box.runtime.services.courier
        assert isinstance(courier, Deliverer)
        courier.workers = 1
        self.kill: bool | None = None  # None: no kill planned; else whether it comes after the post
        self.reruns = 0  # the next commands a killed work process ran and did not mark done: run again
        self.clocks = 0
        self.deliverer = self._new_clock()
        self.down_until: datetime | None = None
        self.resume_at: datetime | None = None  # a killed clock's claims run out then
        self.people: list[Person] = list(PEOPLE)
        self.gone: set[str] = set()
        self.removed: list[tuple[int, int]] = []  # the stand-in's calls while the bot was out of the channel
        self.removed_since: int | None = None
        self.away: dict[str, tuple[date, date]] = {}  # who said they are away, from which day to which
        self.director = DIRECTOR.id
        self.feed = ""  # the mission's calendar feed, as a subscriber fetches it (set up with the mission)
        self.report = Report(seed)
        self.posted: Counter[str] = Counter()  # each notification key Slack took, and how often
        self.watched = 0  # the stand-in's calls read so far
        self.errors = Errors()
        logging.getLogger().addHandler(self.errors)

    # --- the days -------------------------------------------------------------------------------
    def set_up(self) -> None:
        box, slack = self.box, self.box.slack
        slack.add_channel(CHANNEL, "concertation-srdeii", member=True, ext_shared=True)
        slack.state.workspaces.share(CHANNEL, AGENCY, REGION)
        for person in self.people:
            self._add(person)
        install(box, AGENCY, "Agence Concerto")
        install(box, REGION, "Région")
        box.clock.set(datetime.combine(START, time(8, 30), PARIS))
        self._submit_setup(DIRECTOR.id, DIRECTOR.id)
        services = box.runtime.services
        mission = services.missions.for_channel(AGENCY, CHANNEL)
        services.plans.import_plan(mission, read_plan(PLAN.read_text(), now=box.clock.now()), actor=DIRECTOR.id)
        self.feed = f"/calendar/{services.missions.calendar_token(AGENCY, CHANNEL, actor=DIRECTOR.id)}.ics"

    def play_day(self, number: int) -> None:
        day = START + timedelta(days=number)
        mark, violations = self.box.slack.mark(), len(self.box.slack.state.violations)
        self.errors.seen.clear()
        steps = day_steps(self.rng, self.outages, number, self._snapshot(day))
        step: Step | None = None
        try:
            for step in steps:
                self.run_until(step.at)
                try:
                    self._perform(step)
                except AssertionError as err:  # the driver's: Slack would have shown the person an error
                    raise SeasonBroken(self.seed, number, day, step, [Broken("no_5xx", str(err)[:300])]) from err
                self.report.steps += 1
                self.log(f"  {step}")
            self.run_until(datetime.combine(day, time(23, 59), PARIS))
            self._tick_until_quiet()
        except Stuck as stuck:
            raise SeasonBroken(self.seed, number, day, step, [Broken("clock_makes_progress", str(stuck))]) from stuck
        self._check(number, day, mark, violations, step)
        self.report.days += 1

    def _while_removed(self, mark: int) -> list[Call]:
        """Today's calls made while the bot was out of the mission's channel."""
        spans = [*self.removed, *([(self.removed_since, None)] if self.removed_since is not None else [])]
        calls = self.box.slack.calls()
        return [c for start, end in spans for c in calls[max(start, mark) : end] if end is None or end > mark]

    def _check(self, number: int, day: date, mark: int, violations: int, step: Step | None) -> None:
        slack = self.box.slack
        facts = Day(
            end=self.box.clock.now(),
            today=day,
            feed=self._fetch_feed(),
            calls=slack.since(mark),
            season=slack.calls(),
            while_removed=self._while_removed(mark),
            violations=slack.state.violations[violations:],
            director=self.director,
            gone=frozenset(self.gone),
            away=dict(self.away),
            clock_up=self.down_until is None,
            errors=list(self.errors.seen),
            steps={e.id: e.state for e in slack.state.executions.values()},
        )
        with Session(self.box.runtime.engine) as session:
            broken = check_day(facts, session)
        for b in broken:
            if b.known:
                self.report.examples.setdefault(b.check, b.detail)
        self.report.known.update({b.check for b in broken if b.known})
        fatal = [b for b in broken if not b.known]
        if fatal:
            raise SeasonBroken(self.seed, number, day, step, fatal)

    # --- the clock ------------------------------------------------------------------------------
    def run_until(self, target: datetime) -> None:
        """The clock process up to `target`: a tick whenever something falls due, the re-plan every
        PLAN_EVERY hours, nothing while it is down, and, once it is back, the re-plan first and then a tick."""
        clock, same = self.box.clock, 0
        while True:
            now = clock.now()
            if self.down_until is not None:
                if target <= self.down_until:
                    break
                clock.set(self.down_until)
                self.down_until = None
                self.log(f"  {clock.now():%H:%M} the clock is back")
                plan_ahead(self.box.runtime.services)
                self._tick()
                continue
            hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            while hour.astimezone(PARIS).hour % PLAN_EVERY:
                hour += timedelta(hours=1)
            moments = [hour]
            first = self.box.runtime.services.outbox.list(states=("pending",), until=target, limit=1, held=False)
            if first:
                moments.append(max(first[0].run_at, now))
            if self.resume_at is not None:
                moments.append(max(self.resume_at, now))
            moment = min(moments)
            if (back := self.restart.down_until()) is not None and moment < back:
                moment = back  # every tick until then fails as the last did
            if moment > target:
                break
            same = same + 1 if moment == now else 0
            if same > STUCK:
                raise Stuck(f"the clock found the same rows due {same} times at {now:%d/%m %H:%M}: they never settle")
            clock.set(moment)
            if moment == self.resume_at:
                self.resume_at = None
            if moment == hour:
                plan_ahead(self.box.runtime.services)
            self._tick()
            self._watch_reposts()
        clock.set(max(target, clock.now()))

    def _watch_reposts(self) -> None:
        """A row that never settles is posted at every tick: stop at the second post rather than play the
        day's thousands of ticks (the conversation's pace moves the instant on, so it is not the same one)."""
        calls = self.box.slack.state.calls
        for call in calls[self.watched :]:
            if (key := notification_key(call)) is not None:
                self.posted[key] += 1
                if self.posted[key] > 1:
                    raise Stuck(f"notification {key} posted again: its row never settles")
        self.watched = len(calls)

    def _tick_until_quiet(self) -> None:
        """The day's last ticks, until nothing due is left for this clock (a busy conversation yields)."""
        if self.down_until is not None:
            return
        for _ in range(20):
            if self.resume_at is not None:
                self.box.clock.set(max(self.resume_at, self.box.clock.now()))
                self.resume_at = None
            report = self._tick()
            if report is not None and report.claimed == 0:
                return

    def _tick(self) -> Any:
        """A tick of the clock process (`scheduler.clock.tick`). None if the process died in it, or the
        database went away: what it claimed is taken over once its lease runs out."""
        now = self.box.clock.now()
        try:
            with self.restart.ticking(now):
                report = tick(self.deliverer)
        except Killed:
            self.log(f"  {now:%H:%M} the clock process is killed; another starts")
            self.kill = None
            self.deliverer = self._new_clock()
            self.resume_at = now + LEASE + timedelta(seconds=1)
            return None
        if self.restart.went:
            self.log(f"  {now:%H:%M:%S} the database is restarting: the clock's tick fails")
            self.resume_at = max(self.restart.back_at or now, now + LEASE + timedelta(seconds=1))
            return None
        return report

    def _new_clock(self) -> Deliverer:
        self.clocks += 1

        def client_for(team_id: str, enterprise_id: str | None = None) -> Any:
            client = self.clients(team_id, enterprise_id)
            if client is not None and self.kill is not None:
                return KillingClient(client, after_post=self.kill)
            return client

        return Deliverer(
            self.box.runtime.engine,
            client_for,
            self.box.clock,
            worker=f"clock-{self.clocks}",
            lease=LEASE,
            workers=1,
            sleep=lambda _s: None,
        )

    def _fetch_feed(self) -> str:
        """The calendar feed over HTTP, as a calendar app subscribed to it fetches it every evening."""
        status, headers, body = self.box.driver.get(self.feed)
        if status != 200 or not headers.get("content-type", "").startswith("text/calendar"):
            raise AssertionError(f"the calendar feed answered {status}")
        return body

    # --- what people do, and what strikes -------------------------------------------------------
    def _perform(self, step: Step) -> None:
        if step.who == "strike":
            self._strike(step)
            return
        person, driver = BY_ID[step.who], self.box.driver
        if person.id in self.gone or self.box.slack.state.channels[CHANNEL].archived:
            return  # an account deactivated, or a channel archived since the morning: Slack takes nothing
        if step.kind == "command":
            command, text = str(step.args["command"]), str(step.args["text"])
            body = driver.command_body(command, text, user=person.id, channel=CHANNEL, team=person.team)
            driver.post(body, FORM)
            if self.reruns and command != "/concerto":  # (forms open from the ack: a rerun has no trigger left)
                self.reruns -= 1
                driver.post(body, FORM)  # the inbox runs what a dead work process held, from the start
        elif step.kind == "click":
            driver.click(
                str(step.args["action_id"]),
                str(step.args["value"]),
                user=person.id,
                channel=CHANNEL,
                message_ts=str(step.args["ts"]),
                team=person.team,
            )
        elif step.kind == "workflow":  # Workflow Builder runs Concerto's step (the person's own workspace's)
            inputs = {"channel": CHANNEL, "text": step.args["text"], "due": step.args["due"]}
            who = (
                {"requested_by": {"id": person.id, "secret": "season"}} if step.args["by"] else {"owners": [person.id]}
            )
            driver.step("create_action", {**inputs, **who}, team=person.team)
        elif step.kind == "settings":
            mark = self.box.slack.mark()
            driver.command("/concerto", "settings", user=person.id, channel=CHANNEL, team=person.team)
            view = _shown(self.box, mark)
            chosen = [{"value": v} for v in step.args["reminders"]]
            driver.submit(
                view,
                {"reminders": {"type": "checkboxes", "selected_options": chosen}},
                user=person.id,
                team=person.team,
            )

    def _strike(self, step: Step) -> None:
        slack, kind = self.box.slack, step.args["what"]
        if kind == "join":
            newcomer = BY_ID[str(step.args["person"])]
            self._add(newcomer)
            self.people.append(newcomer)
        elif kind == "deactivate":
            gone = BY_ID[str(step.args["person"])]
            self.box.driver.deactivate(gone.id, team=gone.team)
            self.gone.add(gone.id)
        elif kind == "away":
            person, first, last = BY_ID[str(step.args["person"])], step.args["first"], step.args["last"]
            span = (date.fromisoformat(str(first)), date.fromisoformat(str(last)))
            text = f"absent du {span[0]:%d/%m/%Y} au {span[1]:%d/%m/%Y}"
            self.box.driver.command("/concerto", text, user=person.id, channel=CHANNEL, team=person.team)
            self.away[person.id] = span
        elif kind in ("archive", "unarchive"):
            self.box.driver.archive(CHANNEL, by=self.director, team=AGENCY, archived=kind == "archive")
        elif kind == "rename":
            self.box.driver.rename(CHANNEL, str(step.args["name"]), team=AGENCY)
        elif kind == "bot_removed":
            self.box.driver.remove_bot(CHANNEL, by=self.director, team=AGENCY)
            self.removed_since = slack.mark()
        elif kind == "bot_invited":
            if self.removed_since is not None:
                self.removed.append((self.removed_since, slack.mark()))
                self.removed_since = None
            self.box.driver.invite_bot(CHANNEL, by=self.director, team=AGENCY)
        elif kind == "director":
            self._submit_setup(self.director, str(step.args["person"]))
            self.director = str(step.args["person"])
        elif kind == "work_killed":
            self.reruns = int(step.args["requests"])
        elif kind == "slack_faults":
            slack.inject("chat.postMessage", *(FAULTS[f] for f in step.args["faults"]))
        elif kind == "clock_down":
            self.down_until = step.at + timedelta(hours=step.args["hours"])
        elif kind == "clock_killed":
            self.kill = bool(step.args["after_post"])
            self.deliverer = self._new_clock()
        elif kind == "plan_edited":
            self._edit_plan(step.args["shift"])
        elif kind == "db_restart":
            self.restart.arm(int(step.args["after"]), timedelta(seconds=int(step.args["seconds"])))

    def _edit_plan(self, shift: int) -> None:
        """An operator imports the plan again with the seminar's synthesis due some days earlier or later."""
        text = re.sub(
            r"due: (\d+) days after seminar",
            lambda m: f"due: {int(m.group(1)) + shift} days after seminar",
            PLAN.read_text(),
            count=1,
        )
        services = self.box.runtime.services
        mission = services.missions.for_channel(AGENCY, CHANNEL)
        services.plans.import_plan(mission, read_plan(text, now=self.box.clock.now()), actor=self.director)

    def _add(self, person: Person) -> None:
        self.box.slack.add_user(person.id, person.handle, person.name, tz=person.tz, locale=person.locale)
        self.box.slack.state.workspaces.members[person.id] = person.team

    def _submit_setup(self, by: str, director: str) -> None:
        mark = self.box.slack.mark()
        self.box.driver.command("/concerto", "setup", user=by, channel=CHANNEL, team=BY_ID[by].team)
        view = _shown(self.box, mark)
        reply = self.box.driver.submit(view, setup_values(director), user=by, team=BY_ID[by].team)
        if reply.body:
            raise AssertionError(f"the setup form was refused: {reply.body}")

    # --- the mission as the morning finds it ----------------------------------------------------
    def _snapshot(self, day: date) -> Snapshot:
        morning = datetime.combine(day, time(7), PARIS)
        active = tuple(p for p in self.people if p.id not in self.gone)
        with Session(self.box.runtime.engine) as session:
            mission = session.exec(select(Mission).where(Mission.channel_id == CHANNEL)).one()
            actions = session.exec(
                select(Action)
                .where(Action.mission_id == mission.id, Action.status == "open")
                .order_by(col(Action.number))
            ).all()
            owners: dict[int, list[str]] = {}
            held = select(ActionOwner).where(col(ActionOwner.action_id).in_([a.id for a in actions]))
            for owner in session.exec(held):
                owners.setdefault(owner.action_id, []).append(owner.user_id)
            meetings = session.exec(
                select(Meeting).where(Meeting.mission_id == mission.id, Meeting.status == "active")
            ).all()
            sittings = [
                Sitting(m.number, m.organiser_id, o.start.astimezone(PARIS))
                for m in meetings
                for o in upcoming(session, m, morning, morning + timedelta(days=4))
            ]
            milestones = session.exec(
                select(Milestone).where(Milestone.mission_id == mission.id, Milestone.status == "open")
            ).all()
        return Snapshot(
            day=day,
            people=active,
            director=self.director,
            actions=tuple(
                OpenAction(a.number, a.id or 0, tuple(owners.get(a.id or 0, ())), _due_day(a), a.message_ts)
                for a in actions
            ),
            sittings=tuple(sorted(sittings, key=lambda s: s.start)),
            milestones=tuple(
                OpenMilestone(m.number, m.id or 0, m.owner_id, m.due_on)
                for m in milestones
                if m.due_on <= day + timedelta(days=7)
            ),
            archived=self.box.slack.state.channels[CHANNEL].archived,
        )


def _due_day(action: Action) -> date | None:
    if action.due_date is not None:
        return action.due_date
    return action.due_at.astimezone(PARIS).date() if action.due_at else None


def _shown(box: Sandbox, mark: int) -> dict[str, Any]:
    """The form a command opened: its last update of the loading view."""
    updates = [c for c in box.slack.since(mark) if c.method == "views.update"]
    if not updates:
        raise AssertionError("no form opened")
    return dict(updates[-1].args["view"])


@contextmanager
def season(database_url: str, seed: int, log: Callable[[str], None]) -> Iterator[Season]:
    with sandbox(database_url, start=datetime.combine(START, time(8), PARIS), oauth=True) as box:
        empty_tables(box.runtime.engine)
        played = Season(box, seed, log)
        try:
            played.set_up()
            yield played
        finally:
            logging.getLogger().removeHandler(played.errors)


def play(database_url: str, *, seed: int, days: int, log: Callable[[str], None] = lambda _l: None) -> Report:
    """Play `days` days of the season drawn from `seed`; raises SeasonBroken when an invariant breaks."""
    started = wall.monotonic()
    with season(database_url, seed, log) as played:
        try:
            for number in range(days):
                log(f"day {number} {START + timedelta(days=number):%a %d/%m/%Y}")
                played.play_day(number)
        finally:
            played.report.seconds = wall.monotonic() - started
    return played.report
