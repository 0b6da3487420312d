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

A limit with `counts_refused = False` (the code-run budget) is spent only by requests the view accepts: its hit is
recorded when the request is checked, as for every limit (so N requests arriving at once still let exactly N
through), and given back when the answer is a 4xx (`GiveBackRefusedHitsMiddleware`): the view refused the request
(invalid input, not found, a state conflict) and nothing was done. Refused requests are cheap; the general limits
(`UserThrottle`, `IpThrottle`), which count them, keep floods of them in check.

When the cache cannot be reached (Redis down or timing out) nothing fails open and nothing answers 500: each limit is
counted in this process's memory instead (`_fallback`) until the cache answers again; the cache logs the outage once
(interviewmaster/cache_pool.py), and Redis is not tried again for REDIS_RETRY_AFTER_SECONDS. A limit on expensive
work (`expensive = True`: code runs, AI calls, parses, emails, password checks) then allows only its share of the
budget per process (`RATE_LIMIT_FALLBACK_DIVISOR`, the number of processes, so the whole deployment stays near the
limit): failing open would let anyone burn sandbox time and AI quota for as long as the outage lasts. The general
limits (reads, sign-in, the token endpoints) keep their whole budget per process: dividing them would refuse ordinary
users, and failing closed would lock everybody out. Slots (`hold_slot`: open websockets)
are counted per process with their whole limit. docs/security.md, "When the cache is down".
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from interviewmaster import cache_pool
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

# Concurrent holders of a limited resource (open websockets): KEYS[1] a sorted set of holders scored by their last
# refresh; ARGV: limit, lifetime (µs), the holder. Holders not refreshed within the lifetime are gone (a process that
# died cannot keep its slots). Returns 1 when the holder has (or keeps) a slot, 0 when all are taken.
HOLD_SLOT_LUA = """
local key, limit, ttl, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)
if redis.call('ZSCORE', key, member) or redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.ceil(ttl / 1000))
  return 1
end
return 0
"""

_local_lock = threading.Lock()
_script: dict[str, object] = {}  # one registered Script per process (EVALSHA, EVAL once after a server restart)
logger = logging.getLogger(__name__)

