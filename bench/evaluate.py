"""Benchmark: the offline answer evaluator (issue 10) — time per answer and agreement with the graded calibration set.

    python bench/evaluate.py

Scores every answer of data/evaluation/calibration.json with the offline engine (caps included, the reading cache
cleared before each call so nothing is served from memory) several times, and one 20,000-character answer (the
API's limit) as the attacker's worst case. Targets: p95 < 20 ms per answer; Spearman >= 0.9 on the whole set;
every gaming answer <= 25/100. The held-out half (questions the rules were never tuned on) is reported separately.
Follow-ups (data/evaluation/followups.json, no expected points): a genuine answer above an honest "not sure" and an
off-topic one on every item, both halves reported.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from interviewmaster.ai import calibration, grading  # noqa: E402
from interviewmaster.ai.offline.evaluation import evaluate  # noqa: E402

ROUNDS = 5


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def timed(inputs: dict) -> tuple[float, float]:
    """(wall ms, CPU ms of this thread): on a busy machine the wall tail is mostly waiting for a core."""
    grading._read_cached.cache_clear()
    started, cpu = time.perf_counter(), time.thread_time()
    evaluate(inputs)
    return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000


def main() -> None:
    rows = calibration.load()
    answers = [(entry["question"], answer) for entry in rows for answer in entry["answers"]]
    runs = [timed(calibration.inputs_for(q, a)) for _ in range(ROUNDS) for q, a in answers]
    timings, cpu = [wall for wall, _ in runs], [c for _, c in runs]
    question, strong = answers[0]
    long_text = (strong["text"] + " ") * (20_000 // (len(strong["text"]) + 1))
    worst = max(timed({"question": question, "answer": {"text": long_text[:20_000]}})[0] for _ in range(3))
    scored = calibration.score_all(evaluate, rows)
    figures = calibration.report(scored)
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    print(f"offline evaluation of {len(answers)} calibration answers x {ROUNDS}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
          f"max {max(timings):.2f} ms (CPU p95 {percentile(cpu, 95):.2f} ms; load average "
          f"{os.getloadavg()[0]:.1f}); 20,000-character answer: {worst:.1f} ms")
    for name in ("tune", "holdout", "all"):
        print(figures[name].line())
    whole, tune, held = figures["all"], figures["tune"], figures["holdout"]
    follow_ups = calibration.follow_up_figures(evaluate)
    for part in ("tune", "holdout"):
        print(follow_ups[part].line())
    fu_held = follow_ups["holdout"]
    print(f"RESULT offline p95 {p95:.2f} ms/answer wall, {percentile(cpu, 95):.2f} CPU (target < 20) | "
          f"Spearman all {whole.spearman:.3f} (target >= 0.9), "
          f"tune {tune.spearman:.3f}, held-out {held.spearman:.3f} | gaming max all {whole.gaming_max:.1f} "
          f"(target <= 25), tune {tune.gaming_max:.1f}, held-out {held.gaming_max:.1f} | order broken on "
          f"{len(whole.misordered_questions)} questions | follow-ups held-out: genuine first on {fu_held.ordered}/"
          f"{fu_held.items} (target all), genuine mean {fu_held.genuine_mean:.1f} (tune "
          f"{follow_ups['tune'].genuine_mean:.1f})")


if __name__ == "__main__":
    main()
