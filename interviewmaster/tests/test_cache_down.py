"""The pages with the cache (Redis) down: refused (a closed port) or silent (an address that takes the connection and
never answers). Every page works, allauth's own limits and the login lockout count in the process's memory as ours do
(docs/security.md, "When the cache is down"), and the outage is logged once, not per request."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from redis.exceptions import RedisError

from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory
from interviewmaster import cache_pool, throttles

pytestmark = pytest.mark.django_db

REFUSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the connection is refused at once


@pytest.fixture
def silent_redis():
    """A server that accepts connections and never says a word (a blackholed Redis, as far as a client can tell)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def redis_at(settings):
    """`redis_at(url)` points the cache at the Redis at `url` as production runs it (sessions too), from a clean
    slate: no outage remembered, nothing kept in memory. The outage is forgotten again when the test ends."""

    def use(url: str, *, key_prefix: str = "im") -> None:
        settings.CACHES = {"default": {"BACKEND": "interviewmaster.cache_pool.RedisCache", "LOCATION": url,
                                       "KEY_PREFIX": key_prefix, "OPTIONS": settings.REDIS_CACHE_OPTIONS}}
        settings.SESSION_ENGINE = "accounts.sessions.cached_db"  # what production runs with Redis
        cache_pool.forget_outage()
        for fallback in (cache_pool.fallback_store(), throttles._fallback, throttles._fallback_costly):
            fallback.clear()

    yield use
    cache_pool.forget_outage()


@pytest.fixture
def redis_refused(redis_at):
    redis_at(REFUSED)


@pytest.fixture
def redis_silent(redis_at, silent_redis):
    redis_at(silent_redis)


@pytest.fixture
def real_redis(redis_at):
    """The suite's Redis (REDIS_URL; mark the test `redis`), under a key prefix of the test's own: a shared server
    is never flushed."""
    redis_at(os.environ["REDIS_URL"], key_prefix=f"test-{uuid.uuid4().hex[:12]}")


def _outage_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
            and "cannot be reached" in r.getMessage()]


def test_with_redis_refused_the_login_page_signs_in_and_allauths_limit_counts_in_memory(redis_refused, settings,
                                                                                      caplog):
    """Before: allauth's rate limit read the cache and the login page answered 500."""
    caplog.set_level(logging.WARNING)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    user = CandidateFactory()
    browser = Client()
    assert browser.get("/accounts/login/").status_code == 200
    response = browser.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content[:300]
    assert browser.get("/analytics/").status_code == 200  # the session, read through the cache, still works
    other = Client()
    answers = [other.post("/accounts/login/", {"login": user.email, "password": "wrong-password-1"}).status_code
               for _ in range(3)]
    assert 429 in answers and 500 not in answers  # allauth's limit still holds, counted in this process
    assert len(_outage_warnings(caplog)) == 1, _outage_warnings(caplog)


