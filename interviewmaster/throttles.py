"""The one rate-limit mechanism, for APIs and pages alike (DESIGN §3).

Every limit is a subclass of `RateThrottle` that only sets data: its `scope`, whom it counts (`per`: the signed-in
user, the client address, or anonymous callers only), where its rate comes from (`rate_setting`, else
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]`) and, optionally, which HTTP methods it counts. APIs list them in
`throttle_classes`; pages call `check_rate(request, SomeThrottle)`. Either way a refusal is one error,
`TooManyRequests` (429 `throttled` with `Retry-After`), rendered by the one exception handler or by the page.

Counting is a sliding window log and is atomic: on Redis one Lua script trims, counts and records a hit in a single
step using the server's clock, so a limit of N lets exactly N requests through however many arrive at once, from
however many processes. On any other cache backend (the embedded default: local memory, one process) the same
algorithm runs under a process-wide lock; a non-Redis cache shared between processes would not be atomic, which is
why production uses Redis. An API view's limits are all counted in one call (one Lua script over all their windows,
in order, stopping at the first full one, exactly as checking them one after another would).
"""

from __future__ import annotations

import math
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from interviewmaster.errors import TooManyRequests

# KEYS[1] the window's sorted set; ARGV: limit, window (µs), a unique member. Returns {allowed (1/0), wait (µs)}.
SLIDING_WINDOW_LUA = """
local key, limit, window, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.ceil(window / 1000))
  return {1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
"""

# The same for several windows in one call (one round trip for all of a request's limits): KEYS[i] with ARGV limit,
# window (µs), member at 3i-2, 3i-1, 3i. In order; stops at the first window that is full (the later ones are not
# counted, as when the limits are checked one after another). Returns {1-based index of the full window or 0, wait}.
SLIDING_WINDOWS_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i, key in ipairs(KEYS) do
  local limit, window, member = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1]), ARGV[3 * i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) < limit then
    redis.call('ZADD', key, now, member)
    redis.call('PEXPIRE', key, math.ceil(window / 1000))
  else
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    return {i, tonumber(oldest[2]) + window - now}
  end
end
return {0, 0}
"""

_local_lock = threading.Lock()
_script: dict[str, object] = {}  # one registered Script per process (EVALSHA, EVAL once after a server restart)


def _registered(client, name: str, source: str):
    return _script.get(name) or _script.setdefault(name, client.register_script(source))


def _hit_redis(backend: RedisCache, key: str, limit: int, window: float) -> tuple[bool, float]:
    client = backend._cache.get_client(key, write=True)  # a client on the backend's shared connection pool
    script = _registered(client, "sliding_window", SLIDING_WINDOW_LUA)
    allowed, wait_us = script(keys=[key], args=[limit, int(window * 1_000_000), uuid.uuid4().hex], client=client)
    return bool(allowed), int(wait_us) / 1_000_000


def _hit_local(backend, key: str, limit: int, window: float) -> tuple[bool, float]:
    with _local_lock:
        now = time.time()
        history = [t for t in backend.get(key, []) if t > now - window]
        if len(history) >= limit:
            return False, history[0] + window - now
        history.append(now)
        backend.set(key, history, math.ceil(window) + 1)
        return True, 0.0


def record_hit(key: str, *, limit: int, window: float) -> tuple[bool, float]:
    """Count one request under `key` if fewer than `limit` were counted in the last `window` seconds.
    Returns (allowed, seconds until the next request would be allowed)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _hit_redis(backend, backend.make_and_validate_key(key), limit, window)
    return _hit_local(backend, key, limit, window)


def record_hits(hits: list[tuple[str, int, float]]) -> tuple[int | None, float]:
    """`record_hit` for several (key, limit, window) in order, stopping at the first whose limit is reached (the later
    ones are not counted). Returns (the index of that one or None, seconds to wait). One round trip on Redis."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        for index, (key, limit, window) in enumerate(hits):
            allowed, wait = _hit_local(backend, key, limit, window)
            if not allowed:
                return index, wait
        return None, 0.0
    keys = [backend.make_and_validate_key(key) for key, _, _ in hits]
    args = [arg for _, limit, window in hits for arg in (limit, int(window * 1_000_000), uuid.uuid4().hex)]
    client = backend._cache.get_client(keys[0], write=True)
    full, wait_us = _registered(client, "sliding_windows", SLIDING_WINDOWS_LUA)(keys=keys, args=args, client=client)
    return (int(full) - 1 if full else None), int(wait_us) / 1_000_000


_BATCH = "_rate_throttle_batch"  # on the DRF request: {"view": id, "results": {key: [(allowed, wait), ...]}}


def _batched_results(request, view) -> dict[str, list[tuple[bool, float]]] | None:
    """All of an API view's limits counted in one `record_hits` when the first of them is checked; each throttle then
    takes its own result. None when the view's throttles are not all RateThrottles (their order would change)."""
    found = getattr(request, _BATCH, None)
    if found is not None and found["view"] == id(view):
        return found["results"]
    throttles = view.get_throttles()
    if not all(isinstance(t, RateThrottle) for t in throttles):
        return None
    hits = [(key, t.num_requests, t.duration) for t in throttles if (key := t.counted_key(request, view))]
    full, wait = record_hits(hits) if hits else (None, 0.0)
    results: dict[str, list[tuple[bool, float]]] = {}
    for index, (key, _, _) in enumerate(hits if full is None else hits[:full + 1]):
        results.setdefault(key, []).append((index != full, wait if index == full else 0.0))
    setattr(request, _BATCH, {"view": id(view), "results": results})
    return results


