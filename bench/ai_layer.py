"""Benchmark: what the AI layer adds on top of a provider call, and how fast a cache hit is.

    python bench/ai_layer.py            # throwaway SQLite + in-memory cache
    DATABASE_URL=postgres://... REDIS_URL=redis://.../N python bench/ai_layer.py   # the production pair

A provider that answers instantly (in-process) stands in for the vendor, so the figures are the layer's own cost:
scoring the chain, circuit checks, quota accounting, prompt rendering, JSON validation, cache lookup and store.
Targets: overhead p95 < 2 ms per call; cache-hit p95 < 5 ms (with Redis).

Then the worst case a person in the interview room meets: `follow_up` (default budget 8 s) against the misbehaving
server on 127.0.0.1, hanging and dripping one byte a second, through the real HTTP provider. Targets: no call longer
than the budget + 1 s; after 3 sequential timeouts the circuit is open and the next call answers offline < 50 ms.
"""

from __future__ import annotations

import os
import statistics
import time

from setup_django import setup_django

setup_django(LOG_LEVEL="ERROR")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from interviewmaster.ai.base import AIRequest, Provider, ProviderReply  # noqa: E402
from interviewmaster.ai.catalog import TASKS  # noqa: E402
from interviewmaster.ai.chain import Chain, complete_json  # noqa: E402
from interviewmaster.ai.config import ProviderConfig, task_budget  # noqa: E402
from interviewmaster.ai.misbehaving_server import MisbehavingServer  # noqa: E402
from interviewmaster.ai.offline import OfflineProvider  # noqa: E402
from interviewmaster.ai.openai_compat import OpenAICompatProvider  # noqa: E402

RUN = f"{os.getpid()}-{time.time_ns()}"  # fresh inputs each run, so a shared Redis never pre-warms the misses
ANSWER = {"hint": "Keep a dictionary of the values you have seen.", "level": 1, "focus": "hashing"}


class InstantProvider(Provider):
    name, model, remote = "instant", "instant-model", True
    daily_request_quota = 10_000_000

    def complete(self, request: AIRequest) -> ProviderReply:
        return ProviderReply(text='{"hint": "Keep a dictionary of the values you have seen.", "level": 1, '
                                  '"focus": "hashing"}', tokens_in=120, tokens_out=30, model=self.model)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def measure(chain: Chain, provider: Provider, n: int, offset: int) -> tuple[list[float], list[float]]:
    """n cache misses (full path, the answer is stored), then the same n again as cache hits."""
    spec = TASKS["tutor_hint"]
    overhead, hits = [], []
    for i in range(offset, offset + n):
        request = AIRequest(task="tutor_hint", inputs=inputs(i), messages=[], schema=spec.schema,
                            prompt_version=spec.prompt_version)
        started = time.perf_counter()
        provider.complete(request)
        direct = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        result = complete_json("tutor_hint", inputs(i), chain=chain)
        overhead.append(max(0.0, (time.perf_counter() - started) * 1000 - direct))
        assert result.data == ANSWER and not result.cached
    for i in range(offset, offset + n):
        started = time.perf_counter()
        result = complete_json("tutor_hint", inputs(i), chain=chain)
        hits.append((time.perf_counter() - started) * 1000)
        assert result.cached
    return overhead, hits


def inputs(i: int) -> dict:
    return {"problem": {"title": f"Two sum #{i} run {RUN}", "tags": ["hashing"],
                        "statement": "Given an array and a target, return two indices. " * 5}, "level": 1}


FOLLOW_UP = {"question": {"prompt": "Design a rate limiter for an API.", "category": "system_design",
                          "expected_points": [{"point": "Token bucket", "keywords": ["token", "bucket"]}]},
             "answer": {"text": "I would count requests per user in Redis with a sliding window."}}


