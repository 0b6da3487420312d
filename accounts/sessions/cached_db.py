"""Django's cached_db session engine (read from the cache, written through to the database), with the account's id
stored beside each session and the browser's id kept across a new key (see the package)."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseStore

from accounts.sessions import SameBrowserAcrossKeys, UserIdColumn


class SessionStore(SameBrowserAcrossKeys, UserIdColumn, CachedDatabaseStore):
    cache_key_prefix = "accounts.sessions.cached_db"
