"""Processes seed and inspect the mission through the same sandbox the scenarios use (`box`, testing.plugin);
`web` runs the real web process (a module may override `web_env`, the settings it starts with); `slack` is a
stand-in on real time, for a real clock process."""

from tests.processes.harness import slack, web, web_clock, web_env  # noqa: F401 — fixtures, found by name
