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

# Each prefix takes exactly one line, so the candidate's line N runs as line N + 1; `as_written` turns the program's
# error output back into the candidate's line numbers.
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


# A frame or location in the program's error output: Python's `File "solution.py", line 4, in add` (a syntax error's
# has no ", in"), the launcher's own frame; Node's `solution.js:4`, `at add (solution.js:4:18)`, `at solution.js:41:3`,
# the launcher's and Node's internals, and its closing "Node.js v20..." line.
_PY_FRAME = re.compile(r'^(\s*File "solution\.py", line )(\d+)(.*)$')
_PY_LAUNCHER = re.compile(r'^\s*File "/sandbox/launch\.py", line \d+')
_JS_AT = re.compile(r"^\s+at (?:.*\(|)(?:solution\.js:(\d+):\d+|/sandbox/launch\.js:|node:)")
_JS_PLACE = re.compile(r"solution\.js:(\d+)")
_JS_VERSION = re.compile(r"^Node\.js v\d+")


def as_written(output: str, *, language: str, code: str) -> str:
    """`output` (a run's stderr) with the candidate's line numbers, and without the harness's and launcher's frames,
    which only confused ("line 73, in _im_main" under a candidate's 5-line function)."""
    if not output:
        return output
    last = code.count("\n") + (0 if code.endswith("\n") else 1)  # the candidate's last line
    lines = output.split("\n")
    kept = (_python_lines if language == "python" else _javascript_lines)(lines, last)
    return "\n".join(kept)


def _python_lines(lines: list[str], last: int) -> list[str]:
    kept: list[str] = []
    skip_source = False
    for line in lines:
        if skip_source and line.startswith("    ") and not line.lstrip().startswith("File "):
            skip_source = False  # the launcher frame's source line ("exec(_code, ...)")
            continue
        skip_source = False
        if _PY_LAUNCHER.match(line):
            skip_source = True
            continue
        frame = _PY_FRAME.match(line)
        if frame:
            number = int(frame.group(2)) - LINE_OFFSET
            if ", in " in frame.group(3) and not 1 <= number <= last:
                continue  # a frame of the harness around the candidate's code
            line = f"{frame.group(1)}{min(max(number, 1), last)}{frame.group(3)}"
        kept.append(line)
    return kept


def _javascript_lines(lines: list[str], last: int) -> list[str]:
    kept: list[str] = []
    for line in lines:
        frame = _JS_AT.match(line)
        if frame and not (frame.group(1) and 1 <= int(frame.group(1)) - LINE_OFFSET <= last):
            continue  # the harness's, the launcher's or Node's own frame
        if _JS_VERSION.match(line):
            continue
        kept.append(_JS_PLACE.sub(lambda m: f"solution.js:{min(max(int(m.group(1)) - LINE_OFFSET, 1), last)}", line))
    while kept and not kept[-1].strip():
        kept.pop()
    return kept
