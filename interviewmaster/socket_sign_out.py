"""The end of a browser session reaches its open websockets: every signed-in socket joins its user's group
(`interviewmaster.consumers.signed_in_user`), and a logout or a sign-out everywhere is sent there. The consumers check
the session only when a socket connects: before this, a socket outlived its session (an expert signed out on a shared
computer kept receiving the candidate's answers; a deleted account's room stayed open).

* a logout (any app's: allauth, the admin, the account deletion page; Django's `user_logged_out`) closes the sockets
  of that browser's session only (accounts.signals), those opened before Django last cycled its key too: a socket is
  known by its browser's id (`accounts.sessions.browser_of`), which a new session key keeps;
* `revoke_all_tokens` (logout-all, a password change or reset, deactivation, account deletion) ends every session of
  the user, and closes all their sockets after its commit, with 4440 rather than 4401: a password change keeps the
  browser that made it signed in under a new session key, so the pages connect again once to find out.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

EVENT = "sockets.sign_out"  # BoundedJsonWebsocketConsumer.sockets_sign_out


def user_sockets_group(user_id: int) -> str:
    """Every signed-in socket of a user, whatever its consumer."""
    return f"sockets.user.{user_id}"


def close_now(user_id: int, *, browser: str | None = None) -> None:
    """Close the user's sockets opened in `browser`'s session (4401), or all of them when it is None (4440: the pages
    connect again, as the browser that signed out everywhere may still be signed in)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_sockets_group(user_id), {"type": EVENT, "browser": browser})
    except Exception:  # noqa: BLE001 - the sign-out itself stands; a socket left open is refused at its next connect
        logger.warning("user %s: could not close the signed-out sockets", user_id, exc_info=True)


def close_sockets_of(user_id: int, *, browser: str | None = None) -> None:
    """`close_now` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: close_now(user_id, browser=browser))
