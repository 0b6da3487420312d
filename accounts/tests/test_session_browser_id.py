"""A browser's id (`accounts.sessions.browser_of`) stays the same when Django cycles its session's key, by the sync
and the async path alike: a browser's open websockets are known by it, and a logout closes them by it."""

from __future__ import annotations

from importlib import import_module

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings

from accounts.sessions import browser_of

pytestmark = pytest.mark.django_db


def _saved_session():
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = "1"
    session.save()
    return session


@pytest.mark.parametrize("path", ["cycle_key", "acycle_key"])
def test_a_new_session_key_keeps_the_browsers_id(path):
    """Django's async `alogin` and `aupdate_session_auth_hash` cycle the key by `acycle_key`: without the override,
    the id would be the new key's digest there, and a socket opened before it would miss the browser's logout."""
    session = _saved_session()
    first_key, browser = session.session_key, browser_of(session)
    if path == "acycle_key":
        async_to_sync(session.acycle_key)()
    else:
        session.cycle_key()
    assert session.session_key != first_key
    assert browser_of(session) == browser
    session.cycle_key()  # and again
    assert browser_of(session) == browser
