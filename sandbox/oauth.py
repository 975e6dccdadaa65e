"""The stand-in's side of OAuth v2: the app's credentials and `oauth.v2.access`, each code used once."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OAuthApp:
    """The app's OAuth credentials and the codes Slack handed out on install (code -> team id)."""

    client_id: str = "1111.2222"
    client_secret: str = "oauth-secret"
    codes: dict[str, str] = field(default_factory=dict)

    def access(self, args: dict, basic: tuple[str, str] | None, *, scopes: str, bot_user: str) -> dict:
        """oauth.v2.access: client credentials (form fields or HTTP Basic) and a code used once."""
        client_id, secret = basic or (args.get("client_id"), args.get("client_secret"))
        if not client_id or not args.get("code"):
            return {"ok": False, "error": "invalid_arguments"}
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        team = self.codes.pop(args["code"], None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        return {"ok": True, "access_token": f"xoxb-{team}-installed", "token_type": "bot", "scope": scopes,
                "bot_user_id": bot_user, "app_id": "A0CONCERTO", "team": {"id": team, "name": team},
                "enterprise": None, "is_enterprise_install": False, "authed_user": {"id": "U0INSTALLER"}}
