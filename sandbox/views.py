"""The stand-in's views: a modal opens with an id and a hash, and `views.update` reaches only a view that
is open, by its id or the `external_id` it was opened with, with its current hash if one is given (the
rules themselves are sandbox.rules.Ledger's). App Home views (`views.publish`) answer alike."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Protocol

from sandbox.rules import Ledger


class ViewsState(Protocol):
    """What the views read of the stand-in's state (StandInState): the ledger of open views."""

    ledger: Ledger


class ViewsStandIn:
    """Mixed into SlackStandIn, whose `state`, `_cond` and `_view_ids` it uses. Views count apart from
    messages: Homes are redrawn on a thread pool, and sharing the messages' counter would let that
    pool's timing change the ts of the next post, so a replayed seed would not match."""

    state: ViewsState
    _cond: threading.Condition
    _view_ids: Iterator[int]

    def _views_open(self, args: dict) -> dict:
        view_id, hash_ = f"V{next(self._view_ids):08d}", f"h{next(self._view_ids)}"
        with self._cond:
            error = self.state.ledger.open_view(view_id, args.get("view", {}).get("external_id"), hash_)
        return (
            {"ok": False, "error": error}
            if error
            else {"ok": True, "view": {**args.get("view", {}), "id": view_id, "hash": hash_}}
        )

    def _views_update(self, args: dict) -> dict:
        view_id, hash_ = str(args.get("view_id") or args.get("external_id") or ""), f"h{next(self._view_ids)}"
        with self._cond:
            error = self.state.ledger.update_view(view_id, args.get("hash"), hash_)
            view_id = self.state.ledger.external.get(view_id, view_id)
        return (
            {"ok": False, "error": error}
            if error
            else {"ok": True, "view": {**args.get("view", {}), "id": view_id, "hash": hash_}}
        )

    _views_push = _views_open
    _views_publish = _views_open