def test_with_redis_refused_the_login_lockout_still_locks(redis_refused, settings):
    """Before: the lockout's INCR raised and a wrong password answered 500. Now counted in the process's memory."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "", "login_failed": ""}
    settings.ACCOUNT_LOCKOUT_THRESHOLD = 3
    user = CandidateFactory()
    browser = Client()
    for _ in range(3):
        assert browser.post("/accounts/login/", {"login": user.email, "password": "wrong-password-1"}
                            ).status_code == 200  # the form again, with its error
    response = browser.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200 and b"locked" in response.content  # locked out, not signed in, not a 500


def test_with_redis_refused_sign_up_works(redis_refused, mailoutbox, django_capture_on_commit_callbacks):
    assert Client().get("/accounts/signup/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/signup/", {"name": "Ada Lovelace", "email": "ada@example.com",
                                                       "password1": "analytical-engine-42",
                                                       "password2": "analytical-engine-42"})
    assert response.status_code == 302, response.content[:300]
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]  # the confirmation (its send-once mark in memory)


def test_with_redis_refused_password_reset_works(redis_refused, mailoutbox, django_capture_on_commit_callbacks):
    user = CandidateFactory()
    assert Client().get("/accounts/password/reset/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302, response.content[:300]
    assert [m.to for m in mailoutbox] == [[user.email]]


def test_with_redis_refused_the_problem_list_and_signed_in_pages_work(redis_refused, caplog):
    caplog.set_level(logging.WARNING)
    browser = Client()
    browser.force_login(CandidateFactory())
    for url in ("/studypaths/", "/studypaths/", "/analytics/", "/accounts/profile/"):
        assert browser.get(url).status_code == 200, url
    assert len(_outage_warnings(caplog)) == 1, _outage_warnings(caplog)


def test_health_still_says_the_cache_is_down(redis_refused):
    """The fallback must not hide the outage from /ready (the load balancer and the on-call need to see it)."""
    response = Client().get("/ready")
    assert response.status_code == 503
    assert cache_pool.outage_remembered()


def test_with_redis_silent_a_page_answers_within_a_bound(redis_silent, settings):
    """A Redis that takes the connection and never answers: each cache call waited for redis-py's default 5 s socket
    timeout (a page makes several). With REDIS_SOCKET_TIMEOUT and the outage remembered for a few seconds, a page
    waits at most one timeout, and the next page none."""
    assert settings.REDIS_SOCKET_TIMEOUT <= 2 and settings.REDIS_CONNECT_TIMEOUT <= 2
    browser = Client()
    browser.force_login(CandidateFactory())
    started = time.monotonic()
    assert browser.get("/studypaths/").status_code == 200
    first = time.monotonic() - started
    started = time.monotonic()
    assert browser.get("/analytics/").status_code == 200
    second = time.monotonic() - started
    assert first < settings.REDIS_SOCKET_TIMEOUT + 3, first  # one timeout (a loaded machine renders slowly)
    assert second < 2.0, second  # none: the outage is remembered


def test_after_an_outage_redis_is_tried_again(redis_refused, settings, caplog):
    """The outage is remembered for REDIS_RETRY_AFTER_SECONDS only; when Redis answers again it is used again (and
    the log says so)."""
    caplog.set_level(logging.WARNING)
    backend = caches["default"]
    backend.set("k", "v")
    assert backend.get("k") == "v"  # from the process's memory
    assert cache_pool.outage_remembered()
    cache_pool._outage["until"] = 0.0  # the retry time is over; Redis still refuses
    assert backend.get("k") == "v" and cache_pool.outage_remembered()
    assert len(_outage_warnings(caplog)) == 1


@pytest.mark.redis
def test_a_session_logged_out_during_an_outage_does_not_come_back_with_redis(real_redis):
    """Sessions are read from Redis first (cached_db). Logged out while Redis was down, the session was deleted from
    the database but its copy stayed in Redis: when Redis came back, the old cookie was signed in again."""
    user = CandidateFactory()
    browser = Client()
    assert browser.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    assert browser.get("/analytics/").status_code == 200
    cookie = browser.cookies["sessionid"].value

    cache_pool.note_outage(RedisError("the network is down"))  # Redis is now skipped for a few seconds
    assert browser.post("/accounts/logout/").status_code == 302
    cache_pool._outage["until"] = 0.0  # ...and it answers again

    thief = Client()
    thief.cookies["sessionid"] = cookie
    assert thief.get("/analytics/").status_code == 302  # to the login page, not the dashboard
    assert not cache_pool.outage_remembered()


@pytest.mark.redis
def test_what_changed_during_an_outage_is_deleted_from_redis_when_it_answers(real_redis):
    backend = caches["default"]
    backend.set_many({"a": "old", "b": "old", "c": "kept"})
    cache_pool.note_outage(RedisError("the network is down"))
    backend.set("a", "new")
    backend.delete("b")
    assert backend.get("a") == "new" and backend.get("b") is None and backend.get("c") is None  # memory only
    cache_pool._outage["until"] = 0.0
    assert backend.get_many(["a", "b", "c"]) == {"c": "kept"}  # the old values are gone, the rest is as it was


# --- an address that drops packets --------------------------------------------------------------------------------
@pytest.fixture
def blackholed_redis():
    """An address whose connections never complete, as behind a firewall that drops packets: a listening socket
    whose backlog is full (the kernel drops further SYNs)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=1)
    probe = socket.socket()
    probe.settimeout(0.2)
    with pytest.raises(OSError):
        probe.connect(("127.0.0.1", port))  # the backlog is full: this one hangs
    probe.close()
    yield f"redis://127.0.0.1:{port}/0"
    filler.close()
    server.close()


def test_with_redis_blackholed_a_page_answers_within_the_connect_timeout(settings, redis_at, blackholed_redis):
    """No connect timeout was set: a connection to an address that drops packets waited for the kernel's (minutes)."""
    redis_at(blackholed_redis)
    browser = Client()
    browser.force_login(CandidateFactory())
    started = time.monotonic()
    assert browser.get("/studypaths/").status_code == 200
    assert time.monotonic() - started < settings.REDIS_CONNECT_TIMEOUT + 3  # without it: the kernel's ~2 minutes


def test_with_the_broker_blackholed_sending_a_task_gives_up_within_a_bound(settings, blackholed_redis):
    """Sending a task to a broker that drops packets tried four times with no connect timeout; now at most twice,
    each within REDIS_CONNECT_TIMEOUT, and the caller (recovery.send_on_commit) leaves the row to the sweep."""
    from celery import Celery
    from kombu.exceptions import OperationalError

    app = Celery("blackholed", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=blackholed_redis, task_always_eager=False)
    assert app.conf.broker_transport_options["socket_connect_timeout"] == settings.REDIS_CONNECT_TIMEOUT
    started = time.monotonic()
    with pytest.raises(OperationalError):
        app.send_task("interviewmaster.nothing", args=[1])
    assert time.monotonic() - started < 2 * settings.REDIS_CONNECT_TIMEOUT + 2


