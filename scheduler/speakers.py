"""Who speaks for a row: its workspace's bot (or its Grid organisation's, installed org-wide), or for a DM to
someone of another workspace that installed the app too, that workspace's (another organisation's bot may not
reach them). With one workspace's client, always that client."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.slacktext import is_user
from storage.db import Session
from storage.models import Mission, Notification
from storage.queries import homes_of

ClientFor = Callable[..., WebClient | None]  # (team_id, enterprise_id=None): a workspace's client, None if
#                                              neither it nor its Grid organisation installed the app
Homes = dict[str, tuple[str, str | None]]  # a person's own workspace and Grid organisation, by user id


class Speakers:
    def __init__(self, client: WebClient | ClientFor) -> None:
        """`client`: the one workspace's client, or a `client_for(team_id)` for several."""
        self.several = not isinstance(client, WebClient)  # workspaces, each with its installation
        self.client_for: ClientFor = (
            (lambda _team, _enterprise=None: client) if isinstance(client, WebClient) else client
        )

    def homes(self, session: Session, targets: list[str]) -> Homes:
        """The own workspaces of the people among `targets`, read at once for a round (none to look up with one
        workspace's client)."""
        return homes_of(session, [t for t in targets if is_user(t)]) if self.several else {}

    def of(self, session: Session, row: Notification, homes: Homes) -> WebClient | None:
        """The client that posts `row`; None if its workspace uninstalled the app. `homes`: see `homes`."""
        mission = session.get(Mission, row.mission_id) if self.several and row.mission_id else None
        client = self.client_for(row.team_id, mission.enterprise_id if mission else None)
        if self.several and client is not None and is_user(row.target):
            home = homes.get(row.target)
            if home is not None and home[0] != row.team_id:
                return self.client_for(*home) or client
        return client
