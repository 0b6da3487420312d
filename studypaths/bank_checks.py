"""Checks of the shipped problem bank beyond "the reference passes": each test within its problem's stated limits,
answers unique where the statement promises one (a brute-force checker shipped with the problem lists every valid
answer), and a promised complexity enforced by the time limit (a shipped slow solution must exceed it by at least
SLOW_MARGIN while the reference stays within 1 / REFERENCE_MARGIN of it).

The limits are data beside each problem (`limits` in the bank file, validated by `problems.schema.json`):
`{"nums": {"length": [2, 100000], "values": [-30, 30], "distinct": true, "sorted": true}, "s": {"charset":
"lowercase"}, "grid": {"length": [0, 300], "item_length": [0, 300]}, "root": {"nodes": [0, 10000]}, "lists": {"total":
[0, 100000]}}` (`total`: the items' lengths added up, for a list of lists). `reference_complexity` is the reference
solution's time complexity (the tutor's hints state it) where no `complexity` is promised and enforced.
Relations between parameters ("k <= len(nums)") stay in the statement's prose.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from studypaths import harness, sandbox

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "problems.schema.json"
SLOW_MARGIN = 3.0        # the slow solution still exceeds the limit when given SLOW_MARGIN times the CPU time
REFERENCE_MARGIN = 3.0   # the reference's slowest test uses at most limit / REFERENCE_MARGIN
CHECKER_MAX_ARGS_CHARS = 20_000  # the brute-force checker only reads tests this small (it is quadratic or worse)
CHARSETS = {
    "lowercase": frozenset("abcdefghijklmnopqrstuvwxyz"),
    "printable": frozenset(chr(c) for c in range(32, 127)),
}


# --- schema -------------------------------------------------------------------------------------------------------
def schema_problems(bundle: dict, source: str) -> list[str]:
    """Where a bank file breaks problems.schema.json (empty when it conforms)."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(bundle), key=lambda e: list(e.path))
    return [f"{source}: {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors[:10]]


# --- limits -------------------------------------------------------------------------------------------------------
def _leaves(value, kind: type):
    if isinstance(value, list):
        for item in value:
            yield from _leaves(item, kind)
    elif isinstance(value, kind) and not isinstance(value, bool):
        yield value


def _within(bounds: list, number: int) -> bool:
    return bounds[0] <= number <= bounds[1]


def _length_problem(spec: dict, value) -> str | None:
    if "length" in spec and isinstance(value, list | str) and not _within(spec["length"], len(value)):
        return f"length {len(value)} outside {spec['length']}"
    if "nodes" in spec and isinstance(value, list):
        nodes = sum(1 for v in value if v is not None)
        if not _within(spec["nodes"], nodes):
            return f"{nodes} nodes outside {spec['nodes']}"
    if "total" in spec and isinstance(value, list):
        total = sum(len(v) for v in value if isinstance(v, list | str))
        if not _within(spec["total"], total):
            return f"{total} items in all outside {spec['total']}"
    if "item_length" in spec and isinstance(value, list):
        bad = next((len(v) for v in value if isinstance(v, list | str) and not _within(spec["item_length"], len(v))),
                   None)
        if bad is not None:
            return f"an item of length {bad} outside {spec['item_length']}"
    return None


def _value_problem(spec: dict, value) -> str | None:
    if "values" in spec:
        bad = next((n for n in _leaves(value, int) if not _within(spec["values"], n)), None)
        if bad is not None:
            return f"value {bad} outside {spec['values']}"
    if "charset" in spec:
        allowed = CHARSETS[spec["charset"]]
        bad = next((c for s in _leaves(value, str) for c in s if c not in allowed), None)
        if bad is not None:
            return f"character {bad!r} outside {spec['charset']}"
    if spec.get("distinct") and isinstance(value, list):
        keys = [json.dumps(v) for v in value]
        if len(set(keys)) != len(keys):
            return "values are not distinct"
    if spec.get("sorted") and isinstance(value, list) and any(a > b for a, b in zip(value, value[1:], strict=False)):
        return "values are not sorted"
    return None


def limit_violations(data: dict) -> list[str]:
    """Every example and test of one bank problem checked against its `limits`."""
    names = [p["name"] for p in data["function"]["params"]]
    limits = data.get("limits", {})
    failures = [f"limits name unknown parameter {name!r}" for name in limits if name not in names]
    for test in data.get("examples", []) + data["tests"]:
        for name, value in zip(names, test["args"], strict=False):
            spec = limits.get(name, {})
            problem = _length_problem(spec, value) or _value_problem(spec, value)
            if problem:
                failures.append(f"test {test['name']!r} breaks the limits of {name}: {problem}")
    return failures


# --- unique answers -----------------------------------------------------------------------------------------------
def _checker_program(data: dict) -> str:
    spec = {**data["function"], "name": {"python": "all_answers"}, "returns": "any"}
    return harness.build_program(spec=spec, language="python", code=data["checker"]["python"])


def _same_answer(data: dict, answer, expected) -> bool:
    if data.get("compare") == "json_unordered" and isinstance(answer, list) and isinstance(expected, list):
        return sorted(json.dumps(a) for a in answer) == sorted(json.dumps(e) for e in expected)
    return answer == expected


def uniqueness_failures(data: dict) -> list[str]:
    """Run the shipped brute-force checker (in the sandbox) on every small test: exactly one valid answer, ours."""
    if not data.get("unique_answer"):
        return []
    if not (data.get("checker") or {}).get("python"):
        return ["promises a unique answer but ships no brute-force checker"]
    tests = [t for t in data.get("examples", []) + data["tests"]
             if len(json.dumps(t["args"])) <= CHECKER_MAX_ARGS_CHARS]
    runs = [{"name": t["name"], "stdin": harness.call_stdin(t["args"]), "expected_stdout": "", "compare": "exact"}
            for t in tests]
    result = sandbox.run_submission(language="python", code=_checker_program(data), tests=runs,
                                    limits=replace(sandbox.LANGUAGES["python"].default_limits, cpu_seconds=10.0))
    failures = []
    for test, outcome in zip(tests, result.tests, strict=False):
        try:
            answers = json.loads(outcome.stdout)
        except (TypeError, ValueError):
            failures.append(f"checker failed on test {test['name']!r}: {outcome.verdict}")
            continue
        if len(answers) != 1 or not _same_answer(data, answers[0], test["expected"]):
            failures.append(f"test {test['name']!r} has {len(answers)} valid answers, the statement promises one")
    return failures


# --- complexity ---------------------------------------------------------------------------------------------------
def complexity_failures(*, data: dict, problem, judge) -> list[str]:
    """The slow solution exceeds SLOW_MARGIN x the limit on the largest test; the reference keeps a margin too.

    `judge(problem=, language=, code=, limits=, tests=)` runs code through the sandbox (studypaths.services)."""
    if not data.get("complexity"):
        return []
    slow = (data.get("slow") or {}).get("python")
    if not slow:
        return [f"promises {data['complexity']} but ships no slow solution"]
    limit = problem.cpu_seconds
    failures = []
    reference = judge(problem=problem, language="python", code=problem.reference_solutions["python"])
    slowest = max((t.runtime_ms for t in reference.tests), default=0) / 1000
    if slowest > limit / REFERENCE_MARGIN:
        failures.append(f"reference needs {slowest:.2f} s of the {limit:g} s limit (keep it under "
                        f"{limit / REFERENCE_MARGIN:.2f} s)")
    largest = max(problem.tests.all(), key=lambda t: len(json.dumps(t.args)))
    result = judge(problem=problem, language="python", code=slow, tests=[largest],
                   limits={"cpu_seconds": min(limit * SLOW_MARGIN, 10.0)})
    if result.verdict != sandbox.TIME_LIMIT:
        failures.append(f"slow solution ({data['complexity']} promised) got {result.verdict} on {largest.name!r} "
                        f"with {SLOW_MARGIN:g}x the time limit; the tests do not enforce the promise")
    return failures
