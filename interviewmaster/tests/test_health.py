import pytest
from django.db import connection

from accounts.models import User
from accounts.tests.factories import ExpertFactory
from interviewmaster import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _operator(settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1/32"]  # the test client's address: /ready's details are for operators


def test_health_is_liveness_without_io(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_every_backing_service(client):
    response = client.get("/ready")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "channel_layer", "broker"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())


def test_ready_is_503_and_names_the_failed_part(client, monkeypatch):
    def broken_cache() -> dict:
        raise ConnectionError("cache server went away")

    monkeypatch.setitem(health._CHECKS, "cache", broken_cache)
    response = client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["cache"]
    assert "cache server went away" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.redis
def test_ready_uses_redis_for_cache_channel_layer_and_broker(client):
    body = client.get("/ready").json()
    assert body["checks"]["cache"]["backend"] == "RedisCache"
    assert body["checks"]["channel_layer"]["backend"] == "RedisChannelLayer"


@pytest.mark.celery_worker
def test_ready_checks_the_real_broker(client, celery_worker_real):
    body = client.get("/ready").json()
    assert body["checks"]["broker"]["mode"] == "worker"
    assert body["checks"]["broker"]["ok"] is True


@pytest.mark.postgres
def test_ready_reports_postgresql(client):
    assert client.get("/ready").json()["checks"]["database"]["vendor"] == "postgresql"


def test_ready_shows_its_details_only_to_operators(client, settings, monkeypatch):
    """Anonymous callers read the database vendor, the cache and channel-layer classes, the AI providers and the
    sandbox mode (and, on a failure, the error's text, such as a host name)."""
    def broken_cache() -> dict:
        raise ConnectionError("cannot reach cache.internal.example:6379")

    monkeypatch.setitem(health._CHECKS, "cache", broken_cache)
    settings.DEBUG = False
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "ops-token", ["10.1.0.0/16"]
    outsider = client.get("/ready", REMOTE_ADDR="203.0.113.9")
    assert outsider.status_code == 503
    assert outsider.json() == {"status": "unavailable", "failed": ["cache"]}
    assert "checks" not in client.get("/ready", REMOTE_ADDR="127.0.0.1").json()  # a proxy on the host: no operator
    for extra in ({"REMOTE_ADDR": "10.1.2.3"},
                  {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer ops-token"}):
        body = client.get("/ready", **extra).json()
        assert "cache.internal.example" in body["checks"]["cache"]["error"], extra
    client.force_login(ExpertFactory())
    assert "checks" not in client.get("/ready", REMOTE_ADDR="203.0.113.9").json()  # staff, but not an operator
    client.force_login(User.objects.create_superuser(email="root@example.com", password="root-pass-123456"))
    assert "checks" in client.get("/ready", REMOTE_ADDR="203.0.113.9").json()


def test_with_debug_on_only_the_local_machine_reads_the_details(client, settings, monkeypatch):
    """A development server (DEBUG, the default) told any caller the database vendor, the cache and channel-layer
    classes, the AI providers and the sandbox mode. With DEBUG on, only a caller on the same machine (the developer)
    reads them now; anyone else learns ready or not, and which part is not, with the right status code."""
    settings.DEBUG, settings.METRICS_ALLOWED_IPS = True, []
    outsider = client.get("/ready", REMOTE_ADDR="203.0.113.9")
    assert outsider.status_code == 200 and outsider.json() == {"status": "ok"}
    for local in ("127.0.0.1", "::1"):
        assert client.get("/ready", REMOTE_ADDR=local).json()["checks"]["database"]["vendor"] == connection.vendor

    def broken_cache() -> dict:
        raise ConnectionError("cannot reach cache.internal.example:6379")

    monkeypatch.setitem(health._CHECKS, "cache", broken_cache)
    health.forget_shared_result()
    outsider = client.get("/ready", REMOTE_ADDR="203.0.113.9")
    assert outsider.status_code == 503 and outsider.json() == {"status": "unavailable", "failed": ["cache"]}


def test_health_and_ready_answer_head(client):
    assert client.head("/health").status_code == 200
    assert client.head("/ready").status_code == 200


def test_ready_runs_the_checks_once_for_a_burst_of_anonymous_callers(client, settings, monkeypatch):
    """Each run opens a cache, channel-layer and broker round trip: a flood of anonymous calls must not be a flood of
    those. Callers without details share one run for READY_SHARED_SECONDS; operators always get a fresh one."""
    runs = []
    real_run_checks = health.run_checks
    monkeypatch.setattr(health, "run_checks", lambda: runs.append(1) or real_run_checks())
    settings.METRICS_ALLOWED_IPS, settings.READY_SHARED_SECONDS = ["10.1.0.0/16"], 60
    for _ in range(20):
        assert client.get("/ready", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert len(runs) == 1
    assert "checks" in client.get("/ready", REMOTE_ADDR="10.1.2.3").json()
    assert len(runs) == 2


def test_ready_shared_result_expires(client, settings, monkeypatch):
    state = {"broken": False}

    def cache_check() -> dict:
        if state["broken"]:
            raise ConnectionError("down")
        return {}

    clock = {"now": 1000.0}
    monkeypatch.setitem(health._CHECKS, "cache", cache_check)
    monkeypatch.setattr(health, "_clock", lambda: clock["now"])
    settings.METRICS_ALLOWED_IPS, settings.READY_SHARED_SECONDS = ["10.1.0.0/16"], 2
    assert client.get("/ready", REMOTE_ADDR="203.0.113.9").status_code == 200
    state["broken"] = True
    clock["now"] += 1.9
    assert client.get("/ready", REMOTE_ADDR="203.0.113.9").status_code == 200  # still the shared run
    clock["now"] += 0.2
    assert client.get("/ready", REMOTE_ADDR="203.0.113.9").json() == {"status": "unavailable", "failed": ["cache"]}


def test_a_hanging_run_is_not_waited_for_by_every_other_caller(client, settings, monkeypatch):
    """One run stuck on a backing service held the shared run's lock: every anonymous /ready (a load balancer's
    probe too) queued behind it with no limit. The others now answer "not ready" after SHARED_WAIT_SECONDS."""
    import threading

    release, entered = threading.Event(), threading.Event()

    def hanging() -> dict:
        entered.set()
        release.wait(10)
        return {}

    monkeypatch.setitem(health._CHECKS, "cache", hanging)
    monkeypatch.setattr(health, "SHARED_WAIT_SECONDS", 0.2)
    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16"]
    stuck = threading.Thread(target=health._shared_checks)
    stuck.start()
    try:
        assert entered.wait(5)
        response = client.get("/ready", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 503 and response.json()["failed"] == ["checks"]
    finally:
        release.set()
        stuck.join(10)


def test_a_channel_layer_message_that_never_comes_back_fails_the_check_in_time(client, monkeypatch):
    import asyncio

    class LosingLayer:
        async def new_channel(self):
            return "ready.lost"

        async def send(self, channel, message):
            pass

        async def receive(self, channel):
            await asyncio.sleep(3600)

    monkeypatch.setattr("channels.layers.get_channel_layer", lambda *a, **k: LosingLayer())
    monkeypatch.setattr(health, "CHECK_SECONDS", 0.1)
    response = client.get("/ready")
    assert response.status_code == 503 and "channel_layer" in response.json()["failed"]
