"""One Redis connection pool per process for Django's cache.

Django keeps its cache backends in an asgiref `Local`, which under ASGI is per request (each request runs in a
context of its own), and each `RedisCache` backend builds its own `ConnectionPool`. So every request opened a new
TCP connection to Redis (with redis-py's handshake: HELLO and two CLIENT SETINFO round trips) and dropped it at the
end: on the problems API that was most of the per-request cost beyond /health's. `SharedConnectionPool` is the
`pool_class` of the Redis cache (settings.CACHES): `from_url` hands every backend instance of a process the same pool
for the same URL and options, so connections are reused across requests. redis-py's pool notices a fork (gunicorn
workers) and starts afresh in the child.
"""

from __future__ import annotations

import threading

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
