"""Django's database session engine, with the account's id stored beside each session (see the package)."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from accounts.sessions import UserIdColumn


class SessionStore(UserIdColumn, DatabaseStore):
    pass
