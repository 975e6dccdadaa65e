"""Processes seed and inspect the mission through the same sandbox the scenarios use."""
from tests.box import box  # noqa: F401 — a fixture, found by name
