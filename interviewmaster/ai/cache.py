"""Response cache keyed by (task, prompt version, inputs hash, model), with a per-task lifetime.

The keys are content hashes, tied to nobody, yet a reply can carry what a person wrote (an evaluation quotes the
answer, a resume analysis the resume). So every call made for people names them (`owners`: user ids) and each cached
reply's key is also written to a per-user index, `ai:resp:owner:<id>`, before the reply itself (a crash between the
two leaves an index entry pointing at nothing, never a reply nobody can find). Deleting an account reads its index
and deletes every reply in it and the index (`forget_replies_of`, after the deletion commits). A reply another user
also got from the cache (same inputs) is indexed for them too, on the hit. The index lives as long as the longest
task lifetime, refreshed on every write, so it outlives every reply it names; it is bounded (OWNER_INDEX_LIMIT keys):
a reply that cannot be indexed is not cached. On Redis the index is a set written by one atomic script; on other
backends a list under a process lock (the embedded local-memory cache is one process, like the throttles').
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from interviewmaster import cache_pool

OWNER_INDEX_LIMIT = 10_000  # replies indexed per user; past it, that user's replies are not cached
_index_lock = threading.Lock()

# KEYS[1] the owner's set; ARGV: the reply key, the limit, the index lifetime (s). 1 when indexed, 0 when full.
_REMEMBER_LUA = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
  redis.call('SADD', KEYS[1], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""


def owner_index_key(user_id: int) -> str:
    return f"ai:resp:owner:{int(user_id)}"


def owner_index_ttl() -> int:
    """As long as the longest-lived reply of any task: refreshed on each write, the index outlives what it names."""
    from interviewmaster.ai.catalog import TASKS

    return max(task.cache_ttl for task in TASKS.values())


def inputs_hash(inputs: dict[str, Any]) -> str:
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


class ResponseCache:
    def __init__(self, cache=None):
        self.cache = cache or default_cache

    @staticmethod
    def key(task: str, prompt_version: str, digest: str, model: str) -> str:
        return f"ai:resp:{task}:{prompt_version}:{model}:{digest}"

    def lookup(self, task: str, prompt_version: str, digest: str, models: list[str]) -> tuple[str, dict] | None:
        """One round trip for every candidate model; the first model in chain order wins."""
        if not settings.AI_CACHE_ENABLED or not models:
            return None
        keys = [self.key(task, prompt_version, digest, model) for model in models]
        found = self.cache.get_many(keys)
        for model, key in zip(models, keys, strict=True):
            if key in found:
                return model, found[key]
        return None

    def store(self, task: str, prompt_version: str, digest: str, model: str, entry: dict, ttl: int, *,
              owners: Iterable[int] = ()) -> None:
        """Cache a reply, indexed first under each owner; not cached at all when an owner's index is full."""
        if settings.AI_CACHE_ENABLED and ttl > 0:
            key = self.key(task, prompt_version, digest, model)
            if self.remember(key, owners=owners):
                self.cache.set(key, entry, timeout=ttl)

    def remember(self, key: str, *, owners: Iterable[int]) -> bool:
        """Index `key` under each owner. False when some owner's index is full."""
        indexed = True
        for user_id in sorted(set(owners)):
            indexed = self._index(owner_index_key(user_id), key) and indexed
        return indexed

    def _redis(self) -> RedisCache | None:
        """The Redis backend behind `self.cache` (the default cache is a proxy), or None on another backend and while
        Redis is down (the cache then keeps replies and indexes in the process's memory: interviewmaster/cache_pool)."""
        backend = caches["default"] if self.cache is default_cache else self.cache
        if not isinstance(backend, RedisCache) or cache_pool.outage_remembered():
            return None
        return backend

    def forget_replies_of(self, user_id: int) -> int:
        """Delete every cached reply indexed for the user, and the index. Returns how many keys it named. With Redis
        down, the replies in this process's memory go now and those in Redis as soon as it answers again (an account
        deletion answered 500 after it had committed, and its cached replies stayed for their lifetime)."""
        index = owner_index_key(user_id)
        redis = self._redis()
        if redis is not None:
            try:
                return self._forget_in_redis(redis, index)
            except RedisError as exc:
                cache_pool.note_outage(exc)
        if isinstance(caches["default"] if self.cache is default_cache else self.cache, RedisCache):
            cache_pool.when_redis_answers(lambda: ResponseCache(self.cache)._forget_in_redis_when_back(user_id))
        with _index_lock:
            keys = list(self.cache.get(index) or [])
            self.cache.delete_many([*keys, index])
        return len(keys)

    @staticmethod
    def _forget_in_redis(redis: RedisCache, index: str) -> int:
        """Delete the index's replies and the index on Redis itself; raises RedisError when it cannot be reached."""
        client = redis._cache.get_client(index, write=True)
        keys = [k.decode() if isinstance(k, bytes) else k for k in client.smembers(redis.make_key(index))]
        if keys:
            RedisCache.delete_many(redis, keys)  # Django's, not the fallback's: a failure must raise
        client.delete(redis.make_key(index))
        return len(keys)

    def _forget_in_redis_when_back(self, user_id: int) -> None:
        """Queued during an outage (cache_pool.when_redis_answers): Redis's own RedisError keeps it queued; it never
        queues itself again (that looped for ever). It asks Redis even while an outage is remembered: /ready's round
        trip runs the queue then, and a refusal of its own ("down again") kept every check failing and the process on
        its memory fallback with Redis back."""
        backend = caches["default"] if self.cache is default_cache else self.cache
        self._forget_in_redis(backend, owner_index_key(user_id))

    def _index(self, index: str, key: str) -> bool:
        ttl = owner_index_ttl()
        redis = self._redis()
        if redis is not None:
            try:
                client = redis._cache.get_client(index, write=True)
                return bool(client.eval(_REMEMBER_LUA, 1, redis.make_key(index), key, OWNER_INDEX_LIMIT, ttl))
            except RedisError as exc:  # the reply was paid for: keep it (in memory) rather than fail the call
                cache_pool.note_outage(exc)
        with _index_lock:
            keys = list(self.cache.get(index) or [])
            if key not in keys:
                if len(keys) >= OWNER_INDEX_LIMIT:
                    return False
                keys.append(key)
            self.cache.set(index, keys, timeout=ttl)
        return True
