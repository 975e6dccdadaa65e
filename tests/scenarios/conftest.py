"""Scenarios drive the real app through signed HTTP and the Slack stand-in."""
from tests.box import box, two  # noqa: F401 — fixtures, found by name
