"""`concerto web`: gunicorn serving the ASGI front (concerto.front) on $PORT (Procfile web)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from argparse import ArgumentParser, Namespace
from collections.abc import Callable

from concerto.settings import Settings, load_settings

# gunicorn runs the processes (a graceful stop on SIGTERM, a dead worker replaced); each worker serves the ASGI
# front on uvicorn's event loop, with h11 as its HTTP parser (httptools sets no bound on a request's headers).
# --timeout: a worker whose event loop has not ticked in 30 s is restarted (it no longer times requests: the
# front's deadline bounds a body, Slack's own 3 s the rest). The access log is uvicorn's, one line a request.
GUNICORN = [
    "--worker-class",
    "uvicorn_worker.UvicornH11Worker",
    "--workers",
    "2",
    "--timeout",
    "30",
    "--access-logfile",
    "-",
]
APP = "concerto.front:create_asgi()"


def add(add_parser: Callable[..., ArgumentParser]) -> None:
    web = add_parser(
        "web",
        help="serve /slack/events, /healthz, calendar feeds (and, with OAuth installs, "
        "/slack/install and /slack/oauth_redirect) under gunicorn on $PORT, "
        "with a work process beside each worker unless WEB_WORK=false (Procfile web)",
    )
    web.set_defaults(execute=execute)


def execute(args: Namespace) -> int:
    return serve(load_settings())  # fail here, with one clear line, rather than in every worker


def serve(settings: Settings) -> int:
    """Become gunicorn (exec): its signals and exit are the process's."""
    gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
    bind = f"0.0.0.0:{settings.port}"
    logs = ["--logger-class", "concerto.gunicorn_logs.JSONLogger"] if settings.log_format == "json" else []
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # the workers' and work processes' counters, added up
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="concerto-metrics-")
    os.execv(gunicorn, [gunicorn, "--bind", bind, *GUNICORN, *logs, APP])
    return 0  # not reached
