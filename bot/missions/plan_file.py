"""Mission plans in YAML: read and check a whole plan, reporting every error with its line. Pure.

    holidays: alsace-moselle                  # or france (the default), or none
    phases:
      seminar: {name: Séminaire de lancement, start: 2027-01-15, end: 2027-01-15}
    milestones:
      invitations: {name: Invitations envoyées, due: 21 days before seminar, owner: U0MARIE}
      synthesis: {name: Synthèse remise, due: 14 days after seminar}     # after its end
      forum: {name: Forum en ligne ouvert, due: 01/02/2027}
    meetings:
      coordination: {kind: weekly, title: Réunion de coordination, when: every tuesday 09:30, for: 1h}
    series:                                   # one meeting per date, for each item
      workshops:
        kind: workshop
        title: "Atelier {topic} — séance {n}"
        for: 3h
        each:
          - {topic: Industrie, where: CCI, dates: [09/02/2027 14:00, 09/03/2027 14:00, 06/04/2027 14:00]}

Every entry has a key (`seminar`, `invitations` …) that stays the same across re-imports, so that
importing an edited plan updates what it describes instead of adding it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.dates import DateError, parse_when
from bot.errors import UserError
from bot.meetings.grammar import AddMeeting, parse_meeting_command

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}$")


_RELATIVE = re.compile(r"^(\d{1,3})\s+(?:days?|jours?)\s+(before|after|avant|apres|après)\s+(\S+)$")


_USER = re.compile(r"^[UW][A-Z0-9]{2,20}$")


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class MilestoneSpec:
    key: str
    name: str
    due: date
    phase: str | None = None  # the phase it is relative to (and moves with)
    owner: str | None = None
    anchor: str = "start"  # the phase's boundary it keeps its distance to: "end" when set after the phase


@dataclass(frozen=True)
class MeetingSpec:
    key: str
    meeting: AddMeeting


@dataclass
class PlanSpec:
    phases: list[PhaseSpec] = field(default_factory=list)
    milestones: list[MilestoneSpec] = field(default_factory=list)
    meetings: list[MeetingSpec] = field(default_factory=list)
    holidays: tuple[str | None, str | None] | None = None  # (country, subdivision) the mission keeps, if said


HOLIDAYS = {  # what a plan's `holidays:` may say -> (country, subdivision)
    "france": ("FR", None),
    "alsace-moselle": ("FR", "6AE"),
    "none": (None, None),
}


class PlanError(UserError):
    """The plan cannot be imported; `problems` are `line N: what` sentences, all of them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("plan.invalid", problems="\n".join(problems))
        self.problems = problems


class _Reader:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.problems: list[str] = []

    def fail(self, node: Node, message: str) -> None:
        self.problems.append(f"line {node.start_mark.line + 1}: {message}")

    def mapping(self, node: Node | None, what: str) -> list[tuple[str, Node, Node]]:
        if node is None:
            return []
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} should be a mapping of keys to entries")
            return []
        return [(k.value if isinstance(k, ScalarNode) else "", k, v) for k, v in node.value]

    def fields(self, node: Node, what: str, allowed: set[str], required: set[str]) -> dict[str, Node]:
        found = {name: value for name, _k, value in self.mapping(node, what)}
        for name, key_node, _v in self.mapping(node, what):
            if name not in allowed:
                self.fail(key_node, f"{what}: unknown field '{name}' (expected {', '.join(sorted(allowed))})")
        for name in sorted(required - set(found)):
            self.fail(node, f"{what}: missing '{name}'")
        return found

    def text(self, node: Node | None, what: str, limit: int = 150) -> str | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.fail(node, f"{what} should be some text")
            return None
        value = " ".join(str(node.value).split())
        if len(value) > limit:
            self.fail(node, f"{what} is {len(value)} characters; the limit is {limit}")
            return None
        return value

    def day(self, node: Node | None, what: str) -> date | None:
        value = self.text(node, what)
        if node is None or value is None:
            return None
        try:
            return parse_when(value, self.now).day
        except DateError:
            self.fail(node, f"{what}: cannot read the date '{value}' (write 2027-01-15 or 15/01/2027)")
            return None

    def key(self, key_node: Node, name: str, seen: set[str], what: str) -> bool:
        if not _KEY.match(name):
            self.fail(key_node, f"{what} key '{name}' should be lower-case letters, digits, - or _")
            return False
        if name in seen:
            self.fail(key_node, f"{what} key '{name}' is used twice")
            return False
        seen.add(name)
        return True


