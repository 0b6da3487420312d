"""A cached copy of database rows that a change forgets at once, safely against a reader racing the change.

`read_through(key, load, seconds)` returns the cached value, or loads it and stores it with `cache.add`;
`forget(key)` writes a short-lived marker in its place now and again when the surrounding transaction commits
(`forget_many(keys)` does it for many keys in one cache round trip each time: a bulk change forgets per key, not per
row).
Readers never store over the marker, so a reader that loaded the old rows just before the change committed cannot
put them back afterwards; until the marker expires readers go to the database. Used by the signed-in user
(accounts/user_cache.py), each user's best verdicts (studypaths/best_verdicts.py), the study loop's active path
(studypaths/selectors.py) and the dashboard summary (analytics/selectors.py); the caller forgets on every write path
(signals for the ORM, a call beside each `.update()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TOMBSTONE = "forgotten"
_MISSING = object()


def read_through(key: str, load: Callable[[], Any], seconds: int, *, encode: Callable[[Any], Any] = lambda v: v,
                 decode: Callable[[Any], Any] = lambda v: v, store_none: bool = True) -> Any:
    """The value under `key` (decoded), else `load()`, stored (encoded) for `seconds` unless a forget marker is
    there. `seconds <= 0`: always `load()`."""
    if seconds <= 0:
        return load()
    found = cache.get(key, _MISSING)
    if found is not _MISSING and found != TOMBSTONE:
        return decode(found)
    value = load()
    if found is _MISSING and (value is not None or store_none):
        cache.add(key, encode(value), seconds)
    return value


def forget(key: str, tombstone_seconds: int) -> None:
    """The rows behind `key` changed: put the marker in place now and again when the transaction commits."""
    forget_many([key], tombstone_seconds)


def forget_many(keys: Iterable[str], tombstone_seconds: int) -> None:
    """`forget` of several keys: one `set_many` now and one when the transaction commits."""
    markers = dict.fromkeys(keys, TOMBSTONE)
    if not markers:
        return
    cache.set_many(markers, tombstone_seconds)
    transaction.on_commit(lambda: cache.set_many(markers, tombstone_seconds))
