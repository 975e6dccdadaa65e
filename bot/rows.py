"""The id of a table's row that the core holds. A table declares `id: int | None` (None until the row is
first flushed), but every row the services hand around was read from the database or flushed into it."""
from __future__ import annotations

from typing import Protocol


class Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: Stored) -> int:
    if row.id is None:
        raise ValueError(f"{type(row).__name__} was never flushed: it has no id yet")
    return row.id
