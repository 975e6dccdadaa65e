"""The offline demo: the real app on the embedded database, a scripted morning of the mission.

Signed requests go to the real Bolt app over HTTP; the bot's Web API calls go to the local
stand-in; the terminal shows what each person would see in Slack.
"""
from __future__ import annotations

import logging
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.missions.plan_file import read_plan
from sandbox.canvases import Canvas
from sandbox.standin import BOT_USER, TEAM, Call
from scheduler.clock import plan_ahead
from scheduler.delivery import Deliverer, TickReport
from testing.harness import Sandbox, sandbox, setup_values
from testing.transcript import message_lines, view_lines

CHANNEL = "C0MISSION"
PLAN_CHANNEL = "C0PLAN"
PLAN = Path(__file__).resolve().parents[2] / "plans" / "srdeii.yaml"
CLAIRE, MARIE, TOM, KARIM = "U0CLAIRE", "U0MARIE", "U0TOM", "U0KARIM"
PARIS = ZoneInfo("Europe/Paris")


class Narrator:
    """Prints each step and what every person sees as a result."""

    def __init__(self, box: Sandbox) -> None:
        self.box = box
        self.names = {u.id: u.real_name.split()[0] for u in box.slack.state.users.values()}
        self.names.update({c.id: c.name for c in box.slack.state.channels.values()})

    def step(self, who: str, what: str) -> int:
        print(f"\n\033[1m▶ {what[2:] if what.startswith('— ') else self.names[who] + ': ' + what}\033[0m")
        return self.box.slack.mark()

    def command(self, who: str, name: str, text: str, note: str = "", channel: str = CHANNEL) -> list[Call]:
        """`who` types a slash command; print what everybody sees."""
        mark = self.step(who, f"{name} {text}{'   (' + note + ')' if note else ''}")
        self.box.driver.command(name, text, user=who, channel=channel)
        return self.show(mark, who)

    def show(self, mark: int, actor: str, tick: TickReport | None = None) -> list[Call]:
        calls = self.box.slack.since(mark)
        if tick is not None:
            print(f"  (outbox: {tick.sent} sent, {tick.dropped} dropped as pointless, {tick.retried} to retry"
                  f"{f', {tick.canvases} canvas(es) written' if tick.canvases else ''})")
        for call in calls:
            heading = self._heading(call, actor)
            if heading is None:
                continue
            print(f"  {heading}")
            lines = view_lines(call.args["view"], self.names) if call.method.startswith("views.") \
                else message_lines(call.args, self.names)
            for line in lines:
                print("    " + line)
        return calls

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


def show_canvas(label: str, canvas: Canvas | None) -> None:
    """A canvas as Slack would hold it: its title and markdown."""
    print(f"\n\033[1m▶ {label}\033[0m")
    if canvas is None:
        print("  (no canvas)")
        return
    print(f"  — canvas {canvas.id} « {canvas.title} »")
    for line in canvas.markdown.splitlines():
        print("    " + line)


def add(total: TickReport, report: TickReport) -> None:
    for name in ("claimed", "sent", "retried", "failed", "dropped", "recovered"):
        setattr(total, name, getattr(total, name) + getattr(report, name))


def last(calls: list[Call], method: str) -> Call:
    return [c for c in calls if c.method == method][-1]


