"""The demo's stage: the sandbox, a narrator that prints what every person sees, and the clock process
driven over the mission's week. Each scene is a function taking the Player."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from sandbox.canvases import Canvas
from sandbox.standin import Call
from scheduler.clock import plan_ahead, tick
from scheduler.delivery import Deliverer
from scheduler.outcomes import TickReport
from testing.harness import Sandbox
from testing.transcript import message_lines, view_lines

CHANNEL = "C0MISSION"
PARIS = ZoneInfo("Europe/Paris")  # the mission's time zone: every date of the script is there
CLAIRE, MARIE, TOM, KARIM = "U0CLAIRE", "U0MARIE", "U0TOM", "U0KARIM"
REGINE = "U0REGINE"  # the Region's COTECH secretary, who approves its minutes for the client


class Narrator:
    """Prints each step and what every person sees as a result."""

    def __init__(self, box: Sandbox) -> None:
        self.box = box
        self.names = {u.id: u.real_name.split()[0] for u in box.slack.state.users.values()}
        self.names.update({c.id: c.name for c in box.slack.state.channels.values()})

    def step(self, who: str, what: str) -> int:
        """Print a step (a person's, or with `— ` the world's); the mark its calls follow."""
        print(f"\n\033[1m▶ {what[2:] if what.startswith('— ') else self.names[who] + ': ' + what}\033[0m")
        return self.box.slack.mark()

    def command(self, who: str, name: str, text: str, note: str = "", channel: str = CHANNEL) -> list[Call]:
        """`who` types a slash command; print what everybody sees."""
        mark = self.step(who, f"{name} {text}{'   (' + note + ')' if note else ''}")
        self.box.driver.command(name, text, user=who, channel=channel)
        return self.show(mark, who)

    def show(self, mark: int, actor: str, tick: TickReport | None = None) -> list[Call]:
        """Print the calls since `mark` as people see them (and the clock's tick, if any)."""
        calls = self.box.slack.since(mark)
        if tick is not None:
            print(
                f"  (outbox: {tick.sent} sent, {tick.dropped} dropped as pointless, {tick.retried} to retry"
                f"{f', {tick.canvases} canvas(es) written' if tick.canvases else ''})"
            )
        for call in calls:
            heading = self._heading(call, actor)
            if heading is None:
                continue
            print(f"  {heading}")
            lines = (
                view_lines(call.args["view"], self.names)
                if call.method.startswith("views.")
                else message_lines(call.args, self.names)
            )
            for line in lines:
                print("    " + line)
        return calls

    def canvas(self, label: str, canvas: Canvas | None) -> None:
        """A canvas as Slack would hold it: its title and markdown."""
        print(f"\n\033[1m▶ {label}\033[0m")
        if canvas is None:
            print("  (no canvas)")
            return
        print(f"  — canvas {canvas.id} « {canvas.title} »")
        for line in canvas.markdown.splitlines():
            print("    " + line)

    def _heading(self, call: Call, actor: str) -> str | None:
        a = call.args
        if call.method == "respond":
            if a.get("delete_original"):
                return None
            if a.get("replace_original"):
                return f"— the message {self.names[actor]} clicked is updated:"
            return f"— {self.names[actor]} sees (only visible to them):"
        if call.method == "chat.postEphemeral":
            return f"— {self.names[a['user']]} sees in #{self.names[a['channel']]} (only visible to them):"
        if call.method == "chat.postMessage":
            target = a["channel"]
            return f"— DM to {self.names[target]}:" if target.startswith("U") else f"— #{self.names[target]}:"
        if call.method == "chat.update":
            return f"— #{self.names.get(a['channel'], a['channel'])} (message updated):"
        if call.method == "views.update":  # the form in place of the loading view views.open showed
            return f"— a form opens for {self.names[actor]}:"
        return None


class Player:
    """The sandbox, its narrator, the demo's folder, and a clock process over the manual clock."""

    def __init__(self, box: Sandbox, folder: Path) -> None:
        self.box, self.folder = box, folder
        self.slack, self.drive = box.slack, box.driver
        self.say = Narrator(box)
        client = WebClient(token="xoxb-sandbox", base_url=box.slack.api_url, retry_handlers=[])
        self.deliverer = Deliverer(box.runtime.engine, client, box.clock, worker="demo-clock", sleep=lambda _s: None)

    def tick(self) -> TickReport:
        """One tick of the clock process, its heartbeat with it."""
        return tick(self.deliverer)

    def run_until(self, label: str, until: datetime) -> None:
        """The clock process over a stretch of the week: a tick whenever something falls due, and
        the re-plan every hour, as `concerto clock` does."""
        mark = self.say.step(CLAIRE, "— " + label)
        total, last = TickReport(), None
        while True:
            now = self.box.clock.now()
            hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            first = self.box.runtime.services.outbox.list(states=("pending",), until=until, limit=1, held=False)
            moment = min(hour, max(first[0].run_at, now)) if first else hour
            moment, last = (hour if moment == last else moment), moment  # a row that cannot go yet: on to the hour
            if moment > until:
                break
            self.box.clock.set(moment)
            if moment == hour:
                plan_ahead(self.box.runtime.services)
            _add(total, self.tick())
        self.box.clock.set(until)
        self.say.show(mark, CLAIRE, total)

    def restart(self, label: str, at: datetime) -> None:
        """A clock started again after a downtime: the re-plan first, then a tick."""
        mark = self.say.step(CLAIRE, "— " + label)
        self.box.clock.set(at)
        plan_ahead(self.box.runtime.services)
        self.say.show(mark, CLAIRE, self.tick())

    def tick_at(self, label: str, moment: datetime) -> None:
        """One tick of the clock process at `moment`."""
        mark = self.say.step(CLAIRE, "— " + label)
        self.box.clock.set(moment)
        self.say.show(mark, CLAIRE, self.tick())


def last(calls: list[Call], method: str) -> Call:
    """The latest of these calls to `method`."""
    return [c for c in calls if c.method == method][-1]


def _add(total: TickReport, report: TickReport) -> None:
    for name in ("claimed", "sent", "retried", "failed", "dropped", "recovered"):
        setattr(total, name, getattr(total, name) + getattr(report, name))
