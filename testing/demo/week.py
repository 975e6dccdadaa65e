"""The clock's week: reminders and alerts as they fall due, a downtime from Wednesday evening to Friday
afternoon (what still matters goes out late, what was superseded is dropped), the director's digest."""

from __future__ import annotations

from datetime import datetime

from testing.demo.player import CLAIRE, PARIS, Player


def week(p: Player) -> None:
    p.run_until(
        "the clock process runs (a tick every few seconds, the re-plan every hour) until Wednesday "
        "2 December, 18:00 in Paris, when it goes down",
        datetime(2026, 12, 2, 18, 0, tzinfo=PARIS),
    )
    p.restart(
        "it is started again on Friday 4 December at 14:30: the re-plan first (it never withdraws what "
        "is due), then a tick: what still matters goes out, marked late; what was superseded is dropped",
        datetime(2026, 12, 4, 14, 30, tzinfo=PARIS),
    )
    p.run_until(
        "Friday 4 December, 17:00: the project director's weekly digest", datetime(2026, 12, 4, 17, 0, tzinfo=PARIS)
    )
    p.say.command(CLAIRE, "/phase", "list")
