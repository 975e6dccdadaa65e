"""The Slack app manifest's shape: commands, scopes, events and limits."""

from __future__ import annotations

import json
from pathlib import Path

from handlers.steps import STEPS

MANIFEST = json.loads((Path(__file__).parents[3] / "manifest.json").read_text())
COMMANDS = [c["command"] for c in MANIFEST["features"]["slash_commands"]]


def test_manifest_shape():
    assert sorted(COMMANDS) == ["/action", "/concerto", "/digest", "/meeting", "/phase"]
    assert all(c["should_escape"] for c in MANIFEST["features"]["slash_commands"])
    assert all(c["url"].endswith("/slack/events") for c in MANIFEST["features"]["slash_commands"])
    assert MANIFEST["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    # im:write and im:history let the clock check a DM for a post made just before a crash;
    # channels:history and groups:history let it check a channel the same way (issue 13);
    # files:write posts the mission plan's picture; channels:join lets the bot join a public channel
    # where sharing a file or reading the history needs it (issue 13); canvases:write keeps the mission
    # canvas and the minutes (issue 16); channels:read and groups:read bring the events of a mission's
    # channel closing, opening and being renamed, public and private (issue 25); bookmarks:read and
    # bookmarks:write keep the channel's bookmarks to the canvas, the calendar and the plan (issue 27)
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == [
        "bookmarks:read",
        "bookmarks:write",
        "canvases:write",
        "channels:history",
        "channels:join",
        "channels:read",
        "chat:write",
        "chat:write.public",
        "commands",
        "files:write",
        "groups:history",
        "groups:read",
        "im:history",
        "im:write",
        "users:read",
    ]
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    # a workspace leaving stops what was pending for it (handlers/installs.py); a mission's channel archived,
    # unarchived, renamed, or the bot removed from it or invited back (handlers/channels.py)
    assert MANIFEST["settings"]["event_subscriptions"]["bot_events"] == [
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "channel_archive",
        "channel_unarchive",
        "channel_rename",
        "channel_left",
        "group_archive",
        "group_unarchive",
        "group_rename",
        "group_left",
        "member_joined_channel",
        "member_left_channel",
        "user_change",
        "function_executed",
    ]
    # Bolt's OAuth flow sends installers back here (PUBLIC_URL + /slack/oauth_redirect)
    assert MANIFEST["oauth_config"]["redirect_urls"] == ["https://concerto.example.org/slack/oauth_redirect"]
    assert all(
        len(c["description"]) <= 100 and len(c.get("usage_hint", "")) <= 100
        for c in MANIFEST["features"]["slash_commands"]
    )


def test_workflow_steps_are_declared_for_workflow_builder():
    """Custom steps need the remote function runtime and manifest version 2; each step names its channel, and the
    person running the workflow can only come from Slack (a user_context, which no builder can type)."""
    assert MANIFEST["_metadata"]["major_version"] == 2
    assert MANIFEST["settings"]["function_runtime"] == "remote"
    steps = MANIFEST["functions"]
    assert sorted(steps) == ["add_agenda_item", "create_action", "post_digest", "record_decision"] == sorted(STEPS)
    for step in steps.values():
        inputs = step["input_parameters"]
        assert inputs["properties"]["channel"]["type"] == "slack#/types/channel_id"
        assert "channel" in inputs["required"]
        assert inputs["properties"]["requested_by"]["type"] == "slack#/types/user_context"
        assert set(step["output_parameters"]["required"]) <= set(step["output_parameters"]["properties"])
