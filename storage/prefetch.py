"""Loading at once what a batch of rows will look up one by one by primary key (a round of notifications to
compose): one query a table instead of one a row. What is found sits in the session's identity map, where
`Session.get` finds it without a query (held here: the map itself holds only what something else does);
what is not found is remembered as absent, so that `get` answers None without asking again. What other
batch queries find (the owners of the round's actions) is kept by name (`keep`, `kept`). Only for a read
scope, to which nothing is added meanwhile."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect, select, tuple_

from storage.db import Session

T = TypeVar("T")
ABSENT = "prefetch.absent"  # session.info: the (model, key) pairs looked for and not found
LOADED = "prefetch.loaded"  # session.info: what was found, held for the session's life
KEPT = "prefetch.kept"  # session.info, with a name: what a batch query found, by key
CHUNK = 400  # keys a query: well under SQLite's limit of bound parameters


def preload(session: Session, model: type[Any], keys: Iterable[Hashable]) -> None:
    """Load the rows of `model` whose primary keys are `keys` (a value, or a tuple for a composite key)."""
    wanted = list(dict.fromkeys(keys))
    columns = inspect(model).primary_key
    absent, loaded = session.info.setdefault(ABSENT, set()), session.info.setdefault(LOADED, [])
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        where = tuple_(*columns).in_(chunk) if len(columns) > 1 else columns[0].in_(chunk)
        rows = list(session.scalars(select(model).where(where)))
        loaded.extend(rows)
        found = {inspect(obj).identity for obj in rows}
        keyed = (k if isinstance(k, tuple) else (k,) for k in chunk)
        absent.update((model, k) for k in keyed if k not in found)


def keep(session: Session, name: str, found: Mapping[Any, Any]) -> None:
    """Keep what a batch query found (`name`: what it is, e.g. the owners of actions, by action) for lookups by
    key later in the session."""
    session.info[(KEPT, name)] = found


def kept(session: Session, name: str, key: Hashable) -> Any | None:
    """What `keep` kept under `name` for `key`; None if nothing was kept (not preloaded: ask as usual)."""
    return session.info.get((KEPT, name), {}).get(key)


def get(session: Session, model: type[T], key: Hashable) -> T | None:
    """`Session.get`, answering None at once for what `preload` found absent."""
    if (model, key if isinstance(key, tuple) else (key,)) in session.info.get(ABSENT, ()):
        return None
    return session.get(model, key)