def read_plan(text: str, *, now: datetime) -> PlanSpec:
    """The plan in `text`, checked whole; raises PlanError listing every problem with its line."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PlanError(
            [f"line {mark.line + 1 if mark else '?'}: not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
    reader = _Reader(now)
    plan = PlanSpec()
    if root is None:
        raise PlanError(["line 1: the plan is empty"])
    top = reader.fields(root, "the plan", {"holidays", "phases", "milestones", "meetings", "series"}, set())
    if (said := reader.text(top.get("holidays"), "holidays")) is not None:
        if said.lower() in HOLIDAYS:
            plan.holidays = HOLIDAYS[said.lower()]
        else:
            reader.fail(top["holidays"], f"holidays: '{said}' is not one of {', '.join(HOLIDAYS)}")
    keys: dict[str, set[str]] = {"phase": set(), "milestone": set(), "meeting": set()}  # a namespace each
    phases: dict[str, PhaseSpec] = {}
    for name, key_node, node in reader.mapping(top.get("phases"), "phases"):
        what = f"phase '{name}'"
        if not reader.key(key_node, name, keys["phase"], "phase"):
            continue
        f = reader.fields(node, what, {"name", "start", "end"}, {"name", "start", "end"})
        title, start, end = (
            reader.text(f.get("name"), what),
            reader.day(f.get("start"), what),
            reader.day(f.get("end"), what),
        )
        if start and end and end < start:
            reader.fail(f["end"], f"{what}: it ends before it starts")
        elif title and start and end:
            phases[name] = PhaseSpec(name, title, start, end)
    plan.phases = list(phases.values())
    for name, key_node, node in reader.mapping(top.get("milestones"), "milestones"):
        what = f"milestone '{name}'"
        if reader.key(key_node, name, keys["milestone"], "milestone"):
            _milestone(reader, plan, phases, name, node, what)
    for name, key_node, node in reader.mapping(top.get("meetings"), "meetings"):
        what = f"meeting '{name}'"
        if reader.key(key_node, name, keys["meeting"], "meeting"):
            f = reader.fields(node, what, {"kind", "title", "when", "for", "where", "with"}, {"kind", "title", "when"})
            _meeting(reader, plan, name, f, what, node)
    for name, key_node, node in reader.mapping(top.get("series"), "series"):
        if reader.key(key_node, name, keys["meeting"], "series"):
            _series(reader, plan, name, node, keys["meeting"])
    if reader.problems:
        raise PlanError(reader.problems)
    return plan


def _milestone(reader: _Reader, plan: PlanSpec, phases: dict[str, PhaseSpec], name: str, node: Node, what: str) -> None:
    f = reader.fields(node, what, {"name", "due", "owner"}, {"name", "due"})
    title, due_text, owner = reader.text(f.get("name"), what), reader.text(f.get("due"), what), None
    if "owner" in f:
        owner = reader.text(f["owner"], what)
        if owner and not _USER.match(owner):
            reader.fail(f["owner"], f"{what}: the owner should be a Slack user id such as U0123ABCD")
            owner = None
    if not (title and due_text):
        return
    relative = _RELATIVE.match(due_text.lower())
    if relative:
        days, direction, phase_key = int(relative.group(1)), relative.group(2), relative.group(3)
        phase = phases.get(phase_key)
        if phase is None:
            reader.fail(f["due"], f"{what}: no phase '{phase_key}' in this plan")
            return
        before = direction in ("before", "avant")
        due = phase.start - timedelta(days=days) if before else phase.end + timedelta(days=days)
        plan.milestones.append(MilestoneSpec(name, title, due, phase_key, owner, "start" if before else "end"))
    elif (day := reader.day(f["due"], what)) is not None:
        plan.milestones.append(MilestoneSpec(name, title, day, None, owner))


def _meeting(
    reader: _Reader,
    plan: PlanSpec,
    key: str,
    f: dict[str, Node],
    what: str,
    node: Node,
    title: str | None = None,
    when: str | None = None,
    where: str | None = None,
) -> None:
    kind = reader.text(f.get("kind"), what)
    title = title or reader.text(f.get("title"), what)
    when = when or reader.text(f.get("when"), what)
    duration = reader.text(f.get("for"), what) if "for" in f else None
    where = where or (reader.text(f.get("where"), what, 300) if "where" in f else None)
    attendees: tuple[str, ...] = ()
    if "with" in f:
        people = f["with"]
        if not isinstance(people, SequenceNode) or not all(
            isinstance(p, ScalarNode) and _USER.match(p.value) for p in people.value
        ):
            reader.fail(people, f"{what}: 'with' should be a list of Slack user ids")
        else:
            attendees = tuple(p.value for p in people.value)
    if not (kind and title and when):
        return
    if '"' in title:
        reader.fail(f.get("title", node), f"{what}: the title cannot contain double quotes")
        return
    command = f'add {kind} "{title}" {when}' + (f" for {duration}" if duration else "")
    try:
        meeting = parse_meeting_command(command, reader.now)
    except UserError as err:
        reader.fail(
            f.get("when", node),
            f"{what}: {err.key.split('.')[-1].replace('_', ' ')} "
            f"({', '.join(str(v) for v in err.params.values()) or command})",
        )
        return
    if not isinstance(meeting, AddMeeting):
        reader.fail(node, f"{what}: cannot read it as a meeting")
        return
    plan.meetings.append(
        MeetingSpec(
            key,
            AddMeeting(
                meeting.kind,
                meeting.title,
                meeting.at,
                meeting.rrule,
                meeting.on,
                meeting.duration_minutes,
                where or meeting.location,
                attendees or meeting.attendees,
            ),
        )
    )


def _series(reader: _Reader, plan: PlanSpec, name: str, node: Node, keys: set[str]) -> None:
    what = f"series '{name}'"
    f = reader.fields(node, what, {"kind", "title", "for", "where", "with", "each"}, {"kind", "title", "each"})
    template = reader.text(f.get("title"), what)
    items = f.get("each")
    if items is None or template is None:
        return
    if not isinstance(items, SequenceNode):
        reader.fail(items, f"{what}: 'each' should be a list")
        return
    for i, item in enumerate(items.value, 1):
        entry = reader.fields(item, f"{what}, item {i}", {"topic", "where", "dates"}, {"dates"})
        topic = reader.text(entry.get("topic"), what) if "topic" in entry else str(i)
        where = reader.text(entry.get("where"), what, 300) if "where" in entry else None
        dates = entry.get("dates")
        if not isinstance(dates, SequenceNode):
            reader.fail(dates or item, f"{what}, item {i}: 'dates' should be a list of dates with times")
            continue
        for n, when in enumerate(dates.value, 1):
            try:
                title = template.format(topic=topic, n=n, i=i)
            except (KeyError, IndexError, ValueError):
                reader.fail(f["title"], f"{what}: the title may use {{topic}}, {{n}} and {{i}} only")
                return
            key = f"{name}-{i}-{n}"
            keys.add(key)
            _meeting(
                reader,
                plan,
                key,
                f,
                f"{what}, item {i}, date {n}",
                when,
                title=title,
                when=f"on {reader.text(when, what)}",
                where=where,
            )
