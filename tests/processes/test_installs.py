"""Installs in several workspaces through the real processes: `concerto web` (gunicorn, with the work
process beside each worker) serving Bolt's OAuth flow, and `concerto clock` posting with each
workspace's own token."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import select

from sandbox.driver import SlackDriver
from sandbox.standin import TEAM, SlackStandIn
from storage.db import make_engine
from storage.installations import BOTS, INSTALLATIONS, bots_table
from storage.models import Mission
from testing.faults import db_url_for, figures, seed, start_clock, states, stop, wait_until
from testing.harness import empty_tables
from tests.processes.harness import CONCERTO, free_port, wait_healthy

AGENCY, REGION, SHARED = "T0AGENCE", "T0REGION", "C0SHARED"


def oauth_env(slack: SlackStandIn) -> dict[str, str]:
    installs = slack.state.workspaces
    return {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": installs.client_id, "SLACK_CLIENT_SECRET": installs.client_secret}


def test_web_installs_two_workspaces_and_serves_each_with_its_token(tmp_path: Path, database_url: str):
    url = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path / 'web.db'}"
    with SlackStandIn() as slack:
        env = {
            **os.environ,
            **oauth_env(slack),
            "SLACK_SIGNING_SECRET": "process-secret",
            "DATABASE_URL": url,
            "PORT": str(free_port()),
            "SLACK_APP_TOKEN": "",
            "SLACK_API_URL": slack.api_url,
            "PUBLIC_URL": "https://concerto.example.org",
        }
        subprocess.run(
            [*CONCERTO, "db", "upgrade"], env=env, cwd=tmp_path, check=True, timeout=120, capture_output=True
        )
        engine = make_engine(url)
        empty_tables(engine)
        slack.add_channel(SHARED, "concertation-region")
        slack.add_user("U0ANNA", "anna", "Anna Lefèvre")
        slack.add_user("U0BRUNO", "bruno", "Bruno Garcia")
        slack.state.workspaces.share(SHARED, AGENCY, REGION)
        log = tmp_path / "web.log"
        proc = subprocess.Popen(
            [*CONCERTO, "web"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{env['PORT']}"
        driver = SlackDriver(base, "process-secret", slack)
        try:
            wait_healthy(base, proc, log)
            for team, name in ((AGENCY, "Agence Concerto"), (REGION, "Région")):
                assert driver.install(team, name)[1].startswith("200")
            with engine.connect() as conn:
                assert sorted(conn.execute(select(bots_table.c.team_id)).scalars()) == [AGENCY, REGION]
            tokens = {team: next(iter(slack.state.workspaces.teams[team].tokens)) for team in (AGENCY, REGION)}

            for team, user, text in ((AGENCY, "U0ANNA", "Préparer le dossier"), (REGION, "U0BRUNO", "Valider")):
                reply = driver.command("/action", text, user=user, channel=SHARED, team=team)
                assert reply.status == 200
            posts = slack.wait_for(2, "chat.postMessage")
            with engine.connect() as conn:  # the mission is the workspace's whose command ran first
                owner = conn.execute(select(Mission.team_id)).scalar_one()  # type: ignore[call-overload]
            assert {p.token for p in posts} == {tokens[owner]}  # the mission's bot posts (and may update) both
            assert set(tokens.values()) <= {c.token for c in slack.calls("users.info")}  # each request, its own
            numbers = sorted(n for p in posts for n in ("#1", "#2") if n in p.args["text"])
            assert numbers == ["#1", "#2"]  # one mission, one numbering, whoever came first

            assert driver.event({"type": "app_uninstalled"}, team=AGENCY).status == 200
            wait_until(lambda: _installed(engine) == [REGION], timeout=20, what="the installation was forgotten")
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
                proc.wait(timeout=30)
            engine.dispose()
        assert slack.state.violations == []


def _installed(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(bots_table.c.team_id)).scalars())


def test_clock_posts_each_reminder_with_its_workspace_token(box, tmp_path: Path):
    with SlackStandIn() as slack:
        keys = seed(box, slack, 3)  # reminders of the workspace TEAM, due now
        slack.state.workspaces.add(TEAM, "Concerto demo")
        token = "xoxb-T0CONCERTO-installed"
        slack.state.workspaces.teams[TEAM].tokens.add(token)
        SQLAlchemyInstallationStore(
            client_id=slack.state.workspaces.client_id,
            engine=box.runtime.engine,
            bots_table_name=BOTS,
            installations_table_name=INSTALLATIONS,
        ).save(
            Installation(
                app_id="A0CONCERTO", team_id=TEAM, bot_token=token, bot_id="B0", bot_user_id="U0BOT", user_id="U0ADMIN"
            )
        )
        proc = start_clock(db_url_for(box), slack, tmp_path, credentials=oauth_env(slack))
        try:
            wait_until(lambda: states(box, keys)["sent"] == 3, what="the reminders were delivered")
        finally:
            stop(proc)
        assert figures(keys, slack) == {"injected": 3, "delivered": 3, "duplicated": 0, "lost": 0}
        assert {c.token for c in slack.calls("chat.postMessage")} == {token}
        assert slack.state.violations == []
