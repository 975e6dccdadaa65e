"""Scenarios drive the real app through signed HTTP and the Slack stand-in."""
from tests.box import box  # noqa: F401 — a fixture, found by name
