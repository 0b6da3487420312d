"""One Redis connection pool per process for Django's cache.

Django keeps its cache backends in an asgiref `Local`, which under ASGI is per request (each request runs in a
context of its own), and each `RedisCache` backend builds its own `ConnectionPool`. So every request opened a new
TCP connection to Redis (with redis-py's handshake: HELLO and two CLIENT SETINFO round trips) and dropped it at the
end: on the problems API that was most of the per-request cost beyond /health's. `SharedConnectionPool` is the
`pool_class` of the Redis cache (settings.CACHES): `from_url` hands every backend instance of a process the same pool
for the same URL and options, so connections are reused across requests. redis-py's pool notices a fork (gunicorn
workers) and starts afresh in the child.

`RedisCache` (the backend in settings.CACHES) also keeps one `redis.Redis` client per pool instead of building one
per cache call.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis import ConnectionPool


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
