"""Typed settings read once from the environment (and an optional `.env` file)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.json"


def manifest_bot_scopes() -> str:
    """The bot scopes the manifest asks for, as SLACK_SCOPES spells them."""
    return ",".join(json.loads(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"])


class ConfigError(SystemExit):
    """Start-up stops with one line naming the bad setting (never its value)."""


class DatabaseSettings(BaseSettings):
    """What the subcommands that only touch the database need: no Slack secret is read."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str | None = None
    default_timezone: str = "Europe/Paris"

    @field_validator("default_timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Paris") from None
        return v

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)


@dataclass(frozen=True)
class OAuthApp:
    """The app's OAuth credentials, for installs in several workspaces."""

    client_id: str
    client_secret: SecretStr


class Settings(DatabaseSettings):
    """One workspace (`SLACK_BOT_TOKEN`), or several installing the app through OAuth
    (`SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET`, each workspace's token kept in the database)."""

    slack_bot_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_scopes: str = Field(default_factory=manifest_bot_scopes)
    slack_signing_secret: SecretStr
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = Field(default=3000, ge=1, le=65535)
    public_url: str | None = None  # where this app is reachable, for calendar feed links
    web_work: bool = True  # a work process beside each web worker; false when `concerto work` runs elsewhere
    inbox_lease: float = Field(default=30.0, gt=0)  # seconds before a dead work process's request runs again
    # PostgreSQL: "off" answers a commit before it is on disk: faster writes, but a database crash (not
    # the app's) may lose the last ~0.6 s of them, acknowledged requests included (docs/operations.md)
    database_synchronous_commit: Literal["on", "off"] = "on"
    retain_notifications_days: int = Field(default=90, ge=1)  # sent, dropped or refused notifications
    retain_audit_days: int = Field(default=730, ge=1)  # audit entries
    retain_uninstalled_days: int = Field(default=30, ge=1)  # missions of a workspace that uninstalled the app
    metrics_token: SecretStr | None = None  # GET /metrics asks for `Authorization: Bearer <it>` when set
    log_format: Literal["plain", "json"] = "plain"  # json: one object per line, with its request's context
    ready_clock_silence: float = Field(default=60.0, gt=0)  # /readyz: seconds without a clock's tick
    ready_inbox_wait: float = Field(default=60.0, gt=0)  # /readyz: seconds a request may wait in the inbox

    @field_validator("slack_bot_token", "slack_client_secret", "slack_client_id")
    @classmethod
    def _blank_is_unset(cls, v):
        return v if v is not None and (v.get_secret_value() if isinstance(v, SecretStr) else v) else None

    @field_validator("slack_scopes")
    @classmethod
    def _scopes(cls, v: str) -> str:
        return v if v.strip() else manifest_bot_scopes()

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not v.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return v

    @model_validator(mode="after")
    def _one_workspace_or_oauth(self) -> Settings:
        oauth = (self.slack_client_id, self.slack_client_secret)
        if any(oauth) and not all(oauth):
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
            raise ValueError(f"{missing} is missing: OAuth installs need SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        if self.slack_bot_token is not None and all(oauth):
            raise ValueError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: one workspace, or installs in "
                "several workspaces, not both"
            )
        if self.slack_bot_token is None and not all(oauth):
            raise ValueError(
                "SLACK_BOT_TOKEN is missing (one workspace), or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (installs in several workspaces)"
            )
        return self

    @property
    def oauth(self) -> OAuthApp | None:
        """Installs in several workspaces (each request and outbox row finds its workspace's token): the
        app's credentials; None with one workspace's token."""
        if self.slack_client_id is None or self.slack_client_secret is None:
            return None
        return OAuthApp(self.slack_client_id, self.slack_client_secret)

    @property
    def scopes(self) -> list[str]:
        return [s.strip() for s in self.slack_scopes.split(",") if s.strip()]

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not v.get_secret_value():
            return None
        if v is not None and not v.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return v

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return v if v.endswith("/") else v + "/"

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, v: str | None) -> str | None:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return v.rstrip("/") if v else None


def load_settings(**overrides) -> Settings:
    """Build the settings or stop with a single clear line."""
    return _load(Settings, overrides)


def load_database_settings(**overrides) -> DatabaseSettings:
    """The database-only subset, for `db`, `export`, `timeline`, `outbox` and `plan`."""
    return _load(DatabaseSettings, overrides)


def _load(kind: type[DatabaseSettings], overrides: dict):
    try:
        return kind(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err["loc"]:  # a rule across settings: its message names them
            raise ConfigError(
                f"concerto: configuration error: {err['msg'].removeprefix('Value error, ')} "
                "(set it in the environment or .env; see .env.example)"
            ) from None
        name = str(err["loc"][0]).upper()
        reason = "is missing" if err["type"] == "missing" else f"is invalid: {err['msg']}"
        raise ConfigError(
            f"concerto: configuration error: {name} {reason} (set it in the environment or .env; see .env.example)"
        ) from None
