"""Each step of a sitting's approval, as a table: what submitting, answering and a changed decision do to it."""

from __future__ import annotations

import pytest

from bot.approvals import rules
from bot.errors import UserError


@pytest.mark.parametrize(
    ("state", "after"),
    [
        ("draft", "submitted"),
        ("changed", "submitted"),
        ("changes", "submitted"),
        ("submitted", None),
        ("approved", None),
    ],
)
def test_submitting(state, after):
    if after is None:
        with pytest.raises(UserError):
            rules.submitted(state)
    else:
        assert rules.submitted(state) == after


@pytest.mark.parametrize(
    ("state", "version", "clicked", "approve", "after"),
    [
        ("submitted", 1, 1, True, "approved"),
        ("submitted", 1, 1, False, "changes"),
        ("submitted", 2, 1, True, None),  # version 1's DM, after version 2 was submitted
        ("approved", 1, 1, True, None),  # answered already: a second click changes nothing
        ("changes", 1, 1, True, None),
        ("draft", 2, 2, True, None),  # changed since it was submitted, not submitted again yet
        ("changed", 2, 1, True, None),
    ],
)
def test_answering(state, version, clicked, approve, after):
    if after is None:
        with pytest.raises(UserError) as err:
            rules.decided(state, version, clicked=clicked, approve=approve)
        assert err.value.key == "approval.stale"
    else:
        assert rules.decided(state, version, clicked=clicked, approve=approve) == after


@pytest.mark.parametrize(
    ("state", "after", "new_version"),
    [
        ("approved", "changed", True),  # changed since its approval: approved again
        ("submitted", "draft", True),  # what the validator is reading is no longer what the minutes say
        ("changes", "draft", True),
        ("draft", "draft", False),
        ("changed", "changed", False),  # one new version per round, however many decisions
    ],
)
def test_a_decision_changed(state, after, new_version):
    assert rules.revised(state) == (after, new_version)