# Where limits and slots are counted while the cache cannot be reached: this process's memory. Bounded (keys are
# culled past MAX_ENTRIES, which forgets counts rather than growing without end during a long outage). The expensive
# limits (RateThrottle.expensive: per user, mostly) count apart from the rest: a flood of anonymous requests from fresh
# addresses filled the one shared store and culled someone's spent code-run or AI budget with it.
_fallback = LocMemCache("interviewmaster-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 20_000}})
_fallback_costly = LocMemCache("interviewmaster-throttle-fallback-costly", {"OPTIONS": {"MAX_ENTRIES": 20_000}})


def _cache_down(exc: Exception | None, *, costly: bool = False) -> LocMemCache:
    """Note that the cache failed (`exc`; None: a recent failure is remembered, Redis is not tried) and return the
    per-process fallback (the expensive limits' own when `costly`). One warning per outage for the whole cache
    (interviewmaster/cache_pool.py), which is then not tried again for REDIS_RETRY_AFTER_SECONDS."""
    if exc is not None:
        cache_pool.note_outage(exc)
    return _fallback_costly if costly else _fallback


class _Remembered(Exception):
    """A recent failure says the cache is down: not tried (internal)."""


def _on_redis(backend) -> bool:
    """Count on Redis: the cache is Redis and no recent failure says it is down."""
    return isinstance(backend, RedisCache) and not cache_pool.outage_remembered()


def _registered(client, name: str, source: str):
    return _script.get(name) or _script.setdefault(name, client.register_script(source))


def _hit_redis(backend: RedisCache, key: str, limit: int, window: float, member: str) -> tuple[bool, float]:
    client = backend._cache.get_client(key, write=True)  # a client on the backend's shared connection pool
    script = _registered(client, "sliding_window", SLIDING_WINDOW_LUA)
    allowed, wait_us = script(keys=[key], args=[limit, int(window * 1_000_000), member], client=client)
    return bool(allowed), int(wait_us) / 1_000_000


def _hit_local(backend, key: str, limit: int, window: float, member: str) -> tuple[bool, float]:
    with _local_lock:
        now = time.time()
        history = [(t, m) for t, m in backend.get(key, []) if t > now - window]
        if len(history) >= limit:
            return False, history[0][0] + window - now
        history.append((now, member))
        backend.set(key, history, math.ceil(window) + 1)
        return True, 0.0


def record_hit(key: str, *, limit: int, window: float, member: str | None = None,
               fallback_limit: int | None = None, costly: bool = False) -> tuple[bool, float]:
    """Count one request under `key` if fewer than `limit` were counted in the last `window` seconds. `member` names
    the hit for `give_back_hit` (a fresh one when not given). While the cache cannot be reached the hit is counted in
    this process against `fallback_limit` (default `limit`). Returns (allowed, seconds until the next request would
    be allowed)."""
    backend = caches["default"]
    member = member or uuid.uuid4().hex
    if _on_redis(backend):
        try:
            return _hit_redis(backend, backend.make_and_validate_key(key), limit, window, member)
        except RedisError as exc:
            return _hit_local(_cache_down(exc, costly=costly), key, fallback_limit or limit, window, member)
    if isinstance(backend, RedisCache):
        return _hit_local(_cache_down(None, costly=costly), key, fallback_limit or limit, window, member)
    return _hit_local(backend, key, limit, window, member)


def _redis_zrem(backend: RedisCache, key: str, member: str) -> None:
    """Take `member` out of the sorted set under `key` (a hit's or a slot's holder; both live in one)."""
    key = backend.make_and_validate_key(key)
    backend._cache.get_client(key, write=True).zrem(key, member)


def give_back_hit(key: str, member: str, *, window: float) -> None:
    """Remove the hit `member` recorded under `key` (a request refused after it was counted)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        if _on_redis(backend):
            try:
                _redis_zrem(backend, key, member)
                return
            except RedisError as exc:
                _cache_down(exc)
        for fallback in (_fallback, _fallback_costly):  # it was counted in one of the fallbacks, if anywhere
            _take_back(fallback, key, member, window)
        return
    _take_back(backend, key, member, window)


def _take_back(backend, key: str, member: str, window: float) -> None:
    with _local_lock:
        history = backend.get(key, [])
        kept = [(t, m) for t, m in history if m != member]
        if len(kept) != len(history):
            backend.set(key, kept, math.ceil(window) + 1)


def record_hits(hits: list[tuple[str, int, float]], *, members: list[str] | None = None,
                fallback_limits: list[int] | None = None,
                costly: list[bool] | None = None) -> tuple[int | None, float]:
    """`record_hit` for several (key, limit, window) in order, stopping at the first whose limit is reached (the later
    ones are not counted); `members` name the hits (fresh ones when not given), `fallback_limits` the limits counted
    in this process while the cache cannot be reached (default: the limits). Returns (the index of that one or None,
    seconds to wait). One round trip on Redis."""
    backend = caches["default"]
    members = members or [uuid.uuid4().hex for _ in hits]
    if isinstance(backend, RedisCache):
        keys = [backend.make_and_validate_key(key) for key, _, _ in hits]
        args = [arg for (_, limit, window), member in zip(hits, members, strict=True)
                for arg in (limit, int(window * 1_000_000), member)]
        try:
            if not _on_redis(backend):
                raise _Remembered
            client = backend._cache.get_client(keys[0], write=True)
            script = _registered(client, "sliding_windows", SLIDING_WINDOWS_LUA)
            full, wait_us = script(keys=keys, args=args, client=client)
            return (int(full) - 1 if full else None), int(wait_us) / 1_000_000
        except (RedisError, _Remembered) as exc:
            _cache_down(None if isinstance(exc, _Remembered) else exc)
            hits = [(key, fallback or limit, window) for (key, limit, window), fallback
                    in zip(hits, fallback_limits or [0] * len(hits), strict=True)]
            backends = [_fallback_costly if dear else _fallback for dear in (costly or [False] * len(hits))]
    else:
        backends = [backend] * len(hits)
    for index, ((key, limit, window), member, store) in enumerate(zip(hits, members, backends, strict=True)):
        allowed, wait = _hit_local(store, key, limit, window, member)
        if not allowed:
            return index, wait
    return None, 0.0


def hold_slot(key: str, holder: str, *, limit: int, lifetime: float) -> bool:
    """Take (or refresh) one of `limit` slots under `key` for `holder`, e.g. an open websocket. A holder keeps its slot
    while it calls this again within `lifetime` seconds, until `release_slot`; one that stops calling (its process died)
    loses it after `lifetime`. Atomic on Redis (one Lua script) and, on other backends, under the process-wide lock."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        try:
            if not _on_redis(backend):
                raise _Remembered
            redis_key = backend.make_and_validate_key(key)
            client = backend._cache.get_client(redis_key, write=True)
            script = _registered(client, "hold_slot", HOLD_SLOT_LUA)
            return bool(script(keys=[redis_key], args=[limit, int(lifetime * 1_000_000), holder], client=client))
        except (RedisError, _Remembered) as exc:  # counted in this process until the cache answers again
            backend = _cache_down(None if isinstance(exc, _Remembered) else exc)
    with _local_lock:
        now = time.time()
        holders = {h: at for h, at in backend.get(key, {}).items() if at > now - lifetime}
        if holder not in holders and len(holders) >= limit:
            return False
        holders[holder] = now
        backend.set(key, holders, math.ceil(lifetime) + 1)
        return True


def release_slot(key: str, holder: str) -> None:
    """Give back `holder`'s slot under `key` (nothing happens if it held none)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        try:
            if not _on_redis(backend):
                raise _Remembered
            _redis_zrem(backend, key, holder)
            return
        except (RedisError, _Remembered) as exc:
            backend = _cache_down(None if isinstance(exc, _Remembered) else exc)
    with _local_lock:
        holders = backend.get(key, {})
        if holders.pop(holder, None) is not None:
            backend.set(key, holders, 3600)


_BATCH = "_rate_throttle_batch"  # on the DRF request: {"view": id, "results": {key: [(allowed, wait, member), ...]}}
_GIVE_BACK = "_rate_hits_to_give_back"  # on Django's request: [(key, member, window, on_503)] to give back if refused


def _batched_results(request, view) -> dict[str, list[tuple[bool, float, str]]] | None:
    """All of an API view's limits counted in one `record_hits` when the first of them is checked; each throttle then
    takes its own result. None when the view's throttles are not all RateThrottles (their order would change)."""
    found = getattr(request, _BATCH, None)
    if found is not None and found["view"] == id(view):
        return found["results"]
    throttles = view.get_throttles()
    if not all(isinstance(t, RateThrottle) for t in throttles):
        return None
    counted = [(key, t) for t in throttles if (key := t.counted_key(request, view))]
    hits = [(key, t.num_requests, t.duration) for key, t in counted]
    members = [uuid.uuid4().hex for _ in hits]
    full, wait = record_hits(hits, members=members, fallback_limits=[t.fallback_limit() for _, t in counted],
                             costly=[t.expensive for _, t in counted]) \
        if hits else (None, 0.0)
    results: dict[str, list[tuple[bool, float, str]]] = {}
    for index, (key, _, _) in enumerate(hits if full is None else hits[:full + 1]):
        results.setdefault(key, []).append((index != full, wait if index == full else 0.0, members[index]))
    setattr(request, _BATCH, {"view": id(view), "results": results})
    return results


_THROTTLE_PREFIX = cache_pool.counts_under("throttle:")


class RateThrottle(SimpleRateThrottle):
    """The one throttle class. Subclasses set data only: `scope`, `per`, `rate_setting`, `methods`, `message`."""

    scope = "user"
    per = "user"  # "user": the user (the client address when anonymous); "ip": the client address; "anon": anonymous
    rate_setting = ""  # a setting holding a DRF rate ("10/min") or an int (per minute); empty: the scope's rate
    # Only these methods count (None: all). Every limit of one operation names its methods: an OPTIONS request spent
    # a code run, a hint or an export and then the real call got a 429 for an hour. A GET operation names HEAD too:
    # Django answers HEAD with the view's get, work and all.
    methods: frozenset[str] | None = None
    counts_refused = True  # False: a request answered with a 4xx gives its hit back (GiveBackRefusedHitsMiddleware)
    # With counts_refused = False, True: a 503 (the service asked the client to come back shortly) gives it back too.
    counts_unavailable = True
    # True: the work behind it costs (sandbox time, AI quota, a parse, an email, a password hash). While the cache is
    # down such a limit allows only its per-process share of the budget; the others keep the whole budget per process.
    expensive = False
    message = "Too many requests; try again in {wait} s."

    def fallback_limit(self) -> int:
        """What this limit allows per process and window while the cache cannot be reached."""
        if not self.expensive:
            return self.num_requests
        return max(1, self.num_requests // max(1, settings.RATE_LIMIT_FALLBACK_DIVISOR))

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
        return self.key_for(user.pk if self.per == "user" and signed_in else self.get_ident(request))

    def key_for(self, ident) -> str:
        """The cache key this limit counts `ident` (a user's id or a client address) under."""
        return f"{_THROTTLE_PREFIX}{self.scope}:{ident}"

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
            allowed, wait, member = batch[key].pop(0)
        else:
            member = uuid.uuid4().hex
            allowed, wait = record_hit(key, limit=self.num_requests, window=self.duration, member=member,
                                       fallback_limit=self.fallback_limit(), costly=self.expensive)
        if not allowed:
            self.refuse(wait)
        if not self.counts_refused:
            django_request = getattr(request, "_request", request)  # DRF's request wraps Django's
            django_request.__dict__.setdefault(_GIVE_BACK, []).append(
                (key, member, self.duration, not self.counts_unavailable))
        return True

    def refuse(self, wait: float):
        retry_after = max(1, math.ceil(wait))
        message = self.message.format(wait=retry_after, when=in_words(retry_after), limit=self.num_requests)
        raise TooManyRequests(message, retry_after=retry_after)

    def wait(self):
        return None


def in_words(seconds: int) -> str:
    """A wait as a person reads it, rounded up (never sooner than it is): "40 seconds", "59 minutes", "24 hours"."""
    if seconds <= 90:
        amount, unit = seconds, "second"
    elif seconds <= 90 * 60:
        amount, unit = math.ceil(seconds / 60), "minute"
    else:
        amount, unit = math.ceil(seconds / 3600), "hour"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


def check_rate(request, *throttles: type[RateThrottle]) -> None:
    """For pages: count this request against each throttle (the same budgets the APIs use); raise
    `TooManyRequests` when one is used up. Show it with `interviewmaster.pages.render_error`."""
    for throttle in throttles:
        throttle().allow_request(request, None)


class GiveBackRefusedHitsMiddleware:
    """Gives back the hits of limits with `counts_refused = False` when the answer is a 4xx: the view refused the
    request (invalid input, not found, a conflict, another limit) and did nothing. Pages and APIs alike. A limit with
    `counts_unavailable = False` also gets its hit back on a 503 (the platform refused it for now)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        hits = request.__dict__.get(_GIVE_BACK)
        refused = 400 <= response.status_code < 500
        for key, member, window, on_unavailable in hits or ():
            if refused or (on_unavailable and response.status_code == 503):
                give_back_hit(key, member, window=window)
        return response


def check_user_rate(user, *throttles: type[RateThrottle]) -> None:
    """For services reached without a request (a websocket message): count one action of `user` against each
    throttle, under the key an API request of that user would use; raise `TooManyRequests` when one is used up."""
    for throttle_class in throttles:
        throttle = throttle_class()
        if throttle.rate is None:
            continue
        allowed, wait = record_hit(throttle.key_for(user.pk), limit=throttle.num_requests, window=throttle.duration,
                                   fallback_limit=throttle.fallback_limit(), costly=throttle.expensive)
        if not allowed:
            throttle.refuse(wait)


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
    expensive = True
    rate_setting = "SANDBOX_RUN_RATE"
    methods = frozenset({"POST"})
    counts_refused = False  # only runs the judge accepts spend it (a 400, 404, 409 or 413 answer gives it back)
    message = "You have used your code runs for now; try again in {wait} s."


class QuestionGenerationThrottle(RateThrottle):
    """Generation can spend the shared AI quota: AI_GENERATE_RATE per user."""

    scope = "question_generation"
    expensive = True
    rate_setting = "AI_GENERATE_RATE"
    methods = frozenset({"POST"})


class SpeechThrottle(RateThrottle):
    """Server text-to-speech of interview questions (each new text costs a provider call): AI_TTS_RATE per user."""

    scope = "speech"
    expensive = True
    rate_setting = "AI_TTS_RATE"
    methods = frozenset({"GET", "HEAD"})  # HEAD runs the whole view (Django answers it with get)
    message = "Too many read-aloud requests; try again in {wait} s."


class ResumeUploadThrottle(RateThrottle):
    """Resume uploads and re-reads ("read again"; each costs a parse): one budget of RESUME_UPLOADS_PER_MINUTE per
    user, shared by the APIs and the pages; listing is not counted."""

    scope = "resume_upload"
    expensive = True
    rate_setting = "RESUME_UPLOADS_PER_MINUTE"
    methods = frozenset({"POST"})
    message = "You can upload or read again at most {limit} files a minute; try again in {wait} s."


class HintThrottle(RateThrottle):
    """Tutor hints spend the AI quota: STUDY_HINT_RATE per user."""

    scope = "study_hint"
    expensive = True
    rate_setting = "STUDY_HINT_RATE"
    methods = frozenset({"POST"})
    message = "You have asked for many hints; try again in {wait} s."


class InterviewStartThrottle(RateThrottle):
    """Interviews a candidate starts (API and page share it): INTERVIEW_START_RATE per user. Each start can queue a
    judge run per code answer and the AI's evaluations and report; one live interview at a time alone let a script
    start, answer, finish and start again. A refused start gives its hit back: a 4xx, and the 503 of a platform at its
    limit of live interviews ("try again shortly": each retry cost a start, and with 2/hour two of them left the
    candidate refused for an hour once there was room, though nothing had started)."""

    scope = "interview_start"
    expensive = True
    rate_setting = "INTERVIEW_START_RATE"
    methods = frozenset({"POST"})
    counts_refused = False
    counts_unavailable = False
    message = "You have started many interviews lately; try again in {wait} s."


class InterviewHintThrottle(RateThrottle):
    """Hints in the interview room (each is a task on the shared `ai` queue and a provider call): INTERVIEW_HINT_RATE
    per user, whatever the interview or the number of open sockets."""

    scope = "interview_hint"
    expensive = True
    rate_setting = "INTERVIEW_HINT_RATE"
    message = "You have asked for many hints in the last hour; try again in {wait} s."


class ResumeAnalysisThrottle(RateThrottle):
    """Resume analyses refreshed with a remote AI call after a skill edit or a target-role change (each new list of
    skills is a new prompt): RESUME_ANALYSIS_RATE per user. Counted by the refresh task (`check_user_rate`); past it
    a refresh is the taxonomy analysis alone and the edit itself is never refused."""

    scope = "resume_analysis"
    expensive = True
    rate_setting = "RESUME_ANALYSIS_RATE"


class MentorInviteThrottle(RateThrottle):
    """Mentor invitations per candidate (MENTOR_INVITE_RATE): each may email an address that has no account."""

    scope = "mentor_invite"
    expensive = True
    rate_setting = "MENTOR_INVITE_RATE"
    methods = frozenset({"POST"})


class MentorCommentThrottle(RateThrottle):
    """Comments per mentor (MENTOR_COMMENT_RATE): each stays for good in a candidate's task history, which the
    candidate cannot trim, and the task page shows them all (under the API-wide budget alone a mentor could add 600 of
    4,000 characters a minute)."""

    scope = "mentor_comment"
    rate_setting = "MENTOR_COMMENT_RATE"
    methods = frozenset({"POST"})
    message = "You have written many comments lately; try again in {wait} s."


class PasswordCheckThrottle(RateThrottle):
    """A signed-in user typing their password again (account deletion, API and page share it): ACCOUNT_DELETE_RATE
    per user, on top of the login lockout those guesses count towards (accounts.services.check_password_again)."""

    scope = "password_check"
    expensive = True
    rate_setting = "ACCOUNT_DELETE_RATE"
    methods = frozenset({"DELETE", "POST"})
    message = "Too many password attempts; try again in {wait} s."


class ExportThrottle(RateThrottle):
    """History exports read a whole history: STUDY_EXPORT_RATE per user."""

    scope = "study_export"
    expensive = True
    rate_setting = "STUDY_EXPORT_RATE"
    methods = frozenset({"GET", "HEAD"})  # HEAD runs the whole view (Django answers it with get)
    counts_refused = False  # a refused export (`to` before `from`: 400) read nothing


class PersonalDataExportThrottle(RateThrottle):
    """"Download my data" (the page and `GET /api/v1/users/me/export` share it): PERSONAL_DATA_EXPORT_RATE per user.
    Each reads the user's whole history; it is needed rarely, and four clients looping on it slowed everybody."""

    scope = "personal_data_export"
    expensive = True
    rate_setting = "PERSONAL_DATA_EXPORT_RATE"
    methods = frozenset({"GET", "HEAD"})  # HEAD runs the whole view (Django answers it with get)
    counts_refused = False  # a refused export (409: another is being made) read nothing
    message = "You have downloaded your data {limit} times lately; try again in {when}."


class StudyPathCreateThrottle(RateThrottle):
    """Study paths a candidate starts (API and page share it): STUDY_PATH_CREATE_RATE per user. Each start writes the
    first days' tasks, and an archived path stays in the history for good: looping "start, archive" made 743 paths
    and 3,711 tasks in 90 s. A start refused anyway (invalid settings, a path already active) is not counted."""

    scope = "study_path_create"
    rate_setting = "STUDY_PATH_CREATE_RATE"
    methods = frozenset({"POST"})
    counts_refused = False
    message = ("You have started {limit} study paths lately; you can start another in {when}. "
               "Your archived paths are kept.")


class StudyPathFocusThrottle(RateThrottle):
    """Changes of a path's focus modules (API and path page share it): STUDY_PATH_FOCUS_RATE per candidate (one active
    path each). Each change skips the open tasks the focus leaves out and writes new ones: alternating two modules made
    40 tasks and skipped 40 in 0.9 s, and got around STUDY_PATH_CREATE_RATE. Counted only when the focus changes
    (`check_rate` by the views); a change refused anyway is given back."""

    scope = "study_path_focus"
    rate_setting = "STUDY_PATH_FOCUS_RATE"
    methods = frozenset({"PATCH", "POST"})
    counts_refused = False
    message = ("You have changed your path's focus modules {limit} times lately; you can change them again in {when}. "
               "Your other settings can be changed now.")
