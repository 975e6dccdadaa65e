"""Settings: a missing or malformed one stops start-up with one line naming it, never its value."""

from __future__ import annotations

import pytest

from concerto.settings import ConfigError, load_settings

GOOD = {"SLACK_BOT_TOKEN": "xoxb-123-secret-value", "SLACK_SIGNING_SECRET": "s3cr3t-signing"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "DATABASE_URL",
        "PORT",
        "DEFAULT_TIMEZONE",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "SLACK_SCOPES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults(monkeypatch):
    for k, v in GOOD.items():
        monkeypatch.setenv(k, v)
    s = load_settings()
    assert s.slack_api_url == "https://slack.com/api/" and s.port == 3000 and s.database_url is None
    assert s.slack_app_token is None and s.default_timezone == "Europe/Paris"
    assert s.database_synchronous_commit == "on"  # durable by default: the trade is the operator's


@pytest.mark.parametrize(
    ("env", "name", "words"),
    [
        ({"SLACK_SIGNING_SECRET": "x"}, "SLACK_BOT_TOKEN", "is missing"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET", "is missing"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-user-token-secret"}, "SLACK_BOT_TOKEN", "xoxb-"),
        ({**GOOD, "SLACK_APP_TOKEN": "nope-secret"}, "SLACK_APP_TOKEN", "xapp-"),
        ({**GOOD, "PORT": "http"}, "PORT", "is invalid"),
        ({**GOOD, "SLACK_API_URL": "localhost:9"}, "SLACK_API_URL", "http"),
        ({**GOOD, "DEFAULT_TIMEZONE": "Paris"}, "DEFAULT_TIMEZONE", "IANA"),
        ({**GOOD, "DATABASE_SYNCHRONOUS_COMMIT": "sometimes"}, "DATABASE_SYNCHRONOUS_COMMIT", "'on' or 'off'"),
        ({"SLACK_SIGNING_SECRET": "x", "SLACK_CLIENT_ID": "123.456"}, "SLACK_CLIENT_SECRET", "is missing"),
        ({"SLACK_SIGNING_SECRET": "x", "SLACK_CLIENT_SECRET": "cs-secret"}, "SLACK_CLIENT_ID", "is missing"),
        ({**GOOD, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs-secret"}, "SLACK_CLIENT_ID", "not both"),
    ],
)
def test_bad_settings_name_the_setting_and_hide_the_value(monkeypatch, env, name, words):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert "\n" not in message and name in message and words in message
    assert "secret" not in message.replace("SIGNING_SECRET", "")


def test_oauth_settings_replace_the_bot_token_and_default_to_the_manifest_scopes(monkeypatch):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cr3t-signing")
    monkeypatch.setenv("SLACK_CLIENT_ID", "123.456")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret-value")
    s = load_settings()
    assert s.oauth and s.slack_bot_token is None
    assert s.scopes == [
        "commands",
        "chat:write",
        "chat:write.public",
        "channels:join",
        "users:read",
        "im:write",
        "im:history",
        "files:write",
        "channels:history",
        "groups:history",
        "canvases:write",
        "bookmarks:read",
        "bookmarks:write",
        "channels:read",
        "groups:read",
    ]
    monkeypatch.setenv("SLACK_SCOPES", "commands, chat:write")
    assert load_settings().scopes == ["commands", "chat:write"]
    monkeypatch.setenv("SLACK_SCOPES", "")  # as .env.example leaves it
    assert load_settings().scopes == s.scopes


def test_one_workspace_mode_stays_the_default(monkeypatch):
    for k, v in GOOD.items():
        monkeypatch.setenv(k, v)
    assert not load_settings().oauth


def test_secrets_are_masked_in_repr(monkeypatch):
    for k, v in GOOD.items():
        monkeypatch.setenv(k, v)
    assert "secret" not in repr(load_settings()).replace("signing_secret", "").replace("client_secret", "")
