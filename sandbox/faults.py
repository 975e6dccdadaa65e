"""A fault the stand-in answers a call with when a test injects it (`slack.inject(method, Fault(…))`), or when
its rate limit refuses a post: shared by the stand-in, which picks it, and its HTTP side, which sends it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Fault:
    """How to answer one call: an HTTP error (the call is refused), a slow answer (it succeeds), or no answer
    at all (`unanswered`: the call is done, then the connection drops, as when Slack's answer is lost on the
    way: the caller cannot tell it from a call that never arrived)."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    unanswered: bool = False