def misbehaving_latencies(mode: str, calls: int) -> list[tuple[float, str]]:
    """(seconds, provider that answered) of `calls` sequential follow-ups against a server in `mode`."""
    server = MisbehavingServer(mode=mode, drip_interval=1.0).start()
    try:
        provider = OpenAICompatProvider(ProviderConfig(name=f"bench-{mode}-{RUN}"[:40], base_url=server.base_url,
                                                       model="misbehaving-1", timeout=30.0))
        chain = Chain([provider, OfflineProvider()])
        out = []
        for i in range(calls):
            started = time.perf_counter()
            result = complete_json("follow_up", {**FOLLOW_UP, "n": f"{RUN}-{mode}-{i}"}, chain=chain)
            out.append((time.perf_counter() - started, result.provider))
        chain.quota.flush()
        return out
    finally:
        server.close()


def main(rounds: int = 5, n: int = 200) -> None:
    if "LocMem" in settings.CACHES["default"]["BACKEND"]:
        settings.CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 100_000}
    call_command("migrate", verbosity=0, interactive=False)
    provider = InstantProvider()
    chain = Chain([provider, OfflineProvider()])
    measure(chain, provider, 30, -1000)  # warm up connections and code paths
    overhead_p95, hit_p95, all_overhead, all_hits = [], [], [], []
    for r in range(rounds):
        overhead, hits = measure(chain, provider, n, r * n)
        overhead_p95.append(percentile(overhead, 95))
        hit_p95.append(percentile(hits, 95))
        all_overhead += overhead
        all_hits += hits
    chain.quota.flush()
    from django.core.cache import cache

    round_trips = []
    for _ in range(500):
        started = time.perf_counter()
        cache.get("bench:rtt")
        round_trips.append((time.perf_counter() - started) * 1000)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    load = os.getloadavg()[0]
    print(f"{rounds} rounds x {n} calls, cache={backend}, db={database}, load average {load:.1f}")
    print(f"one cache round trip (context)   p50={statistics.median(round_trips):.3f} ms  "
          f"p95={percentile(round_trips, 95):.3f} ms  (a miss costs 2 round trips, a hit 1)")
    print(f"layer overhead (excl. provider)  p50={statistics.median(all_overhead):.3f} ms  "
          f"p95={percentile(all_overhead, 95):.3f} ms  per-round p95: {', '.join(f'{v:.2f}' for v in overhead_p95)}")
    print(f"cache hit                        p50={statistics.median(all_hits):.3f} ms  "
          f"p95={percentile(all_hits, 95):.3f} ms  per-round p95: {', '.join(f'{v:.2f}' for v in hit_p95)}")
    budget = task_budget("follow_up")
    hang = misbehaving_latencies("hang", 4)
    drip = misbehaving_latencies("drip", 1)
    print(f"hanging provider, 4 sequential follow-ups: {', '.join(f'{t:.2f}s ({p})' for t, p in hang)}")
    print(f"dripping provider (1 byte/s), 1 follow-up: {drip[0][0]:.2f}s ({drip[0][1]})")
    hang_worst, after_open = max(t for t, _ in hang[:3]), hang[3][0] * 1000
    drip_worst = max(t for t, _ in drip)
    limit = budget + 1
    overhead_figure, hit_figure = statistics.median(overhead_p95), statistics.median(hit_p95)
    print(f"RESULT overhead_p95={overhead_figure:.3f}ms (target <2ms {'OK' if overhead_figure < 2 else 'MISSED'}) "
          f"cache_hit_p95={hit_figure:.3f}ms (target <5ms with Redis {'OK' if hit_figure < 5 else 'MISSED'}) "
          f"hang_worst={hang_worst:.2f}s drip_worst={drip_worst:.2f}s (target <={limit:g}s "
          f"{'OK' if max(hang_worst, drip_worst) <= limit else 'MISSED'}) after_3_timeouts={after_open:.1f}ms "
          f"(target <50ms {'OK' if after_open < 50 and hang[3][1] == 'offline' else 'MISSED'}) "
          f"[median of {rounds} rounds' p95; cache={backend}, db={database}, load {load:.1f}]")


if __name__ == "__main__":
    main()
