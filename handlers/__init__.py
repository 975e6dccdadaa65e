"""Bolt listeners, one module per feature, each with `register(app)`. What they share: `identity` (who asks,
in which mission), `replies`, `listeners` (ack now, work after) and `modals`; Homes are drawn in `home`.
Each listener: ack, parse, call a service, render, reply."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    actions,
    agenda,
    approvals,
    channels,
    digests,
    errors,
    home,
    installs,
    meetings,
    missions,
    people,
    phases,
    steps,
)


def register_all(app: App) -> None:
    for module in (
        missions,
        actions,
        agenda,
        meetings,
        approvals,
        phases,
        digests,
        home,
        installs,
        people,
        channels,
        steps,
        errors,
    ):
        module.register(app)
