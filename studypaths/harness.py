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
# has no ", in"), the launcher's own frame (in /sandbox, or the host's temporary directory without namespaces); Node's
# `solution.js:4`, `at add (solution.js:4:18)`, `at solution.js:41:3`, the launcher's and Node's internals, and its
# closing "Node.js v20..." line.
_PY_FRAME = re.compile(r'^(\s*File "solution\.py", line )(\d+)(.*)$')
_PY_LAUNCHER = re.compile(r'^\s*File "[^"]*launch\.py", line \d+')
_PY_CARETS = re.compile(r"^\s+[\^~]+\s*$")
# A compile error's message may name a line of the program ("expected an indented block after function definition
# on line 2", "unterminated triple-quoted string literal (detected at line 80)").
_PY_COMPILE_MESSAGE = re.compile(r"^(?:SyntaxError|IndentationError|TabError): ")
_PY_MESSAGE_LINE = re.compile(r"\b(line )(\d+)")
_PY_WARNING = re.compile(r"^(solution\.py:)(\d+)(: \w*Warning: .*)$")  # "solution.py:3: SyntaxWarning: ..."
_JS_AT = re.compile(r"^\s+at (?:.*\(|)(?:solution\.js:(\d+):\d+|[^\s()]*launch\.js:|node:)")
_JS_PLACE = re.compile(r"solution\.js:(\d+)")
_JS_HEADER = re.compile(r"^solution\.js:(\d+)$")
_JS_VERSION = re.compile(r"^Node\.js v\d+")


def as_written(output: str, *, language: str, code: str) -> str:
    """`output` (a run's stderr) with the candidate's line numbers, and without the harness's and launcher's frames,
    which only confused ("line 73, in _im_main" under a candidate's 5-line function). A compile error the harness's
    lines made visible (a block or a function left open at the end of the code, found on the harness's next line)
    points at the candidate's last line, with its text instead of the harness's."""
    if not output:
        return output
    last = code.count("\n") + (0 if code.endswith("\n") else 1)  # the candidate's last line
    written = code.split("\n")
    ending = next((n for n in range(len(written), 0, -1) if written[n - 1].strip()), 1)  # their last non-blank line
    lines = output.split("\n")
    if language == "python":
        kept = _python_lines(lines, last, ending=(ending, written[ending - 1] if written else ""))
    else:
        kept = _javascript_lines(lines, last, ending=(ending, written[ending - 1] if written else ""))
    return "\n".join(kept)


def _is_source(line: str) -> bool:
    return line.startswith("    ") and not line.lstrip().startswith("File ")


def _python_message(line: str, last: int) -> str:
    """A compile error's message or a compile warning with the candidate's line numbers."""
    def theirs(number: str) -> int:
        return min(max(int(number) - LINE_OFFSET, 1), last)

    if _PY_COMPILE_MESSAGE.match(line):
        return _PY_MESSAGE_LINE.sub(lambda m: f"{m.group(1)}{theirs(m.group(2))}", line)
    warning = _PY_WARNING.match(line)
    if warning:
        return f"{warning.group(1)}{theirs(warning.group(2))}{warning.group(3)}"
    return line


def _python_lines(lines: list[str], last: int, *, ending: tuple[int, str]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if _PY_LAUNCHER.match(line):
            while index < len(lines) and (_is_source(lines[index]) or _PY_CARETS.match(lines[index])):
                index += 1  # the launcher frame's source line ("exec(_code, ...)") and its carets
            continue
        line = _python_message(line, last)
        frame = _PY_FRAME.match(line)
        if frame:
            number = int(frame.group(2)) - LINE_OFFSET
            if ", in " in frame.group(3):
                if not 1 <= number <= last:
                    continue  # a frame of the harness around the candidate's code
            elif number > ending[0]:
                # A compile error past the candidate's code, on the harness's lines: their last line, not its text.
                kept += [f"{frame.group(1)}{ending[0]}{frame.group(3)}", "    " + ending[1].strip()]
                while index < len(lines) and (_is_source(lines[index]) or _PY_CARETS.match(lines[index])):
                    index += 1
                continue
            line = f"{frame.group(1)}{min(max(number, 1), last)}{frame.group(3)}"
        kept.append(line)
    return kept


def _javascript_lines(lines: list[str], last: int, *, ending: tuple[int, str]) -> list[str]:
    kept: list[str] = []
    header = _JS_HEADER.match(lines[0])
    if header and int(header.group(1)) - LINE_OFFSET > ending[0]:
        # Where Node stopped is the harness's line (its source under it, a caret under that, a blank line).
        rest = lines[1:]
        while rest and rest[0].strip():
            rest = rest[1:]
        error = next((line for line in rest if line.strip()), "")
        if error.startswith("SyntaxError"):  # found past the candidate's code (a function left open): their last line
            lines = [f"solution.js:{ending[0] + LINE_OFFSET}", ending[1], *rest]
        else:  # thrown by the harness itself ("define a function named add"): no place of theirs to show
            lines = rest[1:] if rest and not rest[0].strip() else rest
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
