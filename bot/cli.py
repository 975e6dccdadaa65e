"""`concerto …`: run the bot, migrate the database, play the offline demo."""
from __future__ import annotations

import argparse
import os
import shutil
import sys

GUNICORN = ["--worker-class", "gthread", "--workers", "2", "--threads", "8", "--timeout", "30",
            "--access-logfile", "-"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concerto",
                                     description="Concerto, the Slack bot of a public consultation mission.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("run", help="run the bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $PORT")
    sub.add_parser("web", help="serve POST /slack/events and GET /healthz under gunicorn on $PORT (Procfile web)")
    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply every pending migration (Procfile release)")
    rev = db_sub.add_parser("revision", help="autogenerate a migration from model changes (developers)")
    rev.add_argument("-m", "--message", required=True)
    demo = sub.add_parser("demo", help="play the offline demo: the real app, a scripted mission, no Slack account")
    demo.add_argument("--keep", metavar="DIR", help="keep the demo database in DIR instead of a temporary folder")

    args = parser.parse_args(argv)
    if args.command == "demo":
        from sandbox.demo import play

        return play(keep=args.keep)
    if args.command == "db":
        from storage import migrate

        url = os.environ.get("DATABASE_URL")
        if args.db_command == "upgrade":
            migrate.upgrade(url)
        else:
            migrate.revision(url, args.message)
        return 0
    if args.command == "run" and os.environ.get("SLACK_APP_TOKEN"):
        return socket_mode()
    return web()


def socket_mode() -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.runtime import build_runtime

    runtime = build_runtime()
    SocketModeHandler(runtime.app, runtime.settings.slack_app_token.get_secret_value()).start()
    return 0


def web() -> int:
    from bot.settings import load_settings

    settings = load_settings()  # fail here, with one clear line, rather than in every worker
    gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
    bind = f"0.0.0.0:{settings.port}"
    os.execv(gunicorn, [gunicorn, "--bind", bind, *GUNICORN, "bot.web:create_wsgi()"])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
