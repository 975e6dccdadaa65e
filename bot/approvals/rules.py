"""What each step does to a sitting's approval. Pure: a state in, the next one out (or why not)."""

from __future__ import annotations

from bot.errors import UserError

AWAITED = "submitted"


def submitted(state: str) -> str:
    """Submitting: from a draft, a version changed since its approval, or one sent back; not twice."""
    if state == "submitted":
        raise UserError("approval.already_submitted")
    if state == "approved":
        raise UserError("approval.already_approved")
    return "submitted"


def decided(state: str, version: int, *, clicked: int, approve: bool) -> str:
    """The validator's answer to the version their DM showed (`clicked`): only while that very version waits.
    A version changed since, or already answered, is not answered again."""
    if state != AWAITED or version != clicked:
        raise UserError("approval.stale", version=clicked)
    return "approved" if approve else "changes"


def revised(state: str) -> tuple[str, bool]:
    """A decision of the sitting changed: (the state after, whether it makes a new version). Once submitted,
    what was shown is no longer what the minutes say: a new version, a draft again ("changed since approval"
    after an approval); a draft stays as it is."""
    if state == "approved":
        return "changed", True
    if state in ("submitted", "changes"):
        return "draft", True
    return state, False