class RateThrottle(SimpleRateThrottle):
    """The one throttle class. Subclasses set data only: `scope`, `per`, `rate_setting`, `methods`, `message`."""

    scope = "user"
    per = "user"  # "user": the user (the client address when anonymous); "ip": the client address; "anon": anonymous
    rate_setting = ""  # a setting holding a DRF rate ("10/min") or an int (per minute); empty: the scope's rate
    methods: frozenset[str] | None = None  # only these methods count (None: all)
    message = "Too many requests; try again in {wait} s."

    def get_rate(self):
        if not self.rate_setting:
            return super().get_rate()
        value = getattr(settings, self.rate_setting)
        return f"{value}/min" if isinstance(value, int) else value

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        if self.per == "anon" and signed_in:
            return None
        ident = user.pk if self.per == "user" and signed_in else self.get_ident(request)
        return f"throttle:{self.scope}:{ident}"

    def counted_key(self, request, view) -> str | None:
        """The key this request is counted under, or None when this limit does not count it."""
        if self.rate is None or (self.methods is not None and request.method not in self.methods):
            return None
        return self.get_cache_key(request, view)

    def allow_request(self, request, view):
        """Count the request, or raise `TooManyRequests` (with `Retry-After`) when the limit is reached. Under an API
        view all of the view's limits are counted in one call when the first is checked (`_batched_results`)."""
        key = self.counted_key(request, view)
        if key is None:
            return True
        batch = _batched_results(request, view) if hasattr(view, "get_throttles") else None
        if batch and batch.get(key):
            allowed, wait = batch[key].pop(0)
        else:
            allowed, wait = record_hit(key, limit=self.num_requests, window=self.duration)
        if not allowed:
            retry_after = max(1, math.ceil(wait))
            raise TooManyRequests(self.message.format(wait=retry_after, limit=self.num_requests),
                                  retry_after=retry_after)
        return True

    def wait(self):
        return None


def check_rate(request, *throttles: type[RateThrottle]) -> None:
    """For pages: count this request against each throttle (the same budgets the APIs use); raise
    `TooManyRequests` when one is used up. Show it with `interviewmaster.pages.render_error`."""
    for throttle in throttles:
        throttle().allow_request(request, None)


# --- every limit in the product ---------------------------------------------------------------------------------------
class AnonThrottle(RateThrottle):
    """Anonymous callers, per client address (API_THROTTLE_ANON)."""

    scope = "anon"
    per = "anon"


class UserThrottle(RateThrottle):
    """Signed-in callers per user, anonymous ones per client address (API_THROTTLE_USER)."""

    scope = "user"


class IpThrottle(RateThrottle):
    """Per client address for everybody, signed in or not (API_THROTTLE_IP)."""

    scope = "ip"
    per = "ip"


class AuthIpThrottle(RateThrottle):
    """The token endpoints: a tight per-address budget against credential stuffing (API_THROTTLE_AUTH)."""

    scope = "auth"
    per = "ip"


class CodeRunThrottle(RateThrottle):
    """Code runs ("run examples" and "submit", API and page share it): SANDBOX_RUN_RATE per user."""

    scope = "code_run"
    rate_setting = "SANDBOX_RUN_RATE"
    message = "You have used your code runs for now; try again in {wait} s."


class QuestionGenerationThrottle(RateThrottle):
    """Generation can spend the shared AI quota: AI_GENERATE_RATE per user."""

    scope = "question_generation"
    rate_setting = "AI_GENERATE_RATE"


class SpeechThrottle(RateThrottle):
    """Server text-to-speech of interview questions (each new text costs a provider call): AI_TTS_RATE per user."""

    scope = "speech"
    rate_setting = "AI_TTS_RATE"
    message = "Too many read-aloud requests; try again in {wait} s."


class ResumeUploadThrottle(RateThrottle):
    """Resume uploads and re-reads ("read again"; each costs a parse): one budget of RESUME_UPLOADS_PER_MINUTE per
    user, shared by the APIs and the pages; listing is not counted."""

    scope = "resume_upload"
    rate_setting = "RESUME_UPLOADS_PER_MINUTE"
    methods = frozenset({"POST"})
    message = "You can upload or read again at most {limit} files a minute; try again in {wait} s."


class HintThrottle(RateThrottle):
    """Tutor hints spend the AI quota: STUDY_HINT_RATE per user."""

    scope = "study_hint"
    rate_setting = "STUDY_HINT_RATE"
    message = "You have asked for many hints; try again in {wait} s."


class MentorInviteThrottle(RateThrottle):
    """Mentor invitations per candidate (MENTOR_INVITE_RATE): each may e-mail an address that has no account."""

    scope = "mentor_invite"
    rate_setting = "MENTOR_INVITE_RATE"


class ExportThrottle(RateThrottle):
    """History exports read a whole history: STUDY_EXPORT_RATE per user."""

    scope = "study_export"
    rate_setting = "STUDY_EXPORT_RATE"
