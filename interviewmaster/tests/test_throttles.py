"""The one rate-limit mechanism (interviewmaster/throttles.py): sliding window, atomic under concurrency."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import MentorFactory
from interviewmaster import throttles

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-tests"}}


def test_a_window_admits_its_limit_then_says_how_long_to_wait(settings):
    settings.CACHES = LOCMEM
    results = [throttles.record_hit("throttle:test:1", limit=3, window=60) for _ in range(4)]
    assert [allowed for allowed, _ in results] == [True, True, True, False]
    assert 59 < results[-1][1] <= 60
    assert throttles.record_hit("throttle:test:2", limit=3, window=60)[0]  # another key has its own budget


def test_a_window_slides(settings, monkeypatch):
    settings.CACHES = LOCMEM
    clock = [1000.0]
    monkeypatch.setattr(throttles.time, "time", lambda: clock[0])
    assert throttles.record_hit("k", limit=2, window=60)[0]
    clock[0] += 30
    assert throttles.record_hit("k", limit=2, window=60)[0]
    assert throttles.record_hit("k", limit=2, window=60) == (False, 30.0)
    clock[0] += 30.001  # the first hit left the window
    assert throttles.record_hit("k", limit=2, window=60)[0]


def _race(hit, n: int) -> list:
    barrier = threading.Barrier(n)

    def one(_):
        barrier.wait()
        return hit()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def test_local_memory_fallback_is_atomic_under_threads(settings):
    settings.CACHES = LOCMEM
    results = _race(lambda: throttles.record_hit("throttle:race:1", limit=30, window=60)[0], 100)
    assert results.count(True) == 30


@pytest.mark.redis
def test_redis_counting_is_atomic_under_threads():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    results = _race(lambda: throttles.record_hit("throttle:race:2", limit=30, window=60)[0], 100)
    assert results.count(True) == 30


def _check_a_hit_given_back_frees_its_place():
    assert throttles.record_hit("throttle:back:1", limit=2, window=60, member="first")[0]
    assert throttles.record_hit("throttle:back:1", limit=2, window=60, member="second")[0]
    assert not throttles.record_hit("throttle:back:1", limit=2, window=60)[0]
    throttles.give_back_hit("throttle:back:1", "first", window=60)
    throttles.give_back_hit("throttle:back:1", "never-recorded", window=60)  # nothing else is removed
    assert throttles.record_hit("throttle:back:1", limit=2, window=60)[0]
    assert not throttles.record_hit("throttle:back:1", limit=2, window=60)[0]


def test_a_hit_given_back_frees_its_place_in_memory(settings):
    settings.CACHES = LOCMEM
    _check_a_hit_given_back_frees_its_place()


@pytest.mark.redis
def test_a_hit_given_back_frees_its_place_on_redis():
    _check_a_hit_given_back_frees_its_place()


def _hammer(url: str, token: str, n: int) -> list[tuple[int, str | None, bytes]]:
    def one(_):
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers.get("Retry-After"), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Retry-After"), exc.read()

    barrier = threading.Barrier(n)

    def synced(i):
        barrier.wait()
        return one(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(synced, range(n)))


def _parallel_requests_against_a_30_per_minute_limit(live_server, monkeypatch):
    from django.core.cache import caches

    # Counts an earlier test left under the same key (SQLite hands a flushed table's ids out again: the same user id,
    # the same throttle key) refused requests this one never made.
    caches["default"].clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES,
                                                               "user": "30/minute"})
    token = str(RefreshToken.for_user(MentorFactory()).access_token)
    results = _hammer(f"{live_server.url}/api/v1/users/me", token, 100)
    statuses = [status for status, _, _ in results]
    assert statuses.count(200) == 30 and statuses.count(429) == 70, sorted(set(statuses))
    refused = [(retry, body) for status, retry, body in results if status == 429]
    assert all(retry and 1 <= int(retry) <= 60 for retry, _ in refused)
    assert all(b'"code":"throttled"' in body for _, body in refused)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_100_simultaneous_requests_against_a_30_per_minute_limit_let_exactly_30_through_on_redis(live_server,
                                                                                                  monkeypatch):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    _parallel_requests_against_a_30_per_minute_limit(live_server, monkeypatch)


@pytest.mark.django_db(transaction=True)
def test_100_simultaneous_requests_against_a_30_per_minute_limit_let_exactly_30_through_in_memory(
        live_server, monkeypatch, settings):
    settings.CACHES = LOCMEM
    _parallel_requests_against_a_30_per_minute_limit(live_server, monkeypatch)


# --- all of an API view's limits in one call -------------------------------------------------------------------------
def _hits_in_order(first_limit: int, second_limit: int, third_limit: int) -> list:
    return [("throttle:batch:a", first_limit, 60), ("throttle:batch:b", second_limit, 60),
            ("throttle:batch:c", third_limit, 60)]


def _check_record_hits_stops_at_the_first_full_window():
    from django.core.cache import cache

    cache.delete_many(["throttle:batch:a", "throttle:batch:b", "throttle:batch:c"])
    assert throttles.record_hits(_hits_in_order(5, 1, 5)) == (None, 0.0)  # each counted once
    full, wait = throttles.record_hits(_hits_in_order(5, 1, 5))
    assert full == 1 and 59 < wait <= 60
    # a was counted twice (it came before the full window), c only once (it came after): c has 4 left, a 3
    assert [throttles.record_hit("throttle:batch:c", limit=5, window=60)[0] for _ in range(5)] == [
        True, True, True, True, False]
    assert [throttles.record_hit("throttle:batch:a", limit=5, window=60)[0] for _ in range(4)] == [
        True, True, True, False]


def test_record_hits_counts_in_order_and_stops_at_the_first_full_window_in_memory(settings):
    settings.CACHES = LOCMEM
    _check_record_hits_stops_at_the_first_full_window()


@pytest.mark.redis
def test_record_hits_counts_in_order_and_stops_at_the_first_full_window_on_redis():
    _check_record_hits_stops_at_the_first_full_window()


class _Tight(throttles.RateThrottle):
    scope = "batch_tight"
    rate_setting = "BATCH_TEST_TIGHT_RATE"


class _Loose(throttles.RateThrottle):
    scope = "batch_loose"
    rate_setting = "BATCH_TEST_LOOSE_RATE"


def _view_with_three_limits():
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class View(APIView):
        permission_classes = []
        throttle_classes = [_Loose, _Tight, throttles.IpThrottle]

        def get(self, request):
            return Response({"ok": True})

    return View.as_view()


@pytest.mark.django_db
def test_an_api_view_counts_all_its_limits_in_one_call_with_the_same_outcome(settings, monkeypatch):
    from rest_framework.test import APIRequestFactory

    settings.CACHES = LOCMEM
    settings.BATCH_TEST_TIGHT_RATE, settings.BATCH_TEST_LOOSE_RATE = 2, 100
    calls = []
    real = throttles.record_hits
    monkeypatch.setattr(throttles, "record_hits",
                        lambda hits, **kw: calls.append([k for k, _, _ in hits]) or real(hits, **kw))
    monkeypatch.setattr(throttles, "record_hit", lambda *a, **k: pytest.fail("counted one limit at a time"))
    view, factory = _view_with_three_limits(), APIRequestFactory()
    statuses = [view(factory.get("/x", REMOTE_ADDR="10.1.2.3")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert len(calls) == 3 and all(len(keys) == 3 for keys in calls)  # one call per request, all three limits
    assert calls[0] == ["throttle:batch_loose:10.1.2.3", "throttle:batch_tight:10.1.2.3", "throttle:ip:10.1.2.3"]
    from django.core.cache import cache

    # the refused request counted the limit before the full one, not the one after it (as one-by-one checks did)
    assert len(cache.get("throttle:batch_loose:10.1.2.3")) == 3
    assert len(cache.get("throttle:ip:10.1.2.3")) == 2


def _slots_hold_and_free(key: str) -> None:
    assert throttles.hold_slot(key, "a", limit=2, lifetime=60)
    assert throttles.hold_slot(key, "b", limit=2, lifetime=60)
    assert not throttles.hold_slot(key, "c", limit=2, lifetime=60)  # all taken
    assert throttles.hold_slot(key, "a", limit=2, lifetime=60)  # a holder refreshes its own slot
    throttles.release_slot(key, "a")
    assert throttles.hold_slot(key, "c", limit=2, lifetime=60)
    assert not throttles.hold_slot(key, "a", limit=2, lifetime=60)


def test_slots_admit_their_limit_of_holders_and_lapse_when_not_refreshed(settings, monkeypatch):
    settings.CACHES = LOCMEM
    _slots_hold_and_free("slots:test:1")
    clock = [1000.0]
    monkeypatch.setattr(throttles.time, "time", lambda: clock[0])
    assert throttles.hold_slot("slots:test:2", "dead", limit=1, lifetime=60)
    assert not throttles.hold_slot("slots:test:2", "new", limit=1, lifetime=60)
    clock[0] += 61  # the holder's process died: its slot lapses
    assert throttles.hold_slot("slots:test:2", "new", limit=1, lifetime=60)


@pytest.mark.redis
def test_slots_on_redis_are_atomic_under_threads():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    _slots_hold_and_free("slots:test:redis")
    results = _race(lambda: throttles.hold_slot("slots:race", uuid.uuid4().hex, limit=3, lifetime=60), 50)
    assert results.count(True) == 3


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_escape_the_per_address_limits(client, settings, monkeypatch):
    """DRF read X-Forwarded-For as sent (NUM_PROXIES unset): a random one per request escaped the login limit. The
    address is REMOTE_ADDR, which the ASGI server sets from the header only for a proxy it trusts."""
    settings.CACHES = LOCMEM
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "3/minute")
    codes = [client.post("/api/v1/auth/token", {"email": f"w{i}@example.com", "password": "wrong-password-1"},
                         content_type="application/json", HTTP_X_FORWARDED_FOR=f"10.9.0.{i}").status_code
             for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("setting,path,method", [
    ("SANDBOX_RUN_RATE", "/api/v1/problems/{problem}/run", "post"),
    ("STUDY_EXPORT_RATE", "/api/v1/study-tasks/export", "get"),
    ("PERSONAL_DATA_EXPORT_RATE", "/api/v1/users/me/export", "get"),
    ("MENTOR_INVITE_RATE", "/api/v1/mentors/invite", "post"),
])
def test_options_requests_do_not_spend_an_operations_own_budget(settings, setting, path, method):
    """OPTIONS counted against the operation's budget: ten of them and the real call got a 429 for up to an hour."""
    from rest_framework.test import APIClient

    from accounts.tests.factories import CandidateFactory
    from studypaths.tests.factories import ADD_PY, ProblemFactory

    settings.CACHES = LOCMEM
    from django.core.cache import cache

    cache.clear()
    setattr(settings, setting, "2/hour")
    api = APIClient()
    api.force_authenticate(CandidateFactory())
    url = path.format(problem=ProblemFactory().id if "{problem}" in path else "")
    for _ in range(5):
        assert api.options(url).status_code == 200
    if method == "get":  # HEAD is the view's get, work and all: it counts (it was a way round the export's limit)
        assert [api.head(url).status_code for _ in range(3)] == [200, 200, 429]
        return
    body = {"language": "python", "code": ADD_PY} if "run" in path else {"email": "mentor-to-be@example.com"}
    response = api.post(url, body, format="json") if method == "post" else api.get(url)
    assert response.status_code != 429, response.content


