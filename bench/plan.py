"""Benchmark: an interview plan drafted by the controller and reviewed by the critique agent (offline provider),
end to end through a real Celery worker: create_plan() commits, the worker picks the task from the broker, the plan
reaches pending_review in the database.

    .venv/bin/python bench/plan.py                                   # throwaway SQLite + in-memory broker
    DATABASE_URL=postgres://... REDIS_URL=redis://.../N .venv/bin/python bench/plan.py   # the production pair

Target: p95 <= 1 s from create_plan() to pending_review.
"""

from __future__ import annotations

import time

from setup_django import setup_django

setup_django(force={"CELERY_TASK_ALWAYS_EAGER": "false"})

from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from interviewmaster.celery import app  # noqa: E402
from planning import services  # noqa: E402
from planning.models import InterviewPlan, PlanState, Position  # noqa: E402

CONFIGS = [
    {"question_distribution": {"coding": {"medium": 2}, "databases": {"medium": 1}, "behavioral": {"easy": 1}}},
    {"question_distribution": {"coding": {"easy": 1, "hard": 1}, "system_design": {"hard": 1}}},
    {"question_distribution": {"coding": 3, "debugging": 1, "testing": 1, "behavioral": 1}},
]
SKILLS = [["python", "postgresql", "redis"], ["java", "kafka", "docker"], ["javascript", "react", "sql"]]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def setup() -> tuple[User, list[Position]]:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("import_questions", verbosity=0)
    expert, _ = User.objects.get_or_create(email="bench-expert@example.com",
                                           defaults={"role": Role.EXPERT, "is_staff": True, "name": "Bench"})
    positions = [Position.objects.create(title=f"Bench position {i}", role="backend_engineer",
                                         required_skills=skills, nice_to_have_skills=["kubernetes"])
                 for i, skills in enumerate(SKILLS)]
    return expert, positions


def one_plan(expert: User, position: Position, config: dict, i: int) -> float:
    start = time.perf_counter()
    plan = services.create_plan(expert=expert, position=position, candidate_name=f"Candidate {i}",
                                candidate_email=f"bench{i}@example.com", config_overrides=config)
    while True:
        state, agent = InterviewPlan.objects.filter(pk=plan.pk).values_list("state", "agent_status").get()
        if state == PlanState.PENDING_REVIEW and agent == "idle":
            return time.perf_counter() - start
        if agent == "failed" or time.perf_counter() - start > 30:
            raise SystemExit(f"plan {plan.pk} did not finish: {state}/{agent}")
        time.sleep(0.005)


def main(n: int = 40) -> None:
    expert, positions = setup()
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if broker == "memory":  # kombu's in-memory transport polls once a second by default; Redis pushes
        app.conf.broker_transport_options = {**app.conf.broker_transport_options, "polling_interval": 0.01}
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["ai", "default"], shutdown_timeout=20):
        for i in range(3):  # warm-up: imports, taxonomy, bank
            one_plan(expert, positions[i % 3], CONFIGS[i % 3], 10_000 + i)
        times = [one_plan(expert, positions[i % 3], CONFIGS[i % 3], i) for i in range(n)]
    p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
    print(f"database {database}, broker {broker}, worker pool solo, offline provider, {n} plans "
          f"(4-6 questions each, draft + critique)")
    print(f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    status = "OK" if p95 <= 1000 else "OVER TARGET"
    print(f"plan draft + critique end to end: p50 {p50:.0f} ms, p95 {p95:.0f} ms over {n} plans "
          f"(target p95 <= 1000 ms) {status}")


if __name__ == "__main__":
    main()
