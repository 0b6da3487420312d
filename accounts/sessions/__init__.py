"""Session engines that store each session's account id beside it (`accounts.UserSession`), so an account's sessions
are found by an index: deleting an account deletes them (they hold the address it signed in with) without reading
every session of every user. `accounts.sessions.db` and `accounts.sessions.cached_db` are Django's engines of the
same names with that one column added (Django's "extending database-backed session engines"), and a browser's id that
stays the same when Django cycles the session's key (`SameBrowserAcrossKeys`)."""

from __future__ import annotations

import hashlib

# In a session's data: which browser it is (`browser_of`), written when Django first cycles the session's key.
BROWSER_KEY = "_im_browser"


def browser_of(session) -> str | None:
    """Which browser a session is (a SessionStore, or a channels scope's session), the same before and after Django
    cycles its key, for as long as that browser stays signed in: a digest of the key it had before its first cycle
    (kept in its data by `SameBrowserAcrossKeys`), else of its key. None for a session without a key.

    A browser's open websockets are known by it (interviewmaster.socket_sign_out): known by the session key, a socket
    opened before the key changed missed that browser's logout. Django cycles the key of a signed-in session on
    `update_session_auth_hash` (a password change keeps the browser that made it signed in), on a session signed
    with a SECRET_KEY_FALLBACKS secret (`get_user`), and on `login()` over a session that signed no one in. A logout
    flushes the data, so the next sign-in in that browser is another browser's id. Another SESSION_ENGINE than
    ours keeps no id across a cycle: its sockets are known by the key they were opened with."""
    key = getattr(session, "session_key", None)
    if not key:
        return None
    return session.get(BROWSER_KEY) or _digest(key)


def _digest(session_key: str) -> str:
    # Not the key itself: the id goes over the channel layer, and a session key signs its holder in.
    return hashlib.sha256(f"interviewmaster.browser:{session_key}".encode()).hexdigest()[:32]


def user_id_of(data: dict) -> int | None:
    """The signed-in account's id in a session's data (`_auth_user_id`, stored as text), or None."""
    from django.contrib.auth import SESSION_KEY

    try:
        return int(data.get(SESSION_KEY))
    except (TypeError, ValueError):
        return None


class UserIdColumn:
    """Mixed into a database-backed SessionStore: its rows are `accounts.UserSession`, with the account's id."""

    @classmethod
    def get_model_class(cls):
        from accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        row.user_id = user_id_of(data)
        return row


class SameBrowserAcrossKeys:
    """Mixed into a SessionStore: a cycle of the key keeps the browser's id (`browser_of`) in the session's data."""

    def cycle_key(self):
        if self.session_key and BROWSER_KEY not in self:
            self[BROWSER_KEY] = _digest(self.session_key)
        super().cycle_key()

    async def acycle_key(self):  # Django's alogin / aupdate_session_auth_hash
        if self.session_key and not await self.ahas_key(BROWSER_KEY):
            await self.aset(BROWSER_KEY, _digest(self.session_key))
        await super().acycle_key()
