"""Dashboard summary under a big history: 10,000 candidates, 1,000,000 interview evaluations and 1,000,000 judge
attempts in PostgreSQL, Redis as the cache. Prints GET /api/v1/analytics/summary p50/p95 and its query count for a
heavy candidate, with the summary cache cold (deleted before every request) and warm.

    .venv/bin/python bench/dashboard.py [--candidates 10000] [--rows 1000000] [--requests 40] [--reseed]
        [--explain] [--compare-join]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/im_bench_dashboard — created if missing)
and Redis (REDIS_URL, default redis://127.0.0.1:6379/15). Rows are loaded with COPY in time order (a candidate's rows
spread over the tables as in production), then VACUUM ANALYZE; seeding takes a few minutes, and a second run reuses
the seeded database when it has the same size (--reseed forces it). --explain prints each summary query's plan;
--compare-join also times the old join through turn -> session in the same run.
Targets: p95 < 150 ms with the cache cold; the same number of queries for a light and a heavy candidate.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/im_bench_dashboard")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")
os.environ["DJANGO_DEBUG"] = "true"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

CATEGORIES = ["coding", "system_design", "databases", "debugging", "language_knowledge", "behavioral", "testing",
              "devops"]
CRITERIA = ["correctness", "technical_depth", "problem_solving", "communication", "code_quality"]
ROLES = ["backend_engineer", "frontend_engineer", "fullstack_engineer", "data_engineer"]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _value(field, value):
    if value is None:
        return r"\N"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    elif isinstance(value, bool):
        value = "t" if value else "f"
    elif isinstance(value, datetime):
        value = value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_rows(model, rows) -> int:
    """COPY dicts into `model`'s table; fields a row leaves out get the model field's default."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    defaults = {f.attname: (f.get_default() if f.has_default() or f.null or f.primary_key else "")
                for f in fields}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = NOW
    count = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor, cursor.connection.cursor().copy(
            f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN') as copy:
        for row in rows:
            buffer.write("\t".join(_value(f, row.get(f.attname, defaults[f.attname])) for f in fields) + "\n")
            count += 1
            if count % 20_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


def reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def seed(candidates: int, rows: int, heavy_rows: int) -> None:  # noqa: C901 - one linear seeding script
    import random

    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from interviews.models import Evaluation, InterviewSession, Turn
    from studypaths.models import CodeRun, Problem

    levels = [value for value, _ in User._meta.get_field("experience_level").choices if value][:3]
    rng = random.Random(7)
    password = make_password("bench-password-1")
    first_user = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    users = [{"id": first_user + n, "email": f"bench{n}@example.com", "password": password, "role": "candidate",
              "target_role": ROLES[n % len(ROLES)], "experience_level": levels[n % len(levels)],
              "timezone": "Europe/Berlin", "is_active": True, "date_joined": NOW, "name": f"Bench {n}"}
             for n in range(candidates)]
    copy_rows(User, users)
    heavy_id, light_id = first_user, first_user + 1
    problems = list(Problem.objects.values_list("id", flat=True))
    turns_per_session = 10
    rest = -(-(rows - heavy_rows) // (candidates - 2))  # rounded up: at least `rows` in all
    share = [heavy_rows if n == 0 else 2 if n == 1 else rest for n in range(candidates)]

    def user_of(index: int) -> int:
        return first_user + index

    def moment() -> datetime:
        return NOW - timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(0, 1440))

    # Rows are written in time order, as a year of use would have: a candidate's rows are spread over the whole
    # table, so reading one candidate's history touches as many pages as it would in production.
    sessions = sorted(({"candidate_id": user_of(n), "mode": "mock", "role": "backend_engineer", "state": "evaluated",
                        "time_used_seconds": 2400, "overall": rng.randrange(30, 95), "started_at": moment()}
                       for n, count in enumerate(share) for _ in range(max(1, -(-count // turns_per_session)))),
                      key=lambda session: session["started_at"])
    for session_id, session in enumerate(sessions, start=1):
        session.update(id=session_id, created_at=session["started_at"],
                       ended_at=session["started_at"] + timedelta(minutes=40))
    copy_rows(InterviewSession, sessions)

    def turns():
        turn_id = 0
        for session in sessions:
            for index in range(1, turns_per_session + 1):
                turn_id += 1
                yield {"id": turn_id, "session_id": session["id"], "index": index, "kind": "question",
                       "question_number": index, "prompt": "Explain.", "category": CATEGORIES[turn_id % 8],
                       "difficulty": "medium", "status": "evaluated", "asked_at": session["started_at"],
                       "submitted_at": session["started_at"]}

    turn_count = copy_rows(Turn, turns())

    def evaluations():
        for turn_id in range(1, turn_count + 1):
            session = sessions[(turn_id - 1) // turns_per_session]
            yield {"id": turn_id, "turn_id": turn_id, "candidate_id": session["candidate_id"],
                   "category": CATEGORIES[turn_id % 8], "overall": rng.randrange(20, 100),
                   "evaluated_at": session["started_at"] + timedelta(minutes=5),
                   "scores": {c: rng.randrange(1, 6) for c in CRITERIA}}

    copy_rows(Evaluation, evaluations())

    def attempts():
        runs = sorted((moment(), n) for n, count in enumerate(share) for _ in range(count))
        for run_id, (at, n) in enumerate(runs, start=1):
            accepted = rng.random() < 0.55
            yield {"id": run_id, "user_id": user_of(n), "problem_id": problems[run_id % len(problems)],
                   "kind": "submission", "language": "python", "code": "pass", "status": "done",
                   "verdict": "accepted" if accepted else "wrong_answer", "created_at": at, "finished_at": at,
                   "result": {"passed": 9 if accepted else 4, "total": 9}}

    copy_rows(CodeRun, attempts())
    reset_sequences(User, InterviewSession, Turn, Evaluation, CodeRun)
    print(f"seeded {candidates} candidates, {turn_count} evaluations, {sum(share)} attempts "
          f"(heavy candidate id {heavy_id}: {heavy_rows} of each; light {light_id})", flush=True)


def measure(user, requests: int, *, cold: bool) -> tuple[list[float], int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from analytics.selectors import summary_cache_key

    client = APIClient()
    client.force_authenticate(user)
    timings, queries = [], 0
    for _ in range(requests):
        if cold:
            cache.delete(summary_cache_key(user.id))
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/api/v1/analytics/summary")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        queries = len(captured)
    return timings, queries


def compare_join(user, requests: int) -> None:
    """The same cold measurement with the candidate's evaluations found by joining turn and session, as before the
    denormalised Evaluation.candidate: the ratio of the two, taken in one run, is what the change bought."""
    from analytics import selectors
    from interviews.models import Evaluation

    denormalised = selectors._evaluations
    selectors._evaluations = lambda user: (Evaluation.objects.filter(turn__session__candidate=user)
                                           .exclude(turn__kind="warm_up"))
    try:
        timings, _ = measure(user, requests, cold=True)
    finally:
        selectors._evaluations = denormalised
    print(f"cold cache through the join (before): p50 {statistics.median(timings):.1f} ms, "
          f"p95 {p95(timings):.1f} ms")


def explain(user) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query of one uncached summary: its scans and its execution time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics import selectors

    with CaptureQueriesContext(connection) as captured:
        selectors.dashboard_summary(user)
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0].strip() for row in cursor.fetchall()]
            scans = [line.split("  (")[0].lstrip("-> ") for line in plan if "Scan" in line]
            fetches = [line for line in plan if line.startswith("Heap Fetches")]
            print(f"{plan[-1]:<28} {'; '.join(scans + fetches)[:150]}\n    {query['sql'][:150]}")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000, help="evaluations, and as many attempts")
    parser.add_argument("--heavy", type=int, default=2_000, help="evaluations and attempts of the heavy candidate")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--reseed", action="store_true", help="seed again even if the database looks seeded")
    parser.add_argument("--explain", action="store_true", help="print each summary query's plan (EXPLAIN ANALYZE)")
    parser.add_argument("--compare-join", action="store_true",
                        help="also time the summary reading evaluations through turn -> session (before 0006)")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from analytics import services
    from interviews.models import Evaluation

    call_command("migrate", verbosity=0)
    seeded = User.objects.filter(email="bench0@example.com").exists() and Evaluation.objects.count() >= args.rows * 0.9
    if args.reseed or not seeded:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE accounts_user, interviews_interviewsession, studypaths_coderun CASCADE")
        from studypaths.models import Problem

        if not Problem.objects.exists():
            call_command("load_problems", verbosity=0)
        started = time.perf_counter()
        with connection.cursor() as cursor:  # the seed writes consistent ids: skip 3 million per-row FK triggers
            cursor.execute("SET session_replication_role = replica")
        seed(args.candidates, args.rows, args.heavy)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            # What autovacuum would have done by then: statistics, and a visibility map for index-only scans.
            cursor.execute("VACUUM (ANALYZE)")
        print(f"seeding took {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    services.recompute_cohorts()
    print(f"recompute_cohorts (hourly beat task) took {time.perf_counter() - started:.1f} s", flush=True)
    heavy = User.objects.get(email="bench0@example.com")
    light = User.objects.get(email="bench1@example.com")
    measure(heavy, 3, cold=True)  # warm up connections and code paths
    cold, heavy_queries = measure(heavy, args.requests, cold=True)
    warm, warm_queries = measure(heavy, args.requests, cold=False)
    _, light_queries = measure(light, 3, cold=True)
    print(f"cold cache: p50 {statistics.median(cold):.1f} ms, p95 {p95(cold):.1f} ms, {heavy_queries} queries "
          f"(light candidate: {light_queries})")
    print(f"warm cache: p50 {statistics.median(warm):.1f} ms, p95 {p95(warm):.1f} ms, {warm_queries} queries")
    if args.compare_join:
        compare_join(heavy, args.requests)
    if args.explain:
        explain(heavy)
    constant = "constant" if heavy_queries == light_queries else "NOT constant"
    print(f"RESULT summary p95 cold {p95(cold):.1f} ms (target < 150) warm {p95(warm):.1f} ms; queries heavy "
          f"{heavy_queries} = light {light_queries} ({constant})")


if __name__ == "__main__":
    main()
