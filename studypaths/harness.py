"""Per-language harnesses: turn a problem written as a function into a program reading one JSON call from stdin.

The harness prints the function's return value as JSON on the real stdout; the candidate's own prints go to stderr,
so debugging output never breaks a comparison. ListNode and TreeNode parameters arrive as lists (level order with
nulls for trees) and are converted both ways. Expected values stay outside: only `{"args": [...]}` goes in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "harness_templates"
# The harness programs are real source files (linted by ruff, readable by eslint), joined around the candidate's code.
PYTHON_PREFIX = (TEMPLATES / "python_prefix.py").read_text()
PYTHON_SUFFIX = (TEMPLATES / "python_suffix.py").read_text()
JAVASCRIPT_PREFIX = (TEMPLATES / "javascript_prefix.js").read_text()
JAVASCRIPT_SUFFIX = (TEMPLATES / "javascript_suffix.js").read_text()
# What the problem page tells candidates about recursion (the Python number is read from the template itself).
PYTHON_RECURSION_LIMIT = int(re.search(r"setrecursionlimit\((\d+)\)", PYTHON_PREFIX).group(1))
JAVASCRIPT_STACK_NOTE = "about 10,000 nested calls (Node's default stack)"

# Each prefix takes exactly one line, so the candidate's line N is reported as line N + 1.
PYTHON_PREFIX_LINE = f"exec({PYTHON_PREFIX!r})\n"
JAVASCRIPT_PREFIX_LINE = " ".join(line.strip() for line in JAVASCRIPT_PREFIX.splitlines()) + "\n"
LINE_OFFSET = 1


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not an identifier: {name!r}")
    return name


def build_program(*, spec: dict, language: str, code: str) -> str:
    """The candidate's code wrapped in the harness for `language` (spec = Problem.function_spec)."""
    name = _identifier(spec["name"][language])
    types = [p.get("type", "") for p in spec.get("params", [])]
    returns = spec.get("returns", "")
    if language == "python":
        header = f"_IM_NAME = {name!r}\n_IM_TYPES = {types!r}\n_IM_RETURNS = {returns!r}\n"
        return PYTHON_PREFIX_LINE + code + "\n" + header + PYTHON_SUFFIX
    if language == "javascript":
        header = (f"const __IM_NAME = {json.dumps(name)}; const __IM_TYPES = {json.dumps(types)}; "
                  f"const __IM_RETURNS = {json.dumps(returns)};\n"
                  f"const __IM_FN = (typeof {name} === 'function') ? {name} : undefined;\n")
        return JAVASCRIPT_PREFIX_LINE + code + "\n;\n" + header + JAVASCRIPT_SUFFIX
    raise ValueError(f"no harness for {language}")


def call_stdin(args: list) -> str:
    return json.dumps({"args": args})


def expected_stdout(value) -> str:
    return json.dumps(value)
