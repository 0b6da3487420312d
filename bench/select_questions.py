"""Benchmark: question selection latency on a 10,000-question bank, and its query count.

Run from the repo root: `python bench/select_questions.py`. Without DATABASE_URL it uses a throwaway SQLite file;
with DATABASE_URL it uses that database (migrated here) and removes its bench rows afterwards.
Target: p95 under 50 ms and a constant number of queries per selection.
"""

from __future__ import annotations

import random
import statistics
import time

from setup_django import setup_django

setup_django(prefix="bench-select-", LOG_LEVEL="WARNING")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from interviewmaster.capabilities import get_capabilities, interview_config  # noqa: E402
from interviews.models import Question  # noqa: E402
from interviews.selection import CandidateProfile, select_questions  # noqa: E402

BANK_SIZE = 10_000
RUNS = 300
PREFIX = "bench-select-"


def build_bank(rng: random.Random) -> None:
    caps = get_capabilities()
    roles = list(caps.roles)
    languages = list(caps.languages)
    tags = sorted(caps.question_tags)
    rows = []
    for n in range(BANK_SIZE):
        category = rng.choice(list(caps.categories.values()))
        rows.append(Question(
            external_id=f"{PREFIX}{n}", title=f"Bench question {n}", prompt=f"Bench prompt number {n}.",
            category=category.id, difficulty=rng.choice(category.allowed_difficulties),
            roles=rng.sample(roles, rng.randint(1, 4)),
            languages=rng.sample(languages, rng.randint(0, 2)) if category.requires_language else [],
            tags=rng.sample(tags, 3),
            expected_points=[{"point": "A point", "keywords": ["point"]}] * 3, follow_up_seeds=["Why?"],
            source="bench"))
    Question.objects.bulk_create(rows, batch_size=1000)


def main() -> None:
    call_command("migrate", verbosity=0)
    Question.objects.filter(external_id__startswith=PREFIX).delete()
    rng = random.Random(2026)
    build_bank(rng)
    caps = get_capabilities()
    ids = list(Question.objects.filter(external_id__startswith=PREFIX).values_list("id", flat=True))
    configs = [
        interview_config("quick_start"),
        interview_config("custom_config", {"question_distribution": {"coding": {"easy": 2, "medium": 3, "hard": 2},
                                                                     "system_design": {"hard": 2}, "behavioral": 2,
                                                                     "debugging": 1}}),
        interview_config("custom_config", {"question_distribution": {"coding": 5, "databases": 3},
                                           "languages": ["python", "go"]}),
    ]
    latencies, query_counts = [], set()
    for run in range(RUNS + 20):
        config = configs[run % len(configs)]
        profile = CandidateProfile(target_role=rng.choice(list(caps.roles)),
                                   skills=rng.sample(sorted(caps.question_tags), 8))
        seen = rng.sample(ids, 200)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            picked = select_questions(config=config, profile=profile, seen_question_ids=seen, seed=run)
            elapsed = (time.perf_counter() - start) * 1000
        assert len(picked) == config.get("total_questions", sum(1 for _ in picked))
        if run >= 20:  # warm-up excluded
            latencies.append(elapsed)
            query_counts.add(len(queries))
    Question.objects.filter(external_id__startswith=PREFIX).delete()
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    vendor = connection.vendor
    print(f"bank={BANK_SIZE} questions, runs={RUNS}, backend={vendor}, mean={statistics.mean(latencies):.1f} ms, "
          f"max={latencies[-1]:.1f} ms")
    ok = p95 < 50 and len(query_counts) == 1
    print(f"select_questions p50={p50:.1f} ms p95={p95:.1f} ms (target p95 < 50 ms); "
          f"queries per selection={sorted(query_counts)} (target: constant) -> {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