def test_with_the_channel_layer_blackholed_a_send_gives_up_within_the_connect_timeout(settings, blackholed_redis):
    from asgiref.sync import async_to_sync
    from channels_redis.core import RedisChannelLayer

    config = settings.CHANNEL_LAYERS["default"].get("CONFIG")
    if config is None:  # the in-memory layer (no REDIS_URL): build what production builds
        host = {"socket_timeout": settings.CHANNEL_LAYER_SOCKET_TIMEOUT,
                "socket_connect_timeout": settings.REDIS_CONNECT_TIMEOUT}
    else:
        host = dict(config["hosts"][0])
        assert host["socket_connect_timeout"] == settings.REDIS_CONNECT_TIMEOUT
        assert host["socket_timeout"] > 5  # above channels_redis' 5 s BZPOPMIN
    layer = RedisChannelLayer(hosts=[{**host, "address": blackholed_redis}])
    started = time.monotonic()
    with pytest.raises((OSError, RedisError)):
        async_to_sync(layer.group_send)("room", {"type": "x"})
    assert time.monotonic() - started < settings.REDIS_CONNECT_TIMEOUT + 1.5


# --- the AI reply cache -------------------------------------------------------------------------------------------
def test_with_redis_refused_a_paid_ai_reply_is_kept_and_forgotten_in_memory(redis_refused):
    """Indexing a reply under its owner ran a script on Redis directly: with Redis down the call raised after the
    provider had answered (and been paid), and the task's retry paid again."""
    from interviewmaster.ai.cache import ResponseCache

    replies = ResponseCache()
    replies.store("evaluate_answer", "v1", "digest", "model", {"data": {"overall": 7}}, 60, owners=[42])
    assert replies.lookup("evaluate_answer", "v1", "digest", ["model"]) == ("model", {"data": {"overall": 7}})
    assert replies.forget_replies_of(42) == 1
    assert replies.lookup("evaluate_answer", "v1", "digest", ["model"]) is None


@pytest.mark.redis
def test_an_accounts_replies_cached_in_redis_are_deleted_when_it_answers_again(real_redis):
    """Deleting an account during an outage answered 500 (after it had committed) and left its cached AI replies,
    which can quote what the person wrote, in Redis for their lifetime."""
    from interviewmaster.ai.cache import ResponseCache

    replies = ResponseCache()
    replies.store("evaluate_answer", "v1", "digest", "model", {"data": "my answer"}, 60, owners=[42])
    cache_pool.note_outage(RedisError("the network is down"))
    replies.forget_replies_of(42)  # the account is deleted meanwhile
    cache_pool._outage["until"] = 0.0  # Redis answers again
    assert replies.lookup("evaluate_answer", "v1", "digest", ["model"]) is None
    backend = caches["default"]
    assert backend._cache.get_client().exists(backend.make_key("ai:resp:owner:42")) == 0


@pytest.mark.redis
def test_the_readiness_check_ends_an_outage_that_left_an_accounts_replies_to_forget(real_redis):
    """/ready's round trip runs the queued work while the outage is still remembered; the queued forget refused
    itself then ("down again"), so every check failed, pushed the outage on by 5 s, and a process checked that
    often stayed on its memory fallback with Redis back."""
    from interviewmaster.ai.cache import ResponseCache

    cache_pool.note_outage(RedisError("the network is down"))
    ResponseCache().forget_replies_of(7)
    assert len(cache_pool._when_back) == 1 and cache_pool.outage_remembered()
    cache_pool.round_trip(caches["default"])  # raised "the cache is down again" on every call
    assert not cache_pool.outage_remembered() and cache_pool._when_back == []


def test_what_the_process_kept_in_memory_is_dropped_when_the_outage_ends(redis_refused):
    """Else the next outage read it again: a session kept in memory during one outage and signed out after it would
    be signed in again in the next."""
    backend = caches["default"]
    backend.set("session", "signed in")
    assert backend.get("session") == "signed in"
    cache_pool.note_answer()  # Redis answered
    cache_pool.note_outage(RedisError("down again"))
    assert backend.get("session") is None


# --- catching up when Redis answers -------------------------------------------------------------------------------
def _returns_within(seconds: float, call) -> bool:
    done = threading.Event()

    def run() -> None:
        call()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(seconds)


