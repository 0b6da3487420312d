"""Project-wide test fixtures.

Tests marked `redis` or `postgres` need the real services (REDIS_URL / DATABASE_URL). Without them they are skipped
locally, but under CI=true a missing service is a failure, never a skip. `browser` tests need Debian's Chromium.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

os.environ.setdefault("DJANGO_TESTING", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Property tests judge behaviour, not speed: on a loaded 2-core CI machine a per-example deadline only adds flakes.
settings.register_profile("interviewmaster", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True)
settings.load_profile("interviewmaster")

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


def _missing_requirement(item) -> str | None:
    database_url = os.environ.get("DATABASE_URL", "")
    if item.get_closest_marker("postgres") and not database_url.startswith(("postgres://", "postgresql://")):
        return "PostgreSQL (DATABASE_URL=postgres://...)"
    if (item.get_closest_marker("redis") or item.get_closest_marker("celery_worker")) and not os.environ.get(
        "REDIS_URL"
    ):
        return "Redis (REDIS_URL)"
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    missing = _missing_requirement(item)
    if missing:
        if CI:
            pytest.fail(f"CI=true but {missing} is not available: this test must run for real in CI.", pytrace=False)
        pytest.skip(f"needs {missing}")


def pytest_report_header(config):
    db = os.environ.get("DATABASE_URL", "sqlite (default)")
    redis = os.environ.get("REDIS_URL", "unset")
    return [f"InterviewMaster: DATABASE_URL={db.split('@')[-1]} REDIS_URL={redis} CI={CI}"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the AI usage counters still buffered written to it before it goes."""
    yield
    from interviewmaster.ai import quota

    with django_db_blocker.unblock():
        quota.flush_all()


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets a cache of its own: a fresh key prefix on Redis (never FLUSHDB a shared server), else clear."""
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" in backend.lower():
        settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}}
    else:
        cache.clear()
    from interviewmaster import cache_pool
    from interviewmaster.health import forget_shared_result

    forget_shared_result()  # /ready's shared result is process memory: one test's outage is not the next one's
    cache_pool.forget_outage()  # nor is the cache's memory of a Redis outage (it would skip Redis for a few seconds)
    cache_pool.fallback_store().clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_redis_channel_layer(request):
    """Each test that is not a browser test gets a Redis channel layer of its own. One layer object served every test,
    each on its event loop: a lock of its receive path left held by a test's loop that had ended failed the next test
    once ("Lock ... [locked] is bound to a different event loop", at a ping socket's disconnect). Browser tests keep
    the layer the live server already uses; the in-memory layer is left alone (it is the messages' only carrier)."""
    if request.node.get_closest_marker("browser") is None:
        from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers

        layer = channel_layers.backends.get(DEFAULT_CHANNEL_LAYER)
        if layer is not None and type(layer).__module__.startswith("channels_redis"):
            del channel_layers.backends[DEFAULT_CHANNEL_LAYER]
    yield


def _wait_until_other_connections_idle(quiet_for: float = 0.5, at_most: float = 20.0) -> None:
    """Until no other connection to this database has run a statement or held a transaction for `quiet_for` s."""
    import time

    from django.db import connection

    quiet_since = None
    deadline = time.monotonic() + at_most
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'")
            busy = cursor.fetchone()[0]
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet_for:
            return
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _quiet_server_before_flush(request):
    """A browser test's page closes before its database is flushed, and closing it ends the page's websocket: the
    room's disconnect handler (saving the draft, leaving the session) then runs in the daphne thread while PostgreSQL's
    TRUNCATE of every table waits for its locks, and the two deadlocked once in CI ("couldn't be flushed"). This
    fixture is torn down after the page and before the flush, and waits until the server's connections are quiet."""
    database = request.node.get_closest_marker("django_db")
    if request.node.get_closest_marker("browser") is None or not (database and database.kwargs.get("transaction")):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so flushed only after this fixture's teardown
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        import contextlib

        with contextlib.suppress(Exception):  # a broken connection is the flush's to report, not a second error here
            _wait_until_other_connections_idle()


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run inline unless a test asks for a real worker."""
    from interviewmaster.celery import app

    eager = request.node.get_closest_marker("celery_worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_real(transactional_db):
    """A real Celery worker thread consuming every queue from the real broker (Redis in CI). Celery's test worker sets
    the root logger to ERROR for the rest of the process: its level is put back, or a later test's warnings (the
    cache's "cannot be reached") never reached caplog."""
    import logging

    from celery.contrib.testing.worker import start_worker

    from interviewmaster.celery import app

    root_level = logging.getLogger().level
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=["live", "default", "ai", "sandbox"],
                          shutdown_timeout=20) as worker:
            yield worker
    finally:
        logging.getLogger().setLevel(root_level)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium; nothing is downloaded."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage", "--disable-gpu",
                 "--no-first-run", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture
def context(context):
    """Every browser test's pages fail the test on a Content-Security-Policy refusal: a style or script the policy
    blocks is a page drawn other than as written (Swagger UI's inline <style> went unnoticed this way)."""
    refused = []
    context.add_init_script("""document.addEventListener("securitypolicyviolation", (e) => console.log(
        "CSP refused:", e.violatedDirective, e.sourceFile + ":" + e.lineNumber,
        e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 200) : String(e.target)));""")
    context.on("console", lambda message: refused.append(message.text)
               if message.text.startswith("CSP refused:") else None)
    yield context
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def daphne_server():
    """daphne serving interviewmaster.asgi in a thread of this process, so it shares the test database: the browser
    tests of websocket pages (the interview room, the expert's watch page) use it. Session-scoped: Twisted's reactor
    starts once per process."""
    import socket
    import threading
    import time

    from daphne.server import Server
    from twisted.internet import reactor

    from interviewmaster.asgi import application

    port = _free_port()
    server = Server(application=application, endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
                    signal_handlers=False, verbosity=0)
    threading.Thread(target=server.run, daemon=True, name="daphne").start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://localhost:{port}"
    reactor.callFromThread(reactor.stop)


@pytest.fixture
def screenshot(request):
    """Call screenshot(page, "name") to keep a PNG under test-artifacts/ (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


_REAL_SERVICE_MARKERS = ("postgres", "redis", "celery_worker", "browser")
_real_service_results: dict[str, list[tuple[str, str]]] = {m: [] for m in _REAL_SERVICE_MARKERS}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        for marker in _REAL_SERVICE_MARKERS:
            if item.get_closest_marker(marker):
                _real_service_results[marker].append((item.nodeid, report.outcome))


def pytest_terminal_summary(terminalreporter):
    """Say plainly which tests ran against real services (CI's proof that nothing was mocked away)."""
    if not any(_real_service_results.values()):
        return
    terminalreporter.section("tests against real services")
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.write_line(f"the whole suite ran on the {engine} database backend; "
                                f"REDIS_URL={'set' if os.environ.get('REDIS_URL') else 'unset'}")
    labels = {"postgres": "PostgreSQL", "redis": "Redis (cache / channel layer / broker)",
              "celery_worker": "a real Celery worker through Redis", "browser": "Chromium (Playwright)"}
    for marker, results in _real_service_results.items():
        passed = [nodeid for nodeid, outcome in results if outcome == "passed"]
        terminalreporter.write_line(f"{labels[marker]}: {len(passed)} passed, {len(results) - len(passed)} not passed")
        for nodeid in passed:
            terminalreporter.write_line(f"    {nodeid}")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API leaves an event loop running in the main thread, and async tests
    (websocket consumers) collected after it could not start their own."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
