"""Django's database session engine, with the account's id stored beside each session and the browser's id kept
across a new key (see the package)."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from accounts.sessions import SameBrowserAcrossKeys, UserIdColumn


class SessionStore(SameBrowserAcrossKeys, UserIdColumn, DatabaseStore):
    pass
