"""Benchmark: what one GET /api/schema/ costs the server (CPU), before and after the schema is kept per process.

    .venv/bin/python bench/schema.py            # throwaway SQLite

"before": drf-spectacular's own view, which generates and renders the whole schema on every request. "after": the
view /api/schema/ serves (interviewmaster.schema_api.SchemaApi): its first request makes the schema, the rest are
served the kept bytes. Both through the whole middleware stack (Django's test Client), anonymous, once as sent
without compression and once with `Accept-Encoding: gzip` (what a browser sends: GZipMiddleware compressed the
338 KB on every request; after, the compressed bytes are kept too). Target: a repeated request costs < 5 ms of CPU
(p50), with gzip.
"""

from __future__ import annotations

import itertools
import statistics
import time

from setup_django import setup_django

setup_django(prefix="bench-schema-", LOG_LEVEL="ERROR")

from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from drf_spectacular.views import SpectacularAPIView  # noqa: E402

from interviewmaster import schema_api  # noqa: E402
from interviewmaster.urls import urlpatterns  # noqa: E402

ROUNDS = 15
ADDRESSES = itertools.count(1)


class BeforeUrls:
    """The project's URLconf with /api/schema/ served by drf-spectacular's view, as it was."""
    urlpatterns = [path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"), *urlpatterns]


def cpu_ms(client: Client, rounds: int, **headers) -> list[float]:
    """Each request from another address: the anonymous rate limit (per address) stays out of the way."""
    spent = []
    for _ in range(rounds):
        n = next(ADDRESSES)
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        started = time.process_time()
        response = client.get("/api/schema/", headers=headers, REMOTE_ADDR=address)
        assert response.status_code == 200, response.status_code
        spent.append((time.process_time() - started) * 1000)
    return spent


def main() -> None:
    client = Client()
    gzip = {"Accept-Encoding": "gzip"}
    with override_settings(ROOT_URLCONF=BeforeUrls):
        cpu_ms(client, 2)  # warm up imports and code paths
        before = cpu_ms(client, ROUNDS)
        before_gzip = cpu_ms(client, ROUNDS, **gzip)
    schema_api.forget_kept_schemas()
    first = cpu_ms(client, 1)[0]
    after = cpu_ms(client, ROUNDS * 10)
    after_gzip = cpu_ms(client, ROUNDS * 10, **gzip)
    size = len(client.get("/api/schema/").content)
    print(f"schema: {size / 1000:.0f} KB")
    print(f"before: p50 {statistics.median(before):.1f} ms CPU per request, "
          f"{statistics.median(before_gzip):.1f} ms with gzip")
    print(f"after: first request {first:.1f} ms; then p50 {statistics.median(after):.2f} ms, "
          f"{statistics.median(after_gzip):.2f} ms with gzip")
    worst = statistics.median(after_gzip)
    verdict = "met" if worst < 5 else "NOT met"
    print(f"RESULT repeated /api/schema/ p50 {worst:.2f} ms CPU with gzip (before {statistics.median(before_gzip):.0f} "
          f"ms; target < 5 ms: {verdict})")


if __name__ == "__main__":
    main()
