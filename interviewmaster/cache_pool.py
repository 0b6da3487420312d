"""One Redis connection pool per process for Django's cache.

Django keeps its cache backends in an asgiref `Local`, which under ASGI is per request (each request runs in a
context of its own), and each `RedisCache` backend builds its own `ConnectionPool`. So every request opened a new
TCP connection to Redis (with redis-py's handshake: HELLO and two CLIENT SETINFO round trips) and dropped it at the
end: on the problems API that was most of the per-request cost beyond /health's. `SharedConnectionPool` is the
`pool_class` of the Redis cache (settings.CACHES): `from_url` hands every backend instance of a process the same pool
for the same URL and options, so connections are reused across requests. redis-py's pool notices a fork (gunicorn
workers) and starts afresh in the child.

`RedisCache` (the backend in settings.CACHES) also keeps one `redis.Redis` client per pool instead of building one
per cache call, and never raises when Redis cannot be reached: it uses this process's memory instead (below).
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis import ConnectionPool
from redis.exceptions import RedisError


class SharedConnectionPool(ConnectionPool):
    _shared: dict[tuple, SharedConnectionPool] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs) -> SharedConnectionPool:
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with cls._lock:
            pool = cls._shared.get(key)
            if pool is None:
                pool = cls._shared[key] = super().from_url(url, **kwargs)
        return pool


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call (`get_client`), and redis-py's constructor
    fills a table of ~170 response callbacks each time: a tenth of a millisecond per cache read, paid several times a
    request. A `redis.Redis` is safe to share between threads (each command takes a connection from the pool), so
    each pool gets one."""

    _clients: dict[int, tuple[ConnectionPool, object]] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        found = self._clients.get(id(pool))
        if found is None or found[0] is not pool:
            found = self._clients[id(pool)] = (pool, self._client(connection_pool=pool))
        return found[1]


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend with `SharedClientRedisCacheClient` (settings.CACHES)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient


# --- When Redis cannot be reached ------------------------------------------------------------------------------------
# Every read and write of the cache goes to this process's memory instead of raising (docs/security.md, "When the
# cache is down"): a session is read from the database (cached_db), a cached page part is built again, allauth's rate
# limits and the login lockout count per process, as our own limits do (interviewmaster/throttles.py). After a
# failure Redis is not tried again for REDIS_RETRY_AFTER_SECONDS: an address that swallows packets would otherwise cost
# every cache call of every request a whole timeout. The outage is logged when it starts (at most once a minute) and
# when Redis answers again.
_fallback = LocMemCache("interviewmaster-cache-fallback", {"OPTIONS": {"MAX_ENTRIES": 20_000}})
_outage = {"until": 0.0, "down": False, "logged_at": -math.inf}
_OUTAGE_LOG_SECONDS = 60
logger = logging.getLogger(__name__)


def fallback_store() -> LocMemCache:
    """Where the cache's reads and writes go while Redis cannot be reached."""
    return _fallback


def outage_remembered() -> bool:
    """True while a recent failure says Redis is down: callers skip it and use this process's memory."""
    return time.monotonic() < _outage["until"]


def note_outage(exc: Exception) -> None:
    """Redis failed (`exc`): remember it for REDIS_RETRY_AFTER_SECONDS and say so, once per outage (at most once a
    minute)."""
    now = time.monotonic()
    _outage["until"] = now + float(getattr(settings, "REDIS_RETRY_AFTER_SECONDS", 5))
    if not _outage["down"] and now - _outage["logged_at"] >= _OUTAGE_LOG_SECONDS:
        _outage["logged_at"] = now
        logger.warning("the cache cannot be reached (%s: %s): rate limits, sessions and cached data use this "
                       "process's memory until it answers", type(exc).__name__, exc)
    _outage["down"] = True


def note_answer() -> None:
    """Redis answered: the outage, if there was one, is over. What the process kept in memory meanwhile is dropped:
    read in the next outage, a session signed out in between would be signed in again."""
    if _outage["down"]:
        _outage.update(down=False, until=0.0)
        _fallback.clear()
        logger.warning("the cache answers again")


def forget_outage() -> None:
    """Tests: start with Redis presumed up, nothing stale and the log not yet written."""
    _outage.update(until=0.0, down=False, logged_at=-math.inf)
    _stale.clear()
    _when_back.clear()


# Keys this process wrote or deleted in its memory while Redis was down: Redis still holds their old values (a session
# that was logged out, a user's cached row before a change, a forget marker that never got there). They are deleted
# from Redis before anything else is read from it again, so the old values cannot come back. At most MAX_STALE keys;
# past that the whole outage is treated like a restart of the cache would be: nothing more can be done than log it.
MAX_STALE = 50_000
_stale: set[tuple[str, object]] = set()
_WRITES = {"add", "set", "touch", "delete", "incr", "set_many", "delete_many"}
# Counts that only ever grow during an outage (the login lockout's, allauth's rate limits', our limits'): Redis' value
# from before the outage is still right, and deleting it when Redis answered erased every process's count (five
# failures locked a sign-in out; an outage in between unlocked it). Their writes are not stale; their deletes
# (a successful sign-in clearing its failures) still are. The module that names such keys registers their prefix
# (`counts_under`) where it builds them, so a renamed key cannot silently fall out of this list.
_counter_prefixes: tuple[str, ...] = ()


