"""The one name for open JSON in the core: what Slack sends and receives (blocks, messages, views) and
what rides in a button's value, as dicts whose shape Slack, not this code, decides."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
