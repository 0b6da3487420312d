"""Django makes a cache backend per request context under ASGI; with Redis they must share one connection pool per
process, or every request opens (and handshakes) a new connection to Redis."""

from __future__ import annotations

import asyncio
import contextvars

from django.core.cache import CacheHandler


def _pools_seen_by_requests(settings, count: int) -> list:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/9", "OPTIONS": settings.REDIS_CACHE_OPTIONS}}
    handler = CacheHandler()

    async def request():  # each ASGI request runs as a task of its own, with a copy of the context
        return handler["default"]._cache._get_connection_pool(True)

    async def serve():
        return await asyncio.gather(*(asyncio.create_task(request()) for _ in range(count)))

    return contextvars.copy_context().run(asyncio.run, serve())


def test_every_request_of_a_process_uses_the_same_redis_pool(settings):
    pools = _pools_seen_by_requests(settings, 3)
    assert len({id(pool) for pool in pools}) == 1


def test_a_different_redis_url_gets_its_own_pool(settings):
    [first] = _pools_seen_by_requests(settings, 1)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/10", "OPTIONS": settings.REDIS_CACHE_OPTIONS}}
    other = CacheHandler()["default"]._cache._get_connection_pool(True)
    assert other is not first
    assert other.connection_kwargs["db"] == 10


def test_cache_calls_share_one_redis_client_per_pool(settings):
    settings.CACHES = {"default": {"BACKEND": "interviewmaster.cache_pool.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/10", "OPTIONS": settings.REDIS_CACHE_OPTIONS}}
    first, second = CacheHandler()["default"], CacheHandler()["default"]  # as two requests' backends
    assert first._cache.get_client(write=True) is second._cache.get_client("key")
    first.set("shared-client-check", {"a": 1}, 30)
    assert second.get("shared-client-check") == {"a": 1}
    first.delete("shared-client-check")
