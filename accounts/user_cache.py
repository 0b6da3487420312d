"""The signed-in user, read from the cache instead of the database on every request.

Every authenticated request loads its user: the session's user id (AuthenticationMiddleware, the websocket's
AuthMiddlewareStack) or the access token's (JWT authentication). That one `SELECT` was the largest single cost of a
cached page or API list: a pooled connection taken and given back, the ORM's query compilation, a round trip. The user
changes rarely, so the row is kept in the cache under its id and read with one cache GET until one of these forgets it:

* any save or delete of the user through the ORM (profile edits, role changes in the admin, password changes,
  deactivation, account deletion): signals;
* the `.update()` calls in accounts' services that change the row without a signal (`forget_user` beside each).

Forgetting writes a short-lived marker (`TOMBSTONE_SECONDS`) that readers never store over
(`interviewmaster/forgettable.py`, as for `studypaths.best_verdicts`): a request that read the old row just before the
change committed cannot put it back afterwards. The forget is repeated when the surrounding transaction commits.
`USER_CACHE_SECONDS` bounds how long any copy lives; 0 turns the cache off. Only with the shared (Redis) cache by
default: a per-process cache would not hear of a change made by another process.

The checks made after the lookup (active, the session's password hash, the token's generation) run on
the cached row exactly as on a fresh one, so a change that forgets the row takes effect on the next request.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from interviewmaster.forgettable import TOMBSTONE, forget, read_through

__all__ = ["TOMBSTONE", "cached_user", "forget_user"]
# Long enough to outlive a reader between its SELECT and its `cache.add` (microseconds, or a descheduled thread's
# wait); short, because the user's own requests read the database until it expires and a sign-in forgets the row
# (last_login).
TOMBSTONE_SECONDS = 10


@functools.cache
def _key_prefix() -> str:
    # The row's shape is part of the key: a deploy that adds or removes a column never unpickles an old shape.
    fields = ",".join(f.attname for f in get_user_model()._meta.concrete_fields)
    return "accounts:user:v1:" + hashlib.sha1(fields.encode()).hexdigest()[:10]


def _key(user_id) -> str:
    return f"{_key_prefix()}:{user_id}"


def _seconds() -> int:
    return settings.USER_CACHE_SECONDS


def cached_user(user_id):
    """The user with this primary key (None if there is none), from the cache when it holds the row."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a malformed id in a session or token is simply no user
        return None
    return read_through(_key(pk), lambda: model._default_manager.filter(pk=pk).first(), _seconds(), store_none=False)


def forget_user(user_id) -> None:
    """The user's row changed: drop the cached copy now and again when the transaction commits."""
    if user_id is None:
        return
    forget(_key(user_id), TOMBSTONE_SECONDS)


def _user_changed(sender, instance, raw=False, **kwargs) -> None:
    forget_user(instance.pk)


def connect_signals() -> None:
    model = get_user_model()
    post_save.connect(_user_changed, sender=model, dispatch_uid="user-cache-save")
    post_delete.connect(_user_changed, sender=model, dispatch_uid="user-cache-delete")
