"""Benchmark: `get_next_task` for a candidate with 5,000 past tasks (p95 and queries), and the streamed export of
100,000 tasks (throughput and peak memory, against 10,000 to show it stays flat).

Run from the repo root: `python bench/study_tasks.py`. Without DATABASE_URL it uses a throwaway SQLite file; with
DATABASE_URL it uses that database (migrated here) and removes its bench users afterwards.
Targets: get_next_task p95 < 30 ms with the same number of queries at 500 and 5,000 past tasks; export peak memory
flat (100k within 1.5x of 10k).
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc

from setup_django import setup_django

setup_django(prefix="bench-study-", LOG_LEVEL="WARNING")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from studypaths import export, study  # noqa: E402
from studypaths.models import PathStatus, Problem, StudyPath, StudyTask, TaskStatus, Track  # noqa: E402
from studypaths.services import load_problem_bank  # noqa: E402

RUNS = 200
PREFIX = "bench-study-"


def candidate(name: str) -> User:
    return User.objects.create_user(email=f"{PREFIX}{name}@example.com", password=None, role=Role.CANDIDATE)


def history(path: StudyPath, count: int, rng: random.Random) -> None:
    """`count` finished tasks: passes only on the first half of the bank (so generation always has work left),
    failures anywhere."""
    problems = list(Problem.objects.order_by("module__position", "position").values_list("id", flat=True))
    now = timezone.now()
    rows = []
    for n in range(count):
        finished = now - timezone.timedelta(minutes=count - n)
        passed = rng.random() < 0.7
        rows.append(StudyTask(path=path, problem_id=rng.choice(problems[:len(problems) // 2] if passed else problems),
                              status=TaskStatus.PASSED if passed else TaskStatus.FAILED,
                              due_date=finished.date(), started_at=finished - timezone.timedelta(minutes=20),
                              finished_at=finished, attempts=rng.randint(1, 3), score=rng.random()))
        if len(rows) == 5000:
            StudyTask.objects.bulk_create(rows)
            rows = []
    StudyTask.objects.bulk_create(rows)


def time_next_task(user: User) -> tuple[list[float], int, list[float], int]:
    """(steady-state timings, queries) with an open task, then (generation timings, queries) after skipping it."""
    study.get_next_task(user=user)  # warm caches (active path, candidates)
    steady = []
    for _ in range(RUNS):
        start = time.perf_counter()
        study.get_next_task(user=user)
        steady.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        study.get_next_task(user=user)
    steady_queries = len(ctx)
    generating = []
    queries = 0
    for n in range(40):
        StudyTask.objects.filter(path__user=user, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]).update(
            status=TaskStatus.SKIPPED)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            task = study.get_next_task(user=user)
            generating.append((time.perf_counter() - start) * 1000)
        queries = len(ctx)
        if task is None:
            break
        del n
    return steady, steady_queries, generating, queries


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def export_run(user: User) -> tuple[float, int, int, int]:
    """(seconds untraced, peak traced bytes, size, rows): throughput is timed without tracemalloc, which slows every
    allocation; the peak comes from a second, traced pass."""
    start = time.perf_counter()
    size = rows = 0
    for chunk in export.as_json(export.task_rows(user=user), user=user):
        size += len(chunk)
        rows += chunk.count("\n{")
    seconds = time.perf_counter() - start
    tracemalloc.start()
    for _chunk in export.as_json(export.task_rows(user=user), user=user):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, size, rows


def main() -> None:
    call_command("migrate", verbosity=0)
    User.objects.filter(email__startswith=PREFIX).delete()
    load_problem_bank()
    rng = random.Random(13)
    track = Track.objects.get(slug="faang-coding-prep")
    results = {}
    for count in (500, 5000):
        user = candidate(f"next-{count}")
        path = study.create_study_path(user=user, track=track, config=study.PathConfig(hours_per_week=10))
        history(path, count, rng)
        results[count] = time_next_task(user)
        steady, sq, gen, gq = results[count]
        print(f"get_next_task with {count:>5} past tasks: steady p50 {statistics.median(steady):.2f} ms, "
              f"p95 {p95(steady):.2f} ms, {sq} queries; new batch p50 {statistics.median(gen):.2f} ms, "
              f"p95 {p95(gen):.2f} ms, {gq} queries")
    exporter = candidate("export")
    path = StudyPath.objects.create(user=exporter, track=track, status=PathStatus.ARCHIVED)
    history(path, 10_000, rng)
    small = export_run(exporter)
    history(path, 90_000, rng)
    large = export_run(exporter)
    for label, (seconds, peak, size, rows) in (("10,000", small), ("100,000", large)):
        print(f"export {label} tasks: {rows:,} rows, {size / 1e6:.1f} MB in {seconds:.2f} s "
              f"({rows / seconds:,.0f} rows/s), peak Python memory {peak / 1024:.0f} KiB")
    User.objects.filter(email__startswith=PREFIX).delete()
    steady5k, sq5k, gen5k, gq5k = results[5000]
    same_queries = sq5k == results[500][1] and gq5k == results[500][3]
    ratio = large[1] / small[1]
    print(f"RESULT get_next_task p95 {p95(steady5k):.2f} ms steady / {p95(gen5k):.2f} ms new batch at 5,000 past "
          f"tasks (target < 30 ms), queries {sq5k}/{gq5k} {'constant' if same_queries else 'NOT constant'} "
          f"(500 vs 5,000); export 100k {large[3] / large[0]:,.0f} rows/s, peak {large[1] / 1024:.0f} KiB vs "
          f"{small[1] / 1024:.0f} KiB at 10k (x{ratio:.2f}, target flat < x1.5)")


if __name__ == "__main__":
    main()
