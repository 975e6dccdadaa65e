"""`sandbox()`: the real app on a local port, the Slack stand-in, a signed-request driver and a manual
clock, over one database. The tests (through testing.plugin), the demo and the benchmarks drive it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlmodel import SQLModel

from bot.clock import ManualClock
from concerto.app import OPENERS, Runtime, build_runtime
from concerto.settings import Settings
from concerto.web import WebApp
from sandbox.driver import SlackDriver
from sandbox.executor import TrackedExecutor
from sandbox.server import serving
from sandbox.standin import SlackStandIn
from storage import migrate
from storage.db import Engine
from storage.inbox import inbox_engine

START = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))  # a Monday morning
SECRET = "demo-signing-secret"


@dataclass
class Sandbox:
    """The app served locally, the Slack stand-in, and a driver that speaks to the app as Slack."""

    runtime: Runtime
    slack: SlackStandIn
    driver: SlackDriver
    clock: ManualClock
    url: str


@contextmanager
def sandbox(database_url: str, *, start: datetime = START, oauth: bool = False) -> Iterator[Sandbox]:
    """Everything needed to drive Concerto offline; migrations applied first. `oauth`: installs in
    several workspaces (add them to `slack.state.workspaces`) instead of the one token."""
    migrate.upgrade(database_url)
    clock = ManualClock(start)
    with SlackStandIn(now=lambda: clock.now().timestamp()) as slack:
        executor, openers = TrackedExecutor(), TrackedExecutor(OPENERS, name="opener")
        installs = slack.state.workspaces
        settings = Settings.model_validate(
            {
                **(
                    {"slack_client_id": installs.client_id, "slack_client_secret": installs.client_secret}
                    if oauth
                    else {"slack_bot_token": "xoxb-sandbox"}
                ),
                "slack_signing_secret": SECRET,
                "slack_api_url": slack.api_url,
                "database_url": database_url,
                "public_url": "https://concerto.example.org",
            }
        )
        runtime = build_runtime(
            settings, clock=clock, listener_executor=executor, openers=openers, batch_window=0, spacing=0
        )

        def settle() -> None:  # modals opening, then the work after the acks
            openers.wait_idle()
            executor.wait_idle()

        with serving(WebApp(runtime.app, runtime.engine, runtime.services, signing_secret=SECRET)) as url:
            driver = SlackDriver(url, SECRET, slack, settle=settle)
            yield Sandbox(runtime, slack, driver, clock, url)
        openers.shutdown(wait=True)
        executor.shutdown(wait=True)
        runtime.engine.dispose()


def empty_tables(engine: Engine) -> None:
    """Every table emptied (between tests and benchmark scenarios), the schema kept."""
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))
    if (inbox := inbox_engine(engine)) is not engine:  # SQLite's, in its own file
        with inbox.begin() as conn:
            conn.execute(text("DELETE FROM inbox"))


def install(
    box: Sandbox, team: str, name: str, enterprise: str | None = None, org_teams: list[str] | None = None
) -> str:
    """An admin of `team` (or, with `org_teams`, of the Grid organisation `enterprise`, org-wide) installs
    the app through Bolt's flow; the token Slack issued."""
    _, back = box.driver.install(team, name, enterprise=enterprise, org_teams=org_teams)
    assert back.startswith("200"), back
    installed = enterprise if org_teams and enterprise else team  # an org-wide install is the organisation's
    (token,) = box.slack.state.workspaces.teams[installed].tokens
    return token


def setup_values(director: str) -> dict:
    """The /concerto setup form as a French mission fills it in: 9:00-18:00, Monday to Friday."""
    return {
        "director": {"type": "users_select", "selected_user": director},
        "timezone": {"type": "static_select", "selected_option": {"value": "Europe/Paris"}},
        "language": {"type": "static_select", "selected_option": {"value": "fr"}},
        "work_start": {"type": "timepicker", "selected_time": "09:00"},
        "work_end": {"type": "timepicker", "selected_time": "18:00"},
        "work_days": {"type": "checkboxes", "selected_options": [{"value": d} for d in "12345"]},
        "holidays": {"type": "checkboxes", "selected_options": [{"value": "FR"}]},
    }