# --- the cache down ---------------------------------------------------------------------------------------------------
UNREACHABLE = {"default": {"BACKEND": "interviewmaster.cache_pool.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture
def cache_down(settings):
    """A Redis cache nobody answers on; each test starts with empty per-process fallback counts."""
    settings.CACHES = UNREACHABLE
    for fallback in (throttles._fallback, throttles._fallback_costly):
        fallback.clear()
    yield
    for fallback in (throttles._fallback, throttles._fallback_costly):
        fallback.clear()


def test_with_the_cache_down_expensive_work_gets_a_per_process_share_of_its_budget(cache_down, settings, caplog):
    """Code runs and AI calls: the check raised redis' ConnectionError (every API answered 500, the room's socket slot
    let everybody in). Failing open would let anyone burn sandbox time and AI quota for as long as the outage lasts."""
    from types import SimpleNamespace

    from interviewmaster.errors import TooManyRequests

    settings.SANDBOX_RUN_RATE, settings.RATE_LIMIT_FALLBACK_DIVISOR = "8/min", 4
    user = SimpleNamespace(pk=7)
    throttles.check_user_rate(user, throttles.CodeRunThrottle)
    throttles.check_user_rate(user, throttles.CodeRunThrottle)
    with pytest.raises(TooManyRequests) as refused:
        throttles.check_user_rate(user, throttles.CodeRunThrottle)
    assert refused.value.retry_after >= 1
    throttles.check_user_rate(SimpleNamespace(pk=8), throttles.CodeRunThrottle)  # per user, as with the cache
    assert "the cache cannot be reached" in caplog.text


def test_with_the_cache_down_reads_and_sign_in_keep_their_whole_budget(cache_down, rf, settings):
    """Failing closed would lock everybody out; a divided budget would refuse ordinary use. A flood is still bounded."""
    from django.contrib.auth.models import AnonymousUser

    from interviewmaster.errors import TooManyRequests

    settings.RATE_LIMIT_FALLBACK_DIVISOR = 4
    request = rf.post("/api/v1/auth/token")
    request.user = AnonymousUser()
    throttle = throttles.AuthIpThrottle()
    budget = throttle.num_requests
    assert budget > 1 and throttle.fallback_limit() == budget
    assert all(throttle.allow_request(request, None) for _ in range(budget))
    with pytest.raises(TooManyRequests):
        throttle.allow_request(request, None)


def test_with_the_cache_down_an_api_views_limits_are_counted_in_one_batch_per_process(cache_down, settings):
    settings.RATE_LIMIT_FALLBACK_DIVISOR = 2
    hits = [("k:general", 10, 60.0), ("k:expensive", 4, 60.0)]
    assert [throttles.record_hits(hits, fallback_limits=[10, 2])[0] for _ in range(3)] == [None, None, 1]


def test_with_the_cache_down_slots_are_counted_per_process_and_given_back(cache_down):
    assert throttles.hold_slot("slots:down", "a", limit=2, lifetime=60)
    assert throttles.hold_slot("slots:down", "b", limit=2, lifetime=60)
    assert not throttles.hold_slot("slots:down", "c", limit=2, lifetime=60)
    throttles.release_slot("slots:down", "a")
    assert throttles.hold_slot("slots:down", "c", limit=2, lifetime=60)


def test_with_the_cache_down_a_hit_given_back_frees_its_place(cache_down):
    assert throttles.record_hit("k:give", limit=1, window=60, member="m1")[0]
    assert not throttles.record_hit("k:give", limit=1, window=60)[0]
    throttles.give_back_hit("k:give", "m1", window=60)
    assert throttles.record_hit("k:give", limit=1, window=60)[0]


def test_with_the_cache_down_a_flood_of_fresh_addresses_does_not_cull_an_expensive_budget(cache_down, settings):
    """Anonymous requests from fresh addresses (an IPv6 /64 has plenty) filled the one shared store past MAX_ENTRIES,
    and its cull forgot someone's spent code-run budget: the expensive limits count in a store of their own."""
    from types import SimpleNamespace

    from interviewmaster.errors import TooManyRequests

    settings.SANDBOX_RUN_RATE, settings.RATE_LIMIT_FALLBACK_DIVISOR = "4/min", 4
    user = SimpleNamespace(pk=7)
    throttles.check_user_rate(user, throttles.CodeRunThrottle)  # the one run this process allows
    for n in range(21_000):  # past the cheap store's MAX_ENTRIES (20,000): it culls
        throttles.record_hit(f"anon:{n}", limit=60, window=60)
    with pytest.raises(TooManyRequests):
        throttles.check_user_rate(user, throttles.CodeRunThrottle)
