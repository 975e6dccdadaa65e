"""Several workspaces installing the app, for the Slack stand-in: `oauth.v2.access` trades an install
code for a bot token of that workspace, `auth.test` says whose a token is, and a token only reaches
the channels its workspace is in (a Slack Connect channel is in several).

Without workspaces added, nothing here applies: the stand-in is the one workspace `TEAM`.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field


@dataclass
class Workspace:
    """A workspace that installs the app; or, with `org_teams`, an Enterprise Grid organisation that
    installs it org-wide (`team_id` is then the organisation's id): one token for all those workspaces."""

    team_id: str
    name: str
    enterprise_id: str | None = None
    tokens: set[str] = field(default_factory=set)
    org_teams: frozenset[str] = frozenset()
    rotation: float | None = None  # token rotation on: seconds a bot token lives (Slack's: 12 hours)
    expires: dict[str, float] = field(default_factory=dict)  # rotated token -> when it dies (monotonic)
    refresh: set[str] = field(default_factory=set)  # refresh tokens good for one exchange

    @property
    def serves(self) -> frozenset[str]:
        return self.org_teams or frozenset({self.team_id})


@dataclass
class Workspaces:
    """What the stand-in knows of installs: the app's credentials, the codes Slack's consent page
    would hand back, the tokens issued, and which workspaces are in which channel."""

    client_id: str = "0000000000.0000000000"
    client_secret: str = "sandbox-client-secret"
    teams: dict[str, Workspace] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # code -> team id
    channels: dict[str, set[str]] = field(default_factory=dict)  # channel -> team ids in it
    members: dict[str, str] = field(default_factory=dict)  # user -> their own workspace (users.info's team_id)
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))

    def add(self, team_id: str, name: str, *, enterprise_id: str | None = None, rotation: float | None = None) -> str:
        """A workspace, and the code an admin of it gets back from Slack's consent page. With `rotation`, the
        app has token rotation on: tokens die after that many seconds, refresh tokens trade for new ones."""
        self.teams[team_id] = Workspace(team_id, name, enterprise_id, rotation=rotation)
        return self.new_code(team_id)

    def add_org(self, enterprise_id: str, name: str, teams: list[str]) -> str:
        """An org-wide install of an Enterprise Grid organisation and its workspaces; the admin's code."""
        self.teams[enterprise_id] = Workspace(enterprise_id, name, enterprise_id, org_teams=frozenset(teams))
        return self.new_code(enterprise_id)

    def org_wide(self, enterprise_id: str | None) -> bool:
        """Whether that organisation installed the app org-wide (payloads then say `is_enterprise_install`)."""
        org = self.teams.get(enterprise_id) if enterprise_id else None
        return org is not None and bool(org.org_teams)

    def enterprise_of(self, team_id: str) -> str | None:
        """The Grid organisation a workspace belongs to, as its installs tell (users.info's enterprise_user)."""
        return next((w.enterprise_id for w in self.teams.values() if team_id in w.serves and w.enterprise_id), None)

    def new_code(self, team_id: str) -> str:
        code = f"code-{team_id}-{next(self._serial)}"
        self.codes[code] = team_id
        return code

    def share(self, channel: str, *team_ids: str) -> None:
        """`channel` is in these workspaces (one: a channel of its own; several: Slack Connect)."""
        self.channels[channel] = set(team_ids)

    def revoke(self, team_id: str) -> None:
        """The workspace uninstalled the app: its tokens stop working."""
        self.teams[team_id].tokens.clear()

    def team_of(self, token: str | None) -> Workspace | None:
        return next((w for w in self.teams.values() if token in w.tokens), None)

    def _issue(self, team: Workspace) -> dict:
        """A new bot token (and, with rotation, its lifetime and a refresh token) for `team`."""
        token = f"xoxb-{team.team_id}-{next(self._serial)}"
        team.tokens.add(token)
        if team.rotation is None:
            return {"access_token": token}
        refresh = f"xoxe-1-{team.team_id}-{next(self._serial)}"
        team.refresh.add(refresh)
        team.expires[token] = time.monotonic() + team.rotation
        return {"access_token": token, "refresh_token": refresh, "expires_in": int(team.rotation)}

    def _refreshed(self, refresh: str) -> dict:
        """grant_type=refresh_token: a refresh token, good once, for a new token and a new refresh token."""
        team = next((w for w in self.teams.values() if refresh in w.refresh), None)
        if team is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        team.refresh.discard(refresh)
        return {"ok": True, "token_type": "bot", "scope": "", **self._issue(team)}

    def answer(self, method: str, args: dict, authorization: str) -> dict | None:
        """Slack's answer where installs decide it, else None (the stand-in answers as usual)."""
        if not self.teams or method == "respond":  # a response URL needs no token
            return None
        token = authorization.removeprefix("Bearer ") or args.get("token")
        team = self.team_of(token)
        if team is None:
            return {"ok": False, "error": "invalid_auth"}
        if token in team.expires and team.expires[token] < time.monotonic():
            return {"ok": False, "error": "token_expired"}
        if method == "auth.test":
            org = bool(team.org_teams)
            return {
                "ok": True,
                "team_id": None if org else team.team_id,
                "team": team.name,
                "enterprise_id": team.enterprise_id,
                "user_id": f"U0BOT{team.team_id}",
                "bot_id": f"B0BOT{team.team_id}",
                "url": f"https://{team.team_id.lower()}.slack.com/",
                "is_enterprise_install": org,
            }
        channel = args.get("channel") or args.get("channel_id")
        if channel in self.channels and not team.serves & self.channels[channel]:
            return {"ok": False, "error": "channel_not_found"}  # what another workspace's channel looks like
        return None

    def access(self, args: dict, basic: tuple[str, str] | None, *, scopes: str) -> dict:
        """oauth.v2.access: the client's credentials (form fields or HTTP Basic) and a code, good once."""
        client_id, secret = basic or (args.get("client_id"), args.get("client_secret"))
        refreshing = args.get("grant_type") == "refresh_token"
        if not client_id or not (args.get("refresh_token") if refreshing else args.get("code")):
            return {"ok": False, "error": "invalid_arguments"}
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        if refreshing:
            return self._refreshed(args["refresh_token"])
        team_id = self.codes.pop(args["code"], None)
        if team_id is None:
            return {"ok": False, "error": "invalid_code"}
        team = self.teams[team_id]
        issued = self._issue(team)
        enterprise = {"id": team.enterprise_id, "name": team.enterprise_id} if team.enterprise_id else None
        org = bool(team.org_teams)  # an org-wide install: no one workspace (Slack's `team: null`)
        return {
            "ok": True,
            "app_id": "A0CONCERTO",
            **issued,
            "token_type": "bot",
            "scope": scopes,
            "bot_user_id": f"U0BOT{team_id}",
            "team": None if org else {"id": team_id, "name": team.name},
            "enterprise": enterprise,
            "is_enterprise_install": org,
            "authed_user": {"id": "U0ADMIN"},
        }
