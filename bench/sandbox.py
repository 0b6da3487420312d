"""Benchmark of the code judge: end-to-end submission latency through Celery + Redis, throughput, sandbox overhead.

Run from the repo root:  /work/main/.venv/bin/python bench/sandbox.py [--runs 30] [--burst 40] [--concurrency 2]

It needs Redis (REDIS_URL, default redis://127.0.0.1:6379/7) and bubblewrap. It uses DATABASE_URL if set, otherwise a
throwaway SQLite file, starts its own Celery worker on the `sandbox` queue (prefork, --concurrency processes), and
measures for a trivial Python and JavaScript solution:
  * submit -> verdict latency p50/p95 (a CodeRun is created, the task is queued after commit, a worker judges it in the
    sandbox and writes the verdict; we poll the row),
  * throughput: a burst of submissions at once, submissions/second until the last verdict,
  * the sandbox's overhead: per-test wall time inside the sandbox / the same program run with a bare subprocess.run
    (medians of 20 each, alternated).
The last line holds the headline figures and their targets.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/im-bench-sandbox.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ.setdefault("SANDBOX_USER_JUDGE_SECONDS", "1000000")  # one bench user submits far past a person's budget

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from studypaths import harness, sandbox  # noqa: E402
from studypaths.models import CodeRun, Module, Problem, ProblemTest, RunKind, RunStatus  # noqa: E402
from studypaths.services import request_run, sandbox_tests  # noqa: E402

SOLUTIONS = {
    "python": "def add(a, b):\n    return a + b\n",
    "javascript": "function add(a, b) {\n  return a + b;\n}\n",
}
TESTS = [(1, 2), (-5, 5), (1000, 2345)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def setup_data() -> tuple[User, Problem]:
    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(email="bench-sandbox@example.com", defaults={"name": "Bench"})
    module, _ = Module.objects.get_or_create(slug="bench", defaults={"title": "Bench"})
    problem, created = Problem.objects.get_or_create(
        slug="bench-add", defaults={
            "module": module, "title": "Add", "statement": "Return a + b.",
            "function_spec": {"name": {"python": "add", "javascript": "add"},
                              "params": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}],
                              "returns": "int"},
            "starter_code": {}, "reference_solutions": SOLUTIONS,
        })
    if created:
        for i, (a, b) in enumerate(TESTS):
            ProblemTest.objects.create(problem=problem, name=f"t{i}", args=[a, b], expected=a + b, is_public=i == 0,
                                       position=i)
    return user, problem


def start_worker(concurrency: int) -> subprocess.Popen:
    argv = [sys.executable, "-m", "celery", "-A", "interviewmaster", "worker", "-Q", "sandbox", "--pool", "prefork",
            "--concurrency", str(concurrency), "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-n", f"bench-sandbox-{os.getpid()}@%h"]
    return subprocess.Popen(argv, cwd=ROOT, env=os.environ.copy(), start_new_session=True)


def submit(user, problem, language) -> int:
    with transaction.atomic():
        run = request_run(user=user, problem=problem, language=language, code=SOLUTIONS[language],
                          kind=RunKind.SUBMISSION)
    return run.id


def wait_for(run_ids: list[int], timeout: float = 60) -> dict[int, float]:
    """run id -> time.monotonic() when its verdict was seen."""
    pending, done = set(run_ids), {}
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        finished = CodeRun.objects.filter(id__in=pending, status__in=[RunStatus.DONE, RunStatus.FAILED])
        now = time.monotonic()
        for run_id, verdict in finished.values_list("id", "verdict"):
            if verdict != sandbox.ACCEPTED:
                raise SystemExit(f"run {run_id} ended {verdict}: {CodeRun.objects.get(id=run_id).result}")
            done[run_id] = now
            pending.discard(run_id)
        time.sleep(0.003)
    if pending:
        raise SystemExit(f"{len(pending)} runs got no verdict within {timeout}s (is the worker up?)")
    return done


def latency(user, problem, language, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.monotonic()
        run_id = submit(user, problem, language)
        samples.append(wait_for([run_id])[run_id] - started)
    return samples


def burst(user, problem, language, count: int) -> float:
    started = time.monotonic()
    ids = [submit(user, problem, language) for _ in range(count)]
    finished = wait_for(ids, timeout=120)
    return count / (max(finished.values()) - started)


def overhead(problem, language, repeats: int = 20) -> tuple[float, float, float]:
    """(sandboxed per-test wall ms, bare subprocess.run ms, ratio) for the same program and stdin."""
    program = harness.build_program(spec=problem.function_spec, language=language, code=SOLUTIONS[language])
    tests = sandbox_tests(problem=problem, tests=list(problem.tests.all()))
    lang = sandbox.LANGUAGES[language]
    bare, boxed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / lang.source_name).write_text(program)
        (Path(tmp) / lang.launcher_name).write_text(lang.launcher)
        command = [*lang.command, str(Path(tmp) / lang.launcher_name), str(Path(tmp) / lang.source_name)]
        # Alternated, so a change in the machine's load during the measurement weighs on both sides alike.
        for _ in range(repeats):
            started = time.monotonic()
            subprocess.run(command, input=tests[0]["stdin"].encode(), capture_output=True, check=True)
            bare.append((time.monotonic() - started) * 1000)
            started = time.monotonic()
            result = sandbox.run_submission(language=language, code=program, tests=tests[:1])
            assert result.verdict == sandbox.ACCEPTED, result.as_dict()
            boxed.append((time.monotonic() - started) * 1000)
    b, s = statistics.median(bare), statistics.median(boxed)
    return s, b, s / b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--burst", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    mode, detail = sandbox.sandbox_mode()
    print(f"sandbox mode: {mode} ({detail}); cores: {os.cpu_count()}; worker concurrency: {args.concurrency}")
    user, problem = setup_data()
    worker = start_worker(args.concurrency)
    try:
        wait_for([submit(user, problem, "python")], timeout=60)  # the worker is up and warm
        figures = {}
        for language in ("python", "javascript"):
            samples = latency(user, problem, language, args.runs)
            rate = burst(user, problem, language, args.burst)
            boxed, bare, ratio = overhead(problem, language)
            figures[language] = (percentile(samples, 0.5), percentile(samples, 0.95), rate, ratio)
            print(f"{language:<10} submit->verdict p50 {figures[language][0] * 1000:.0f} ms, "
                  f"p95 {figures[language][1] * 1000:.0f} ms ({args.runs} runs, {len(TESTS)} tests each); "
                  f"burst of {args.burst}: {rate:.1f} submissions/s; "
                  f"per test: sandbox {boxed:.0f} ms vs bare subprocess {bare:.0f} ms (x{ratio:.2f})")
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
    py, js = figures["python"], figures["javascript"]
    print(f"RESULT python p50 {py[0]:.3f}s (target < 0.5s) p95 {py[1]:.3f}s, {py[2]:.1f} subs/s (target >= 4); "
          f"javascript p50 {js[0]:.3f}s p95 {js[1]:.3f}s, {js[2]:.1f} subs/s; "
          f"sandbox overhead x{py[3]:.2f} python, x{js[3]:.2f} javascript vs bare subprocess.run")


if __name__ == "__main__":
    main()
