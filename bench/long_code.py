"""Benchmark of judging a long Python answer: a 100,000-character program (MAX_CODE_CHARS) against ten tests, compiled
by each test's process (as before) and compiled once in the sandbox before its tests (sandbox.COMPILE_ONCE_CHARS).

Run from the repo root:  .venv/bin/python bench/long_code.py [--rounds 5]

It needs bubblewrap (or SANDBOX_ALLOW_RLIMITS_ONLY=true) and no database rows. Medians over the rounds, the two ways
alternated. The last line holds the headline figures and their targets.
"""

from __future__ import annotations

import argparse
import statistics
import time

from setup_django import setup_django

setup_django(prefix="bench-long-code-", LOG_LEVEL="WARNING")

from studypaths import harness, sandbox  # noqa: E402
from studypaths.services import MAX_CODE_CHARS  # noqa: E402

SPEC = {"name": {"python": "add"}, "params": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}],
        "returns": "int"}
TESTS = [{"name": f"adds {i}", "stdin": harness.call_stdin([i, 1]), "expected_stdout": harness.expected_stdout(i + 1)}
         for i in range(10)]


def long_answer() -> str:
    """MAX_CODE_CHARS of small functions (the costliest kind to compile per character we found), then the solution."""
    solution = "def add(a, b):\n    return a + b\n"
    body = "".join(f"def f{i}(a):\n    return a * {i}\n" for i in range(MAX_CODE_CHARS // 20))
    return body[:body.rfind("\ndef ", 0, MAX_CODE_CHARS - len(solution)) + 1] + solution


def judge(program: str, *, compile_once: bool) -> tuple[float, int]:
    sandbox.COMPILE_ONCE_CHARS = 20_000 if compile_once else 10 ** 9
    started = time.perf_counter()
    result = sandbox.run_submission(language="python", code=program, tests=TESTS)
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()
    return time.perf_counter() - started, result.runtime_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    answer = long_answer()
    program = harness.build_program(spec=SPEC, language="python", code=answer)
    mode, detail = sandbox.sandbox_mode()
    print(f"sandbox mode: {mode} ({detail}); answer {len(answer):,} characters, {len(TESTS)} tests")
    samples: dict[bool, list[tuple[float, int]]] = {False: [], True: []}
    for _ in range(args.rounds):
        for once in (False, True):
            samples[once].append(judge(program, compile_once=once))
    wall = {once: statistics.median(s for s, _ in rows) for once, rows in samples.items()}
    cpu = {once: statistics.median(c for _, c in rows) for once, rows in samples.items()}
    print(f"RESULT compiled per test: {wall[False]:.2f} s wall, {cpu[False]} ms CPU; compiled once: "
          f"{wall[True]:.2f} s wall (target < 1.0 s), {cpu[True]} ms CPU (target < 300 ms) for a "
          f"{len(answer):,}-character answer and {len(TESTS)} tests")


if __name__ == "__main__":
    main()
