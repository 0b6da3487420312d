"""The websockets' sign-in: channels' `AuthMiddlewareStack` with the user read by Django's rules, and read only.

channels' own `get_user` (4.3) checks a session's hash against the current SECRET_KEY alone and flushes the session
when it does not match. Django (`django.contrib.auth.get_user`) also takes a hash made with a SECRET_KEY_FALLBACKS
secret, and signs that session anew under a new key. So once the server's SECRET_KEY was rotated with the old one kept
as a fallback, the first socket a browser opened deleted its session: the pages were signed out (4401) and the next
one asked for the password, which the fallback exists to spare. A socket can give the browser no new cookie, so it
neither re-signs nor flushes: the browser's next request does either, as Django does."""

from __future__ import annotations

from channels.auth import AuthMiddleware as ChannelsAuthMiddleware
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, SessionMiddleware


def session_user(session):
    """The user `session` signs in by `django.contrib.auth.get_user`'s rules (its backend's user, active; the session's
    hash made with SECRET_KEY or a SECRET_KEY_FALLBACKS secret), or None. Nothing is written to the session."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
    from django.utils.crypto import constant_time_compare

    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(user_id)
    if user is None or not hasattr(user, "get_session_auth_hash"):
        return user
    session_hash = session.get(HASH_SESSION_KEY)
    if session_hash and (constant_time_compare(session_hash, user.get_session_auth_hash()) or any(
            constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash())):
        return user
    return None


@database_sync_to_async
def get_user(scope):
    """The scope's signed-in user (`session_user`), or AnonymousUser."""
    from django.contrib.auth.models import AnonymousUser

    return session_user(scope["session"]) or AnonymousUser()


class AuthMiddleware(ChannelsAuthMiddleware):
    async def resolve_scope(self, scope):
        scope["user"]._wrapped = await get_user(scope)


def AuthMiddlewareStack(inner):  # noqa: N802 - channels' name
    return CookieMiddleware(SessionMiddleware(AuthMiddleware(inner)))