def counts_under(prefix: str) -> str:
    """Say that keys starting with `prefix` hold counts that only grow while Redis is down; returns the prefix."""
    global _counter_prefixes
    if prefix not in _counter_prefixes:
        _counter_prefixes = (*_counter_prefixes, prefix)
    return prefix


def is_counter(key) -> bool:
    return str(key).startswith(_counter_prefixes)


def _note_stale(name: str, args: tuple, kwargs: dict) -> None:
    if name not in _WRITES or not args:
        return
    version = kwargs.get("version")
    keys = list(args[0]) if name in ("set_many", "delete_many") else [args[0]]
    if name not in ("delete", "delete_many"):
        keys = [key for key in keys if not (name == "incr" or is_counter(key))]
        if not keys:
            return
    if len(_stale) + len(keys) > MAX_STALE:
        if len(_stale) < MAX_STALE:
            logger.error("the cache: more than %s keys changed during the outage; older values of the others may "
                         "be read from Redis when it answers", MAX_STALE)
        keys = keys[:max(0, MAX_STALE - len(_stale))]
    _stale.update((key, version) for key in keys)


# Work that needs Redis itself and could not wait (an account's cached AI replies to delete: ai/cache.py): done, in
# order, when Redis answers again, before anything is read from it. At most MAX_STALE of them.
_when_back: list = []


def when_redis_answers(work) -> None:
    """Call `work()` once Redis answers again (before anything else reads it). Run then, it must raise RedisError if
    Redis fails again, not queue itself anew (`catching_up()` says it runs from here): it stays queued, with what came
    after it. Any other exception is logged and the work dropped."""
    with _when_back_lock:
        if len(_when_back) < MAX_STALE:
            _when_back.append(work)
            return
    logger.error("the cache: too much work waits for Redis to answer; dropped %r", work)


_catching_up = threading.local()
_when_back_lock = threading.Lock()


def catching_up() -> bool:
    """True while this thread runs the work queued for when Redis answers."""
    return getattr(_catching_up, "active", False)


def _catch_up(backend) -> None:
    """What the outage left to do on Redis, before anything is read from it: the queued work, then the stale keys.
    The work's own cache calls do not start it again. Only the work queued when it starts is run (work that queued
    itself again ran for ever, at 100% of a core, and the process stopped answering); a RedisError stops it, the rest
    stays queued and the caller notes the outage."""
    if catching_up():
        return
    _catching_up.active = True
    try:
        with _when_back_lock:
            pending = list(_when_back)
        for work in pending:
            try:
                work()
            except RedisError:
                raise
            except Exception:
                logger.exception("the cache: work queued during the outage failed; dropped %r", work)
            with _when_back_lock:
                if any(queued is work for queued in _when_back):
                    _when_back.remove(work)
        if _stale:
            _forget_stale(backend)
    finally:
        _catching_up.active = False


def _forget_stale(backend) -> None:
    """Delete from Redis what changed in this process's memory during the outage (raises if Redis fails again)."""
    stale = list(_stale)  # another thread may add to it meanwhile: only these are done
    by_version: dict[object, list[str]] = {}
    for key, version in stale:
        by_version.setdefault(version, []).append(key)
    for version, keys in by_version.items():
        DjangoRedisCache.delete_many(backend, keys, version=version)
    _stale.difference_update(stale)


def _soft(name: str):
    redis_method = getattr(DjangoRedisCache, name)

    def method(self, *args, **kwargs):
        if outage_remembered():
            _note_stale(name, args, kwargs)
            return getattr(_fallback, name)(*args, **kwargs)
        try:
            if _stale or _when_back:
                _catch_up(self)
            result = redis_method(self, *args, **kwargs)
        except RedisError as exc:
            note_outage(exc)
            _note_stale(name, args, kwargs)
            return getattr(_fallback, name)(*args, **kwargs)
        note_answer()
        return result

    method.__name__ = name
    method.__doc__ = f"Django's `{name}`, or this process's memory while Redis cannot be reached."
    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many",
              "clear"):
    setattr(RedisCache, _name, _soft(_name))


def round_trip(backend) -> None:
    """Write, read and delete a key on Redis itself, raising when it cannot be reached (/ready: the fallback must
    not hide an outage). A success ends a remembered outage."""
    key = f"ready:{uuid.uuid4().hex}"
    raw = DjangoRedisCache if isinstance(backend, RedisCache) else type(backend)
    try:
        if isinstance(backend, RedisCache):
            _catch_up(backend)
        raw.set(backend, key, "ok", 10)
        if raw.get(backend, key) != "ok":
            raise RuntimeError("cache did not return the value just written")
        raw.delete(backend, key)
    except RedisError as exc:
        note_outage(exc)
        raise
    if isinstance(backend, RedisCache):
        note_answer()
