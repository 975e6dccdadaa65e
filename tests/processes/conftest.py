"""Processes seed and inspect the mission through the same sandbox the scenarios use; `web` runs the real
web process (a module may override `web_env`, the settings it starts with)."""
from tests.box import box  # noqa: F401 — a fixture, found by name
from tests.processes.harness import web, web_env  # noqa: F401 — fixtures, found by name
