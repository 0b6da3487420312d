"""The one rate-limit mechanism (interviewmaster/throttles.py): sliding window, atomic under concurrency."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
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
