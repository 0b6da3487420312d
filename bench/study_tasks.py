"""Benchmark: `get_next_task` for a candidate with 5,000 past tasks (p95 and queries), and the streamed export of
100,000 tasks (throughput and peak memory, against 10,000 to show it stays flat).

Run from the repo root: `python bench/study_tasks.py`. Without DATABASE_URL it uses a throwaway SQLite file; with
DATABASE_URL it uses that database (migrated here) and removes its bench users afterwards.
Targets: get_next_task p95 < 30 ms with the same number of queries at 500 and 5,000 past tasks, both when a task is
open and when the call itself generates a new batch (measured separately; nothing is pre-generated in the bench);
export peak memory flat (100k within 1.5x of 10k). On a busy machine read the CPU figures and the 5,000/500 ratio
beside the wall times: the two candidates take turns call by call, so load weighs on both alike.
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
GENERATING_RUNS = 100
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


def timed(user: User, timings: list[float], queries: set[int], cpu: list[float]) -> StudyTask | None:
    """One call: wall time, this process's CPU time (what a busy machine cannot inflate as much: the wall time is
    about this plus waiting for the database and for a core) and the number of queries."""
    with CaptureQueriesContext(connection) as ctx:
        start, start_cpu = time.perf_counter(), time.process_time()
        task = study.get_next_task(user=user)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    queries.add(len(ctx))
    return task


def time_next_task(users: dict[int, User]) -> dict[int, tuple]:
    """Per history size: (timings, query counts) of the cheap path (a task is open) and of the generating path
    (nothing open, so every timed call generates a new batch synchronously: nothing is pre-generated). The candidates
    take turns call by call, so the machine's load weighs on both alike. Query counts are collected on every timed
    call; a constant count is a set of one. Per size: (open timings, open queries, open CPU, generating timings,
    generating queries, generating CPU)."""
    result = {count: ([], set(), [], [], set(), []) for count in users}
    for user in users.values():
        study.get_next_task(user=user)  # warm caches (active path, candidates)
    for _ in range(RUNS):
        for count, user in users.items():
            timed(user, result[count][0], result[count][1], result[count][2])
    for _ in range(GENERATING_RUNS):
        for count, user in users.items():
            StudyTask.objects.filter(path__user=user, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]).update(
                status=TaskStatus.SKIPPED)
            if timed(user, result[count][3], result[count][4], result[count][5]) is None:
                raise SystemExit("the bench history left nothing to generate; the generating path was not measured")
    return result


def round_trip() -> list[float]:
    """Timings of `SELECT 1`: what one database round trip costs on this machine right now (the generating path makes
    11 of them, so this puts its figures in proportion when the machine is busy)."""
    timings = []
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            start = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def counts(values: set[int]) -> str:
    return "/".join(str(v) for v in sorted(values))


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
    users, rebuilds = {}, {}
    for count in (500, 5000):
        user = users[count] = candidate(f"next-{count}")
        path = study.create_study_path(user=user, track=track, config=study.PathConfig(hours_per_week=10))
        history(path, count, rng)
        # The rows were bulk-inserted (as an import does), so the path's generation state is rebuilt once from them,
        # as `import_history` does; live task changes keep it up to date one row at a time afterwards.
        start = time.perf_counter()
        study.rebuild_generation_state(path_id=path.id)
        rebuilds[count] = (time.perf_counter() - start) * 1000
    results = time_next_task(users)
    trip = round_trip()
    for count, (steady, sq, scpu, gen, gq, gcpu) in results.items():
        print(f"get_next_task with {count:>5} past tasks: open task p50 {statistics.median(steady):.2f} ms, "
              f"p95 {p95(steady):.2f} ms (CPU p50 {statistics.median(scpu):.2f} ms), {counts(sq)} queries ({RUNS} "
              f"calls); new batch generated in the call p50 {statistics.median(gen):.2f} ms, p95 {p95(gen):.2f} ms, "
              f"max {max(gen):.2f} ms (CPU p50 {statistics.median(gcpu):.2f} ms, p95 {p95(gcpu):.2f} ms), "
              f"{counts(gq)} queries ({len(gen)} calls); one-off state rebuild from the history "
              f"{rebuilds[count]:.1f} ms")
    print(f"a bare database round trip (SELECT 1) in this run: p50 {statistics.median(trip):.2f} ms, "
          f"p95 {p95(trip):.2f} ms")
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
    steady5k, sq5k, _, gen5k, gq5k, gcpu5k = results[5000]
    same_queries = (len(sq5k) == len(gq5k) == 1 and sq5k == results[500][1] and gq5k == results[500][4])
    ratio = large[1] / small[1]
    print(f"RESULT get_next_task at 5,000 past tasks: p95 {p95(steady5k):.2f} ms with a task open, "
          f"p95 {p95(gen5k):.2f} ms when the call generates a new batch (CPU p95 {p95(gcpu5k):.2f} ms; target "
          f"< 30 ms both), vs 500 past tasks x{p95(gen5k) / p95(results[500][3]):.2f}; queries "
          f"{counts(sq5k)} open / {counts(gq5k)} generating, {'constant' if same_queries else 'NOT constant'} "
          f"(every call, 500 vs 5,000 past tasks); export 100k {large[3] / large[0]:,.0f} rows/s, peak "
          f"{large[1] / 1024:.0f} KiB vs {small[1] / 1024:.0f} KiB at 10k (x{ratio:.2f}, target flat < x1.5)")


if __name__ == "__main__":
    main()
