"""Operations metrics in Prometheus text format at GET /metrics.

The instruments live here, in the project layer, beside health.py, because the things they measure live at every
level (requests, Celery, the AI layer in interviewmaster.ai, the judge in studypaths) and the project layer must not
import an app. Apps record through the small `observe_*` functions.

Closed by default: /metrics answers 404 unless the caller presents `METRICS_TOKEN` as a bearer token or comes from an
address in `METRICS_ALLOWED_IPS`. With several processes (gunicorn workers, Celery workers) set
`PROMETHEUS_MULTIPROC_DIR` to a directory they share, and every process's counters are summed at scrape time.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

HTTP_LATENCY = Histogram("interviewmaster_http_request_duration_seconds", "HTTP request latency by route",
                         ["method", "route", "status"], buckets=_LATENCY_BUCKETS)
CELERY_TASKS = Counter("interviewmaster_celery_tasks_total", "Celery tasks finished, by outcome",
                       ["task", "outcome"])
CELERY_LATENCY = Histogram("interviewmaster_celery_task_duration_seconds", "Celery task run time", ["task"],
                           buckets=_LATENCY_BUCKETS)
AI_CALLS = Counter("interviewmaster_ai_calls_total", "AI provider calls by outcome", ["provider", "task", "outcome"])
AI_LATENCY = Histogram("interviewmaster_ai_call_duration_seconds", "AI provider call latency", ["provider", "task"],
                       buckets=_LATENCY_BUCKETS)
SANDBOX_VERDICTS = Counter("interviewmaster_sandbox_verdicts_total", "Code judge verdicts", ["kind", "verdict"])


def observe_ai_call(*, provider: str, task: str, outcome: str, seconds: float) -> None:
    AI_CALLS.labels(provider=provider, task=task, outcome=outcome).inc()
    AI_LATENCY.labels(provider=provider, task=task).observe(max(seconds, 0.0))


def observe_verdict(*, kind: str, verdict: str) -> None:
    SANDBOX_VERDICTS.labels(kind=kind or "unknown", verdict=verdict or "none").inc()


class _CircuitCollector:
    """Circuit state per AI provider, read at scrape time (0 closed, 1 half-open, 2 open)."""

    STATES = {"closed": 0, "half_open": 1, "open": 2}

    def collect(self):
        family = GaugeMetricFamily("interviewmaster_ai_circuit_state", "AI provider circuit: 0 closed, 1 half-open, "
                                   "2 open", labels=["provider"])
        try:
            from interviewmaster.ai.chain import get_chain

            chain = get_chain()
            for provider in chain.providers:
                state = chain.breakers[provider.name].snapshot()["state"] if provider.remote else "closed"
                family.add_metric([provider.name], self.STATES.get(state, 0))
        except Exception:  # noqa: BLE001 - a scrape must not fail because the AI layer is misconfigured
            logger.warning("metrics: could not read the AI circuits", exc_info=True)
        yield family


# --- Celery --------------------------------------------------------------------------------------------------------
_started: dict[str, float] = {}


def _task_prerun(task_id=None, task=None, **_):
    _started[task_id] = time.monotonic()


def _task_postrun(task_id=None, task=None, state=None, **_):
    started = _started.pop(task_id, None)
    name = getattr(task, "name", "unknown")
    if started is not None:
        CELERY_LATENCY.labels(task=name).observe(time.monotonic() - started)
    CELERY_TASKS.labels(task=name, outcome=(state or "unknown").lower()).inc()


def connect_celery_signals() -> None:
    from celery import signals

    signals.task_prerun.connect(_task_prerun, weak=False, dispatch_uid="metrics-prerun")
    signals.task_postrun.connect(_task_postrun, weak=False, dispatch_uid="metrics-postrun")


# --- HTTP -------------------------------------------------------------------------------------------------------------
class MetricsMiddleware:
    """Request latency labelled by the resolved route name (never the raw path: bounded label values)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name or match.route) if match else "unmatched"
        HTTP_LATENCY.labels(method=request.method, route=route,
                            status=f"{response.status_code // 100}xx").observe(time.monotonic() - started)
        return response


# --- The endpoint -----------------------------------------------------------------------------------------------------
def operator_allowed(request: HttpRequest) -> bool:
    """An operator's request: the METRICS_TOKEN bearer or a client address in METRICS_ALLOWED_IPS."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    try:
        client = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


def _registry() -> CollectorRegistry | None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_CircuitCollector())
        return registry
    return None


_circuit_registered = False


def metrics_view(request: HttpRequest) -> HttpResponse:
    global _circuit_registered
    if not operator_allowed(request):
        raise Http404()  # closed looks like absent: no hint that there is something to unlock
    registry = _registry()
    if registry is None:
        from prometheus_client import REGISTRY

        if not _circuit_registered:
            REGISTRY.register(_CircuitCollector())
            _circuit_registered = True
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
