"""`concerto …`: run the bot, migrate the database, and the subcommands other packages add (the offline demo)."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from importlib.metadata import entry_points

from pydantic import SecretStr

from concerto.settings import Settings, load_database_settings, load_settings

# gunicorn runs the processes (a graceful stop on SIGTERM, a dead worker replaced); each worker serves the ASGI
# front on uvicorn's event loop, with h11 as its HTTP parser (httptools sets no bound on a request's headers).
# --timeout: a worker whose event loop has not ticked in 30 s is restarted (it no longer times requests: the
# front's deadline bounds a body, Slack's own 3 s the rest). The access log is uvicorn's, one line a request.
GUNICORN = ["--worker-class", "uvicorn_worker.UvicornH11Worker", "--workers", "2", "--timeout", "30",
            "--access-logfile", "-"]
APP = "concerto.front:create_asgi()"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concerto",
                                     description="Concerto, the Slack bot of a public consultation mission.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("run", help="run the bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $PORT")
    sub.add_parser("web", help="serve /slack/events, /healthz, calendar feeds (and, with OAuth installs, "
                               "/slack/install and /slack/oauth_redirect) under gunicorn on $PORT, "
                               "with a work process beside each worker (Procfile web)")
    work = sub.add_parser("work", help="claim and run the requests the web processes acknowledged (Procfile work)")
    work.add_argument("--threads", type=int, default=4, help="requests run at once (default 4)")
    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply every pending migration (Procfile release)")
    rev = db_sub.add_parser("revision", help="autogenerate a migration from model changes (developers)")
    rev.add_argument("-m", "--message", required=True)
    clock = sub.add_parser("clock", help="run the scheduler that delivers reminders (Procfile clock; one is active)")
    clock.add_argument("--interval", type=float, default=10.0, help="seconds between ticks (default 10)")
    clock.add_argument("--lease", type=float, default=60.0,
                       help="seconds a claim is held before another clock may recover it (default 60)")
    outbox = sub.add_parser("outbox", help="what will be sent, to whom and when; retry failed notifications")
    shown = outbox.add_mutually_exclusive_group()
    shown.add_argument("--pending", action="store_true", help="only what is waiting to be sent (the default)")
    shown.add_argument("--failed", action="store_true", help="only what could not be delivered")
    shown.add_argument("--all", action="store_true", help="everything, sent and cancelled included")
    outbox.add_argument("--until", metavar="WHEN", help="only what is due by then, e.g. 'friday 18:00' or 04/12")
    outbox_sub = outbox.add_subparsers(dest="outbox_command", metavar="retry")
    retry = outbox_sub.add_parser("retry", help="queue a failed notification again")
    retry.add_argument("id", type=int)
    export = sub.add_parser("export", help="export data for people outside Slack")
    export_sub = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    ics = export_sub.add_parser("ics", help="a channel's meetings as an iCalendar (.ics) file")
    ics.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    ics.add_argument("--team", help="the Slack team id: only that workspace's mission")
    ics.add_argument("--out", help="file to write (default: standard output)")
    log = export_sub.add_parser("actions", help="the action and decision log (CSV, UTF-8 with BOM, ';')")
    log.add_argument("--format", choices=("csv",), default="csv")
    log.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    log.add_argument("--team", help="the Slack team id: only that workspace's mission")
    log.add_argument("--out", help="file to write (default: standard output)")
    timeline = sub.add_parser("timeline", help="the mission plan as a PNG picture (phases, milestones, today)")
    timeline.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    timeline.add_argument("--team", help="the Slack team id: only that workspace's mission")
    timeline.add_argument("--out", default="plan.png", help="file to write (default plan.png; - for stdout)")
    timeline.add_argument("--lang", choices=("fr", "en"), help="language of the labels (default: the channel's)")
    plan = sub.add_parser("plan", help="mission plans (YAML): phases, milestones, meetings")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")
    imp = plan_sub.add_parser("import", help="check a plan file, then create or update all it describes")
    imp.add_argument("file")
    imp.add_argument("--channel", required=True, help="the mission's Slack channel id, e.g. C0123")
    imp.add_argument("--team", help="the Slack team id (needed when the channel has no mission yet)")
    imp.add_argument("--as", dest="as_user", help="who organises the meetings (default: the project director)")
    imp.add_argument("--prune", action="store_true",
                     help="remove what an earlier import created and the file no longer has (listed either way)")
    for added in entry_points(group="concerto.commands"):  # e.g. testing.demo: the root never imports it
        added.load()(sub.add_parser)  # it adds its parser, with `execute` (args -> exit code) as a default

    args = parser.parse_args(argv)
    if "execute" in args:
        return args.execute(args)
    if args.command == "db":
        from storage import migrate

        url = load_database_settings().database_url
        if args.db_command == "upgrade":
            migrate.upgrade(url)
        else:
            migrate.revision(url, args.message)
        return 0
    if args.command == "clock":
        from concerto.wiring import run_clock_process

        return run_clock_process(interval=args.interval, lease=args.lease)
    if args.command == "plan":
        from concerto.commands import import_plan

        return import_plan(args)
    if args.command == "export":
        from concerto.commands import export_actions, export_ics

        return export_ics(args) if args.export_command == "ics" else export_actions(args)
    if args.command == "timeline":
        from concerto.commands import export_timeline

        return export_timeline(args)
    if args.command == "outbox":
        from concerto.commands import show_outbox

        return show_outbox(args)
    settings = load_settings()  # fail here, with one clear line, rather than in every worker
    if args.command == "work":
        from concerto.web import work_runtime
        from concerto.work import run_work_process

        return run_work_process(work_runtime, threads=args.threads, lease=settings.inbox_lease)
    if args.command == "run" and settings.slack_app_token:
        return socket_mode(settings, settings.slack_app_token)
    return web(settings)


def socket_mode(settings: Settings, token: SecretStr) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from concerto.app import build_runtime

    runtime = build_runtime(settings)
    SocketModeHandler(runtime.app, token.get_secret_value()).start()
    return 0


def web(settings: Settings) -> int:
    gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
    bind = f"0.0.0.0:{settings.port}"
    os.execv(gunicorn, [gunicorn, "--bind", bind, *GUNICORN, APP])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
