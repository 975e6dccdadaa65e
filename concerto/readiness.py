"""`GET /readyz`: whether this deployment does its job, beyond being alive (`/healthz`). Ready when the
database answers, a clock ticked lately (reminders go out), and no acknowledged request waits too long in
the inbox (work processes run them). What is not ready is said, for the operator's probe and its log."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.db import Engine, ping, read_scope
from storage.heartbeats import last_beat
from storage.inbox import oldest_waiting


def readiness(
    engine: Engine, inbox: Engine, now: datetime, *, clock_silence: timedelta, inbox_wait: timedelta
) -> tuple[bool, dict[str, str]]:
    """(ready, what each part says)."""
    try:
        ping(engine)
        with read_scope(engine) as session:
            ticked = last_beat(session)
        with read_scope(inbox) as session:
            waiting_since = oldest_waiting(session)
    except Exception:  # noqa: BLE001 — a probe reports the database away, it does not raise
        return False, {"status": "not ready", "database": "unreachable"}
    parts = {"database": "ok", "clock": "ok", "inbox": "ok"}
    if ticked is None or now - ticked > clock_silence:
        parts["clock"] = "silent" + (f" since {ticked:%Y-%m-%dT%H:%M:%SZ}" if ticked else ": never ticked")
    if waiting_since is not None and now - waiting_since > inbox_wait:
        parts["inbox"] = f"a request has waited since {waiting_since:%Y-%m-%dT%H:%M:%SZ}"
    ready = all(v == "ok" for v in parts.values())
    return ready, {"status": "ready" if ready else "not ready", **parts}