def test_work_queued_during_an_outage_does_not_loop_while_redis_is_still_down(redis_refused):
    """An account's AI replies to forget, queued during an outage, queued itself again when run while Redis still
    refused: the catch-up ran it for ever (80,934 rounds in 2 s, a core at 100%) and the process stopped answering.
    Now it stays queued once, and the cache call answers from memory."""
    from interviewmaster.ai.cache import ResponseCache

    ResponseCache().forget_replies_of(42)
    assert len(cache_pool._when_back) == 1
    cache_pool._outage["until"] = 0.0  # the retry time is over; Redis still refuses
    assert _returns_within(5, lambda: caches["default"].get("x"))
    assert len(cache_pool._when_back) == 1 and cache_pool.outage_remembered()  # still queued, the outage noted
    cache_pool._outage["until"] = 0.0
    assert _returns_within(5, lambda: caches["default"].get("x"))
    assert len(cache_pool._when_back) == 1


def test_queued_work_that_fails_otherwise_is_logged_and_dropped(redis_refused, caplog):
    """A non-Redis error of queued work was raised from every cache call, for ever."""
    runs = []

    def broken() -> None:
        runs.append(1)
        raise ValueError("a bug")

    cache_pool.when_redis_answers(broken)
    assert caches["default"].get("x") is None  # Redis refuses: memory, and no ValueError
    cache_pool._outage["until"] = 0.0
    assert caches["default"].get("x") is None
    assert runs == [1] and not cache_pool._when_back
    assert any("queued during the outage failed" in r.getMessage() for r in caplog.records)


def test_counters_written_during_an_outage_are_not_deleted_from_redis_when_it_answers(redis_refused):
    """Only what an old Redis value would be wrong for is stale: a count of failures or requests only grows."""
    backend = caches["default"]
    backend.set("x", 1)  # notes the outage
    cache_pool._stale.clear()
    backend.add("login:pair:abc:0:1.2.3.4", 0, 60)
    backend.incr("login:pair:abc:0:1.2.3.4")
    backend.set("login:email-last:abc:0", 1.0, 60)
    backend.set("allauth:rl:login_failed:ip:1.2.3.4", [1.0], 60)
    backend.set_many({"throttle:user:7": [1.0], "accounts.sessions.cached_db:s": {"a": 1}})
    backend.delete("login:pair:abc:0:1.2.3.4")  # a successful sign-in clears its failures: that one is stale
    assert cache_pool._stale == {("accounts.sessions.cached_db:s", None), ("login:pair:abc:0:1.2.3.4", None)}


def test_the_keys_their_owners_build_are_the_counters_an_outage_keeps(rf):
    """The list of counter prefixes lived in cache_pool, apart from the code naming the keys: a renamed key would have
    been deleted from Redis after every outage again. Each owner registers its prefix; its real keys are counters."""
    from allauth.core.internal.ratelimit import get_cache_key, parse_rates

    from accounts.services import lockout
    from interviewmaster.throttles import RateThrottle

    request = rf.post("/accounts/login/", REMOTE_ADDR="1.2.3.4")
    allauth_key = get_cache_key(request, app="allauth.account", action="login_failed",
                                rate=parse_rates("10/m/ip")[0])
    keys = [*lockout._keys("someone@example.com", "1.2.3.4"), RateThrottle().key_for(7), allauth_key]
    assert all(cache_pool.is_counter(key) for key in keys), keys
    assert not cache_pool.is_counter("accounts.sessions.cached_db:s")


@pytest.mark.redis
def test_an_outage_does_not_lift_a_login_lockout_on_redis(real_redis, settings):
    """Five failures locked the address out of the email; one more during an outage marked the counter stale, and
    when Redis answered it was deleted there: the lockout every process had counted was gone."""
    from accounts.errors import AccountLocked
    from accounts.services import ensure_login_allowed, record_login_failure

    settings.ACCOUNT_LOCKOUT_THRESHOLD = 5
    who = {"email": "locked@example.com", "channel": "api", "ip": "203.0.113.9"}
    for _ in range(5):
        record_login_failure(**who)
    with pytest.raises(AccountLocked):
        ensure_login_allowed(**who)
    cache_pool.note_outage(RedisError("the network is down"))
    record_login_failure(**who)
    cache_pool._outage["until"] = 0.0  # Redis answers again
    with pytest.raises(AccountLocked):
        ensure_login_allowed(**who)
    assert not cache_pool.outage_remembered()


@pytest.mark.redis
def test_work_queued_during_an_outage_runs_once_when_redis_answers(real_redis):
    runs = []
    cache_pool.note_outage(RedisError("the network is down"))
    cache_pool.when_redis_answers(lambda: runs.append(1) or cache_pool.when_redis_answers(lambda: runs.append(2)))
    cache_pool._outage["until"] = 0.0
    caches["default"].get("x")
    assert runs == [1]  # only what was queued when the catch-up started; the rest waits for the next call
    caches["default"].get("x")
    assert runs == [1, 2] and not cache_pool._when_back