def play(keep: str | None = None) -> int:
    started = time.monotonic()
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="concerto-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    db.unlink(missing_ok=True)
    with sandbox(f"sqlite:///{db}") as box:
        logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output, not the log
        slack, drive = box.slack, box.driver
        slack.add_channel(CHANNEL, "mission-srdeii", member=True)  # Claire invited @Concerto, as the README says
        slack.add_user(CLAIRE, "claire", "Claire Martin")
        slack.add_user(MARIE, "marie", "Marie Dubois")
        slack.add_user(TOM, "tom", "Tom Baker", tz="Europe/London", locale="en-GB")
        slack.add_user(KARIM, "karim", "Karim Benali")
        say = Narrator(box)
        print("Concerto offline demo — the regional economic development plan mission, Monday 30 November 2026, 09:30 "
              "in Paris.\nEvery request below is signed and sent over HTTP to the real app; Slack is a local stand-in.")

        mark = say.step(CLAIRE, "/concerto setup")
        drive.command("/concerto", "setup", user=CLAIRE, channel=CHANNEL)
        form = last(say.show(mark, CLAIRE), "views.update").args["view"]
        setup = setup_values(CLAIRE)
        say.step(CLAIRE, "picks Concerto itself as project director by mistake and saves the form")
        refused = drive.submit(form, {**setup, "director": {"type": "users_select", "selected_user": BOT_USER}},
                               user=CLAIRE)
        print("  — the form stays open, under the director field:\n    " + refused.json()["errors"]["director"])
        mark = say.step(CLAIRE, "names herself project director and saves the form")
        drive.submit(form, setup, user=CLAIRE)
        say.show(mark, CLAIRE)

        calls = say.command(MARIE, "/action", "Réserver l'hémicycle pour le séminaire de lancement "
                                              "<@U0KARIM|karim> pour vendredi")
        karims_dm = last(calls, "chat.postMessage")

        say.command(TOM, "/action", "Confirm the moderators of the 6 thematic workshops <@U0TOM|tom> "
                                    "<@U0MARIE|marie> by 04/12 2pm", note="Tom is in London")

        say.command(MARIE, "/action", "Préparer le plan média &amp; les invitations (800 participants) <!channel> "
                                      "avant 15/12 14h30", note="typed @channel is shown, never pinged")

        say.command(KARIM, "/action", "list")

        say.command(MARIE, "/action", "Ajouter les logos des partenaires au programme <@U0KARIM|karim> pour vendredi",
                    note="an action item that starts with a command word")
        say.command(KARIM, "/action", "Relancer la CCI pour les intervenants dans 3 jours")
        say.command(MARIE, "/action", "Envoyer le compte rendu du COPIL aux élus J+7")
        say.command(MARIE, "/action", "Appeler la préfecture pour mrdi", note="a typo in the date")
        say.command(MARIE, "/action", "due 3 29/02/2027")
        say.command(MARIE, "/action", f"Relancer le service communication <@{BOT_USER}|concerto>",
                    note="the bot cannot own an action")
        say.command(CLAIRE, "/action", "list <@U0KARIM|karim>")

        say.command(KARIM, "/action", "edit 2 Liste des animateurs", note="not his action")

        mark = say.step(KARIM, "clicks [ Terminé ] in his DM about action #1")
        drive.click_button(karims_dm.args, "action_done", user=KARIM, channel=karims_dm.result["channel"],
                          ts=karims_dm.result["ts"])
        say.show(mark, KARIM)

        say.command(TOM, "/action", "due 3 someday")

        prompt = last(say.command(MARIE, "/action", "Rédiger la synthèse de la réunion de cadrage pour 27/11"),
                      "respond")
        mark = say.step(MARIE, "clicks [ Créer quand même ]")
        drive.click_button(prompt.args, "action_confirm_past", user=MARIE, channel=CHANNEL, ts="0")
        say.show(mark, MARIE)

        message = "Il faut relancer la CCI et la CMA pour les intervenants de la table ronde n°2"
        mark = say.step(MARIE, f"⋯ › Create action item, on Claire's message « {message} »")
        drive.message_shortcut("create_action_item", user=MARIE, channel=CHANNEL, message_text=message,
                               message_ts="1700000100.000100", author=CLAIRE)
        form = last(say.show(mark, MARIE), "views.update").args["view"]
        mark = say.step(MARIE, "picks Tuesday 8 December and submits the form")
        drive.submit(form, {
            "text": {"type": "plain_text_input", "value": message},
            "owners": {"type": "multi_users_select", "selected_users": [MARIE]},
            "due_date": {"type": "datepicker", "selected_date": "2026-12-08"},
            "due_time": {"type": "timepicker", "selected_time": None},
        }, user=MARIE)
        say.show(mark, MARIE)

        say.command(CLAIRE, "/action", "list all")

        say.command(CLAIRE, "/meeting", 'add weekly "Réunion de coordination" tous les mardis 9h30 pendant 1h '
                                        "lieu Hôtel de Région, salle 204")

        say.command(TOM, "/meeting", 'add cotech "COTECH n°2" on 10/12 14:00 for 2h where Salle des commissions')

        say.command(KARIM, "/meeting", "agenda 1 add Choix du lieu du séminaire de lancement")
        say.command(CLAIRE, "/meeting", 'add debate "Débat « Finistère 2030 »" le 12/01/2027 18h pendant 2h30 '
                                        "lieu Hémicycle avec <@U0MARIE|marie>")
        say.command(CLAIRE, "/meeting", "edit 3 rappels -7j -1j@16h")
        say.command(TOM, "/meeting", 'add workshop "Atelier mobilités" le 10/12 14h pendant 30h')
        say.command(CLAIRE, "/phase", 'add "Séminaire de lancement" 15/01/2027 15/01/2027')
        say.command(CLAIRE, "/phase", 'milestone add 1 "Salle du séminaire réservée" 03/12 <@U0KARIM|karim>')

        clock = Deliverer(box.runtime.engine, WebClient(token="xoxb-sandbox", base_url=slack.api_url,
                                                        retry_handlers=[]),
                          box.clock, worker="demo-clock", sleep=lambda _s: None)
        def run_until(label: str, until: datetime) -> None:
            """The clock process over a stretch of the week: a tick whenever something falls due, and
            the re-plan every hour, as `concerto clock` does."""
            mark = say.step(CLAIRE, "— " + label)
            total = TickReport()
            while True:
                now = box.clock.now()
                hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
                first = box.runtime.services.outbox.list(states=("pending",), until=until, limit=1)
                moment = min(hour, max(first[0].run_at, now)) if first else hour
                if moment > until:
                    break
                box.clock.set(moment)
                if moment == hour:
                    plan_ahead(box.runtime.services)
                add(total, clock.tick())
            box.clock.set(until)
            say.show(mark, CLAIRE, total)

        def restart(label: str, at: datetime) -> None:
            """A clock started again after a downtime: the re-plan first, then a tick."""
            mark = say.step(CLAIRE, "— " + label)
            box.clock.set(at)
            plan_ahead(box.runtime.services)
            say.show(mark, CLAIRE, clock.tick())

        def tick_at(label: str, *moments: datetime) -> None:
            mark = say.step(CLAIRE, "— " + label)
            for moment in moments:
                box.clock.set(moment)
                say.show(mark, CLAIRE, clock.tick())
                mark = slack.mark()

        run_until("the clock process runs (a tick every few seconds, the re-plan every hour) until Wednesday "
                  "2 December, 18:00 in Paris, when it goes down", datetime(2026, 12, 2, 18, 0, tzinfo=PARIS))
        restart("it is started again on Friday 4 December at 14:30: the re-plan first (it never withdraws what "
                "is due), then a tick: what still matters goes out, marked late; what was superseded is dropped",
                datetime(2026, 12, 4, 14, 30, tzinfo=PARIS))
        run_until("Friday 4 December, 17:00: the project director's weekly digest",
                  datetime(2026, 12, 4, 17, 0, tzinfo=PARIS))
        say.command(CLAIRE, "/phase", "list")

        slack.add_channel(PLAN_CHANNEL, "concertation", member=True)
        say.names[PLAN_CHANNEL] = "concertation"
        say.step(CLAIRE, f"— Claire imports the whole mission plan into #concertation: concerto plan import "
                         f"{PLAN.relative_to(PLAN.parent.parent)} --channel {PLAN_CHANNEL}")
        services = box.runtime.services
        mission = services.missions.for_channel(TEAM, PLAN_CHANNEL)
        done = services.plans.import_plan(mission, read_plan(PLAN.read_text(), now=box.clock.now()), actor=CLAIRE)
        print("  " + ", ".join(f"{n} {what}" for what, n in sorted(done.items())))
        say.command(CLAIRE, "/phase", "list", channel=PLAN_CHANNEL)
        say.command(CLAIRE, "/phase", "timeline", channel=PLAN_CHANNEL)
        picture = folder / "timeline.png"
        picture.write_bytes(slack.state.shared[-1]["bytes"])
        print(f"  (the picture is saved in {picture})")

        say.command(CLAIRE, "/concerto", "export")
        log = slack.state.shared[-1]["bytes"].decode("utf-8-sig").splitlines()
        print("  — the CSV file, opened in Excel (first lines):\n" + "\n".join("    " + line for line in log[:4]))

        say.command(KARIM, "/meeting", "agenda 2 add Calendrier des ateliers thématiques")
        say.command(KARIM, "/meeting", "agenda 2 add Budget du séminaire")
        box.clock.set(datetime(2026, 12, 10, 15, 30, tzinfo=PARIS))
        say.command(TOM, "/meeting", "agenda 2 done 1", note="during the COTECH")
        tick_at("Thursday 10 December, 16:00: the COTECH is over; its organiser is asked for its follow-up",
                datetime(2026, 12, 10, 16, 0, tzinfo=PARIS))
        box.clock.set(datetime(2026, 12, 10, 16, 30, tzinfo=PARIS))
        say.command(TOM, "/meeting", "decide 2 Le séminaire de lancement se tiendra le 15 janvier à l'hémicycle",
                    note="after the COTECH")
        say.command(TOM, "/meeting", "minutes 2")
        tick_at("Thursday 10 December, 16:31: the clock writes the canvases",
                datetime(2026, 12, 10, 16, 31, tzinfo=PARIS))
        prompt = [c for c in slack.calls("chat.postMessage")
                  if c.args["channel"] == TOM and "meeting_new_action" in str(c.args.get("blocks"))][-1]
        mark = say.step(TOM, "clicks [ New action ] in the COTECH's follow-up DM and fills the form")
        drive.click_button(prompt.args, "meeting_new_action", user=TOM, channel=prompt.result["channel"],
                           ts=prompt.result["ts"])
        form = last(slack.since(mark), "views.update").args["view"]
        drive.submit(form, {
            "text": {"type": "plain_text_input", "value": "Envoyer le relevé de décisions aux élus"},
            "owners": {"type": "multi_users_select", "selected_users": [CLAIRE]},
            "due_date": {"type": "datepicker", "selected_date": "2026-12-14"},
            "due_time": {"type": "timepicker", "selected_time": None},
        }, user=TOM)
        say.show(mark, TOM)
        tick_at("Thursday 10 December, 16:33: the minutes follow (one write a minute at most)",
                datetime(2026, 12, 10, 16, 33, tzinfo=PARIS))
        show_canvas("the mission canvas (the channel's canvas tab), after its week", slack.channel_canvas(CHANNEL))
        minutes = [c for c in slack.canvases().values() if not c.channel_canvas and c.channel == CHANNEL]
        show_canvas("the COTECH's minutes, shared in #mission-srdeii", minutes[-1] if minutes else None)

        problems = slack.state.violations
        print(f"\nDone in {time.monotonic() - started:.1f} s: {len(slack.calls())} Web API calls, "
              f"{len(problems)} rejected by Slack's rules.")
        for p in problems:
            print("  ✗", p)
        if keep:
            print(f"The demo database is kept in {db}")
        return 1 if problems else 0
