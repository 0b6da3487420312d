"""Presentation of problems and code runs on the practice pages: verdict labels, call arguments, sizes."""

from __future__ import annotations

import functools
import json
import re
import secrets

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

VERDICT_LABELS = {
    "accepted": "Accepted",
    "wrong_answer": "Wrong answer",
    "time_limit": "Time limit exceeded",
    "memory_limit": "Memory limit exceeded",
    "output_limit": "Output limit exceeded",
    "runtime_error": "Runtime error",
    "compile_error": "Compile error",
    "sandbox_error": "Sandbox error",
    "skipped": "Not run",  # after a compile error, a limit or the first failing hidden test
}


@register.filter
def verdict_label(verdict: str) -> str:
    return VERDICT_LABELS.get(verdict or "", (verdict or "").replace("_", " ").capitalize())


@register.filter
def verdict_tone(verdict: str) -> str:
    """A CSS modifier: good (accepted), muted (skipped/none), warn (limits) or bad (everything else)."""
    if verdict == "accepted":
        return "good"
    if verdict in ("", None, "skipped"):
        return "muted"
    if verdict in ("time_limit", "memory_limit", "output_limit"):
        return "warn"
    return "bad"


@register.filter
def first_hidden_failure(result) -> str:
    """The name of the hidden test a submission stopped at (judging stops at the first failing hidden test and does
    not run the rest), or "" when none failed."""
    for test in (result or {}).get("tests") or []:
        if not test.get("public") and test.get("verdict") not in ("accepted", "skipped", None):
            return str(test.get("name") or "")
    return ""


@register.filter
def time_is_lower_bound(result) -> bool:
    """A run's CPU time sums its public examples: one stopped at the time limit (it reports the limit) makes the sum
    a lower bound, shown with "≥" as that example's own row is (`selectors.StoppedExample` for the runs table)."""
    tests = (result or {}).get("tests") or []
    return any(test.get("public") and test.get("verdict") == "time_limit" for test in tests)


def _seconds(value) -> str:
    return f"{float(value):g} s"


@register.filter
def time_limit_message(test) -> str:
    """Which limit a test stopped at the time limit hit, in words (sandbox.TestResult.stopped_by): a program that only
    sleeps used almost no CPU, and "≥ 2000 ms" of CPU named the wrong limit. Empty for a result judged before the
    sandbox said (the "≥ N ms" it showed then stays)."""
    test = test or {}
    seconds = test.get("limit_seconds")
    if test.get("verdict") != "time_limit" or seconds is None:
        return ""
    return {"cpu": f"used more than the {_seconds(seconds)} CPU-time limit",
            "wall": f"took longer than the {_seconds(seconds)} wall-clock limit",
            "budget": f"took longer than the submission's {_seconds(seconds)} wall-clock limit"}.get(
        test.get("stopped_by"), "")


@register.filter
def wall_clock_stop(result) -> str:
    """The message of the first public example stopped at the wall clock, if one was: the run's CPU figure is then
    not a CPU time (the sandbox reports the CPU limit for a test it could not measure), so the summary says this."""
    for test in (result or {}).get("tests") or []:
        if test.get("public") and test.get("stopped_by") in ("wall", "budget"):
            return time_limit_message(test)
    return ""


@register.filter
def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@register.filter
def call_args(args, params) -> str:
    """`nums = [2, 7], target = 9` from a test's args and the function's parameter list."""
    names = [p.get("name", f"arg{i + 1}") for i, p in enumerate(params or [])]
    parts = []
    for i, value in enumerate(args or []):
        name = names[i] if i < len(names) else f"arg{i + 1}"
        parts.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return ", ".join(parts)


@register.filter
def memory(kb) -> str:
    if kb in (None, ""):
        return "–"
    kb = int(kb)
    return f"{kb / 1024:.1f} MB" if kb >= 1024 else f"{kb} KB"


@register.filter
def difficulty_dots(level) -> str:
    level = int(level or 0)
    return "●" * level + "○" * (5 - level)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@functools.lru_cache(maxsize=64)
def best_cell(best) -> str:
    """The "Your best" cell for one BestVerdict (or None): a handful of distinct ones, each rendered once."""
    return render_to_string("studypaths/_best_cell.html", {"best": best})


class BestSlots:
    """Each table row gets a slot instead of its "Your best" cell (`problem_rows`); the tables are rendered once and
    cut at the slots with `split`, and each request fills them with its user's cells (studypaths.views). The marker
    carries a per-process random part, so no text from the bank can imitate it."""

    MARK = f"<!--best-slot-{secrets.token_hex(8)}:"
    PATTERN = re.compile(re.escape(MARK) + r"(\d+)-->")

    @classmethod
    def slot(cls, problem_id: int) -> str:
        return f"{cls.MARK}{problem_id}-->"

    @classmethod
    def split(cls, html: str) -> list[str]:
        """[text, id, text, id, ..., text]."""
        return cls.PATTERN.split(html)


@register.simple_tag
def problem_rows(problems) -> str:
    """A module's problem table rows: each problem's shared cells, rendered once in the catalogue
    (`studypaths/_problem_cells.html`), then a slot for the user's best-verdict cell (`best_cell`, filled per request
    by studypaths.views)."""
    # The cells are SafeStrings the template engine produced (every value in them escaped there).
    return mark_safe("".join(f"<tr role=\"row\">{problem.cells}{BestSlots.slot(problem.id)}</tr>"  # noqa: S308
                             for problem in problems))


def _field(run, name: str) -> int:
    value = run.get(name) if isinstance(run, dict) else getattr(run, name, None)
    return int(value or 0)


@register.filter
def test_tally(run) -> str:
    """A run's tests as "2 passed · 1 failed · 9 not run" (a result dict or a past run's `passed`, `total` and
    `skipped`): "2/12 tests passed" beside "Wrong answer" read as 10 failures when 9 were not run (judging stops at
    the first failing hidden test). Zero failed or not run is left out: "5 passed"."""
    passed, total, skipped = _field(run, "passed"), _field(run, "total"), _field(run, "skipped")
    failed = max(0, total - passed - skipped)
    parts = [f"{passed} passed", f"{failed} failed" if failed else "", f"{skipped} not run" if skipped else ""]
    return " · ".join(part for part in parts if part)


@register.filter
def stopped_sentence(result) -> str:
    """Why a submission's later hidden tests were not run, in words: "Stopped at the first failing hidden test
    (“Empty string”); the 9 after it were not run." ("" when no hidden test failed: a compile error, a limit)."""
    failed, skipped = first_hidden_failure(result), _field(result or {}, "skipped")
    if not failed or not skipped:
        return ""
    rest = "the one after it was not run" if skipped == 1 else f"the {skipped} after it were not run"
    return f"Stopped at the first failing hidden test (“{failed[:1].upper()}{failed[1:]}”); {rest}."
