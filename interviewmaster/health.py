"""Liveness (`/health`, no I/O) and readiness (`/ready`, checks each backing service).

Apps add their own readiness checks with `register_check` from their AppConfig.ready() (the code judge reports its
sandbox mode here, for instance).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading
import time
from collections.abc import Callable

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# How long one check waits for an answer, and how long a caller waits for the shared run (below) under way.
CHECK_SECONDS = 2
SHARED_WAIT_SECONDS = 5

# name -> callable returning a dict of details; raising means "not ready".
_CHECKS: dict[str, Callable[[], dict]] = {}


def register_check(name: str) -> Callable[[Callable[[], dict]], Callable[[], dict]]:
    def decorator(func: Callable[[], dict]) -> Callable[[], dict]:
        _CHECKS[name] = func
        return func

    return decorator


@register_check("database")
def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


@register_check("cache")
def check_cache() -> dict:
    from interviewmaster.cache_pool import round_trip

    round_trip(caches["default"])  # on Redis itself: the cache's per-process fallback must not hide an outage
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


@register_check("channel_layer")
def check_channel_layer() -> dict:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "ready.check"})
        # a message lost between send and receive (Redis restarting) would leave receive polling for ever
        return await asyncio.wait_for(layer.receive(channel), CHECK_SECONDS)

    message = async_to_sync(roundtrip)()
    if message.get("type") != "ready.check":
        raise RuntimeError("channel layer returned a different message")
    return {"backend": type(layer).__name__}


@register_check("broker")
def check_broker() -> dict:
    from interviewmaster.celery import app

    if app.conf.task_always_eager:
        return {"mode": "eager"}
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_SECONDS)
    return {"mode": "worker", "transport": conn.transport_cls}


@require_safe  # GET and HEAD (a load balancer's probe may use either)
@never_cache
def health(request):
    return JsonResponse({"status": "ok"})


def run_checks() -> tuple[bool, dict]:
    results: dict[str, dict] = {}
    ok = True
    for name, check in _CHECKS.items():
        started = time.perf_counter()
        try:
            details = check() or {}
            results[name] = {"ok": True, **details}
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready", and we say which and why
            ok = False
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return ok, results


def _shows_details(request) -> bool:
    """The checks' details (backends, versions, the sandbox mode, an error's text) are for operators: METRICS_TOKEN /
    METRICS_ALLOWED_IPS (as for /metrics), a superuser, or with DEBUG on a caller on the same machine (the developer;
    a development server told any caller). Anyone else learns whether it is ready and which part is not. Not "any
    loopback client" in production: behind a proxy on the same host every client is one; nor staff: experts are
    staff."""
    from interviewmaster.metrics import operator_allowed

    if operator_allowed(request) or (settings.DEBUG and _from_this_machine(request)):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_superuser)


def _from_this_machine(request) -> bool:
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


# Anyone may call /ready, and each call opens a cache, channel-layer and broker round trip: a flood of calls would be
# a flood of those. Callers who see no details share one run for READY_SHARED_SECONDS (what they learn, ready or not
# and which part failed, is the same for all of them); a caller arriving while a run is under way waits for it rather
# than starting another. Operators always get a run of their own.
_shared_lock = threading.Lock()
_clock = time.monotonic
_shared: dict = {"at": None, "result": None}


def forget_shared_result() -> None:
    _shared.update(at=None, result=None)


def _shared_checks() -> tuple[bool, dict]:
    """The shared run, or a fresh one when it is older than READY_SHARED_SECONDS. A run that does not end within
    SHARED_WAIT_SECONDS (a backing service hanging) is not waited for by everyone: the others answer "not ready"."""
    ttl = float(settings.READY_SHARED_SECONDS)
    if not _shared_lock.acquire(timeout=SHARED_WAIT_SECONDS):
        return False, {"checks": {"ok": False, "error": "a run of the checks is taking too long"}}
    try:
        now = _clock()
        if _shared["result"] is None or ttl <= 0 or now - _shared["at"] >= ttl:
            _shared.update(result=run_checks(), at=_clock())
        return _shared["result"]
    finally:
        _shared_lock.release()


@require_safe
@never_cache
def ready(request):
    details = _shows_details(request)
    ok, results = run_checks() if details else _shared_checks()
    failed = [name for name, r in results.items() if not r["ok"]]
    body = {"status": "ok" if ok else "unavailable"}
    if details:
        body["checks"] = results
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=200 if ok else 503)
