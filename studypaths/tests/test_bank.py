"""The shipped problem bank, its loader and the reference check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from studypaths import harness, sandbox
from studypaths.errors import InvalidProblemData
from studypaths.models import Module, Problem, ProblemTest, Track
from studypaths.rendering import render_markdown
from studypaths.services import DEFAULT_BANK_DIR, check_problem, judge_code, load_problem_bank
from studypaths.tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def _bank() -> list[dict]:
    problems = []
    for path in sorted(DEFAULT_BANK_DIR.glob("*.json")):
        if path.name != "tracks.json":
            problems += json.loads(path.read_text())["problems"]
    return problems


def test_shipped_bank_has_60_problems_in_8_modules_with_8_hidden_tests_each():
    report = load_problem_bank()
    assert len(report.slugs) >= 60
    assert Module.objects.count() >= 8
    assert Problem.objects.values("module").distinct().count() >= 8
    for problem in Problem.objects.prefetch_related("tests"):
        hidden = [t for t in problem.tests.all() if not t.is_public]
        assert len(hidden) >= 8, problem.slug
        assert any(t.is_public for t in problem.tests.all()), problem.slug
        assert set(problem.languages) == {"python", "javascript"}, problem.slug
        assert problem.reference_solutions["python"] and problem.reference_solutions["javascript"]
        assert problem.starter_code["python"] and problem.starter_code["javascript"]
    assert Track.objects.filter(slug="faang-coding-prep").get().modules.count() == Module.objects.count()


def test_bank_edge_cases_are_named_and_values_stay_exact_in_javascript():
    for problem in _bank():
        assert 1 <= problem["difficulty"] <= 5
        for test in problem["examples"] + problem["tests"]:
            assert abs(test["expected"]) < 2**53 if isinstance(test["expected"], int) else True, problem["slug"]


def test_loading_twice_changes_nothing():
    first = load_problem_bank()
    tests_before = list(ProblemTest.objects.order_by("id").values_list("id", flat=True))
    second = load_problem_bank()
    assert first.created == len(first.slugs)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(first.slugs))
    assert list(ProblemTest.objects.order_by("id").values_list("id", flat=True)) == tests_before


def test_loading_an_edited_file_updates_the_problem_and_its_tests(tmp_path):
    bundle = json.loads(next(DEFAULT_BANK_DIR.glob("01-*.json")).read_text())
    target = tmp_path / "01-mod.json"
    target.write_text(json.dumps(bundle))
    load_problem_bank(directory=tmp_path)
    bundle["problems"][0]["title"] = "Renamed"
    bundle["problems"][0]["tests"] = bundle["problems"][0]["tests"][:-1]
    target.write_text(json.dumps(bundle))
    report = load_problem_bank(directory=tmp_path)
    problem = Problem.objects.get(slug=bundle["problems"][0]["slug"])
    assert report.updated == 1
    assert problem.title == "Renamed"
    assert problem.tests.filter(is_public=False).count() == len(bundle["problems"][0]["tests"])


def test_invalid_problem_file_is_rejected_and_loads_nothing(tmp_path):
    bundle = json.loads(next(DEFAULT_BANK_DIR.glob("01-*.json")).read_text())
    bundle["problems"][1]["difficulty"] = 9
    (tmp_path / "01-bad.json").write_text(json.dumps(bundle))
    with pytest.raises(InvalidProblemData, match="difficulty"):
        load_problem_bank(directory=tmp_path)
    assert Problem.objects.count() == 0


def test_empty_directory_is_an_error(tmp_path):
    with pytest.raises(InvalidProblemData):
        load_problem_bank(directory=Path(tmp_path))


def test_statement_markdown_is_rendered_and_sanitised():
    html = render_markdown("**bold** `code`\n\n<script>alert(1)</script><a href='javascript:x()'>x</a>")
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "<script" not in html and "javascript:" not in html


def test_reference_passes_and_starter_fails_for_a_good_problem(bubblewrap):
    problem = ProblemFactory()
    check = check_problem(problem=problem)
    assert check.ok, check.failures
    assert check.hidden_tests == 8


def test_reference_check_reports_a_wrong_reference_and_a_passing_starter(bubblewrap):
    problem = ProblemFactory(reference_solutions={"python": "def add(a, b):\n    return a - b\n",
                                                  "javascript": "function add(a, b) { return a + b; }"},
                             starter_code={"python": "def add(a, b):\n    return a + b\n",
                                           "javascript": "function add(a, b) {}"})
    check = check_problem(problem=problem)
    assert not check.ok
    assert any(f.startswith("python reference fails") for f in check.failures)
    assert "python starter code passes every test" in check.failures
    # the bank's own check runs every hidden test (a candidate's submission stops at the first that fails)
    failing = next(f for f in check.failures if f.startswith("python reference fails"))
    assert "hidden 2=wrong_answer" in failing and "hidden 9=wrong_answer" not in failing
    assert "hidden 8=wrong_answer" in failing and "skipped" not in failing


def test_check_problems_command_fails_on_a_bad_problem(bubblewrap):
    ProblemFactory(slug="broken", reference_solutions={"python": "def add(a, b):\n    return 0\n",
                                                       "javascript": "function add(a, b) { return a + b; }"})
    with pytest.raises(CommandError, match="broken"):
        call_command("check_problems", "broken")


@pytest.mark.parametrize("slug", ["invert-binary-tree"])
def test_shipped_references_pass_through_the_harness(bubblewrap, slug):
    """A quick sample of the bank (CI runs `manage.py check_problems --load` over all of it)."""
    load_problem_bank()
    problem = Problem.objects.prefetch_related("tests").get(slug=slug)
    for language in ("python", "javascript"):
        result = judge_code(problem=problem, language=language, code=problem.reference_solutions[language])
        assert result.verdict == sandbox.ACCEPTED, (language, result.as_dict())


# --- the harness: candidates cannot fake a pass --------------------------------------------------------------------

FAKES = {
    "exit before the harness runs": ("import sys\nsys.exit(0)\n", sandbox.WRONG_ANSWER),
    "print the answer shape": ("print(3)\ndef add(a, b):\n    print(a + b)\n", sandbox.WRONG_ANSWER),
    "monkeypatch json.dumps": ("import json\njson.dumps = lambda *a, **k: '3'\ndef add(a, b):\n    return 0\n",
                               sandbox.WRONG_ANSWER),
    "raise SystemExit inside": ("def add(a, b):\n    raise SystemExit(0)\n", sandbox.WRONG_ANSWER),
    "patch the output stream": ("import sys\nsys.__stdout__.write('3\\n')\ndef add(a, b):\n    return None\n",
                                sandbox.WRONG_ANSWER),
    "no function": ("x = 1\n", sandbox.RUNTIME_ERROR),
}


@pytest.mark.parametrize("case", sorted(FAKES))
def test_faking_a_pass_does_not_get_accepted(bubblewrap, case):
    code, verdict = FAKES[case]
    problem = ProblemFactory()
    result = judge_code(problem=problem, language="python", code=code)
    assert result.verdict == verdict, result.as_dict()
    assert result.passed < len(result.tests)


def test_debug_prints_do_not_break_a_correct_answer(bubblewrap):
    problem = ProblemFactory()
    py_code = "def add(a, b):\n    print('debug', a)\n    return a + b\n"
    js_code = "function add(a, b) { console.log('dbg'); return a + b; }"
    py = judge_code(problem=problem, language="python", code=py_code)
    js = judge_code(problem=problem, language="javascript", code=js_code)
    assert (py.verdict, js.verdict) == (sandbox.ACCEPTED, sandbox.ACCEPTED)
    assert "debug" in py.tests[0].stderr


def test_expected_outputs_never_enter_the_sandbox(bubblewrap):
    """The program's files and stdin carry the call's arguments only; the expected value stays outside."""
    from studypaths.services import sandbox_tests

    problem = ProblemFactory(with_tests=False)
    ProblemTest.objects.create(problem=problem, name="hidden", args=[1000000, 2345], expected=1002345)
    tests = sandbox_tests(problem=problem, tests=list(problem.tests.all()))
    assert tests[0]["stdin"] == '{"args": [1000000, 2345]}'
    code = ("import os, sys\nsecret = str(1000000 + 2345)\n"
            "for name in sorted(os.listdir('/sandbox')):\n"
            "    print(name, secret in open('/sandbox/' + name).read(), file=sys.stderr)\n"
            "print('stdin-has-it', secret.encode() in os.read(0, 65536), file=sys.stderr)\n"
            "def add(a, b):\n    return a + b\n")
    seen = judge_code(problem=problem, language="python", code=code).tests[0]
    # (the harness then finds stdin consumed and fails: only what the program could see matters here)
    assert seen.stderr.split()[:6] == ["launch.py", "False", "main.py", "False", "stdin-has-it", "False"]


@pytest.mark.parametrize(("language", "code", "line"), [
    ("python", "def add(a, b):\n    x = 1\n    raise ValueError('on line 3')\n", 'solution.py", line 3, in add'),
    ("javascript", "function add(a, b) {\n  throw new Error('on line 2');\n}\n", "at add (solution.js:2:"),
])
def test_errors_point_at_the_candidates_own_line_without_the_harness_frames(bubblewrap, language, code, line):
    result = judge_code(problem=ProblemFactory(), language=language, code=code)
    assert result.verdict == sandbox.RUNTIME_ERROR
    stderr = result.tests[0].stderr
    assert line in stderr
    # the one harness line above the code, the harness's main and the launcher are not the candidate's business
    for harness_part in ("launch.py", "launch.js", "_im_main", "__imMain", "line 73", "node:internal", "Node.js v"):
        assert harness_part not in stderr, (harness_part, stderr)


@pytest.mark.parametrize(("language", "code", "line"), [
    ("python", "def add(a, b)\n    return a + b\n", 'solution.py", line 1'),
    ("python", "def add(a, b):\n    return (a,\n", 'solution.py", line 2'),
    ("javascript", "function add(a, b) {\n  return a +;\n}\n", "solution.js:2"),
])
def test_a_syntax_error_names_the_candidates_line(bubblewrap, language, code, line):
    result = judge_code(problem=ProblemFactory(), language=language, code=code)
    assert result.verdict == sandbox.COMPILE_ERROR
    assert line in result.compile_output and "launch." not in result.compile_output


def test_a_python_error_in_a_helper_keeps_both_of_the_candidates_frames(bubblewrap):
    code = "def add(a, b):\n    return helper(a)\n\ndef helper(a):\n    return a / 0\n"
    stderr = judge_code(problem=ProblemFactory(), language="python", code=code).tests[0].stderr
    assert 'solution.py", line 2, in add' in stderr and 'solution.py", line 5, in helper' in stderr
    assert "ZeroDivisionError" in stderr and "_im_main" not in stderr


# What a candidate must never read in their error: the launcher's cache lookup and its chained exception, the sandbox's
# paths, the launcher and the harness (its frames, names and source lines).
HARNESS_INTERNALS = ("FileNotFoundError", "During handling", "main.code", "/sandbox", "/tmp/", "launch.", "_im_",
                     "_IM_", "__im", "__IM_", "Node.js v", "node:")


NO_BODY = "IndentationError: expected an indented block after function definition"


def assert_only_the_candidates_error(output: str) -> None:
    for part in HARNESS_INTERNALS:
        assert part not in output, (part, output)


@pytest.mark.parametrize(("code", "first_line", "error"), [
    # the review's case: a missing colon
    ("def add(a, b)\n    return a + b\n",
     '  File "solution.py", line 1', "SyntaxError: expected ':'"),
    ("def add(a, b):\nreturn a + b\n",
     '  File "solution.py", line 2', f"{NO_BODY} on line 1"),
    ("def add(a, b):\n    x = a\n      return x + b\n",
     '  File "solution.py", line 3', "IndentationError: unexpected indent"),
    ("def add(a, b):\n        x = a\n\treturn x + b\n",
     '  File "solution.py", line 3', "TabError: inconsistent use of tabs and spaces in indentation"),
    # a block left open at the end: Python finds it on the harness's next line, which is not the candidate's to read
    ("def add(a, b):\n    return a + b\n\ndef helper(x):\n",
     '  File "solution.py", line 4', f"{NO_BODY} on line 4"),
    ('def add(a, b):\n    return """a + b\n',
     '  File "solution.py", line 2', "SyntaxError: unterminated triple-quoted string literal (detected at line 2)"),
])
def test_a_python_compile_error_is_only_the_candidates_own_on_their_line(bubblewrap, code, first_line, error):
    """Run examples with `def reverse_words(s)` (no colon) showed 'FileNotFoundError: ... /sandbox/main.code', 'During
    handling of the above exception, another exception occurred:' above the SyntaxError; line numbers inside the
    message counted the harness's line ("on line 2" for the candidate's line 1)."""
    result = judge_code(problem=ProblemFactory(), language="python", code=code, public_only=True)
    assert result.verdict == sandbox.COMPILE_ERROR
    output = result.compile_output
    assert output.split("\n")[0] == first_line, output
    assert output.rstrip("\n").split("\n")[-1] == error, output
    assert_only_the_candidates_error(output)


def test_a_block_left_open_at_the_end_shows_the_candidates_last_line_not_the_harnesss():
    """Python reports an unfinished block on the harness line after the code (`_IM_NAME = 'add'`), clamped onto the
    candidate's last line but with the harness's text under it."""
    stderr = f'  File "solution.py", line 8\n    _IM_NAME = \'add\'\n    ^^^^^^^^\n{NO_BODY} on line 5\n'
    code = "def add(a, b):\n    return a + b\n\n    def helper(x):\n\n"
    assert harness.as_written(stderr, language="python", code=code).split("\n") == [
        '  File "solution.py", line 4', "    def helper(x):", f"{NO_BODY} on line 4", ""]


@pytest.mark.parametrize(("code", "frame", "error"), [
    ("x = 1\nraise ValueError('at import')\n\ndef add(a, b):\n    return a + b\n",
     'File "solution.py", line 2, in <module>', "ValueError: at import"),
    ("def add(a, b):\n    total = a\n    return total + missing\n",
     'File "solution.py", line 3, in add', "NameError: name 'missing' is not defined"),
])
def test_a_python_runtime_error_is_only_the_candidates_own_on_their_line(bubblewrap, code, frame, error):
    result = judge_code(problem=ProblemFactory(), language="python", code=code, public_only=True)
    assert result.verdict == sandbox.RUNTIME_ERROR
    stderr = result.tests[0].stderr
    assert stderr.split("\n")[:2] == ["Traceback (most recent call last):", f"  {frame}"], stderr
    assert stderr.rstrip("\n").split("\n")[-1] == error, stderr
    assert_only_the_candidates_error(stderr)


@pytest.mark.parametrize(("code", "place", "error"), [
    # an unclosed function: Node stops on the harness's last line ("})"), which was shown as the candidate's line 2
    ("function add(a, b) {\n  return a + b;\n", ["solution.js:2", "  return a + b;", ""], "SyntaxError: "),
    ("function add(a, b) {\n  return a +;\n}\n", ["solution.js:2", "  return a +;", "            ^"],
     "SyntaxError: Unexpected token ';'"),
])
def test_a_javascript_compile_error_is_only_the_candidates_own(bubblewrap, code, place, error):
    result = judge_code(problem=ProblemFactory(), language="javascript", code=code, public_only=True)
    assert result.verdict == sandbox.COMPILE_ERROR
    output = result.compile_output
    assert output.split("\n")[:len(place)] == place, output
    assert error in output and "})" not in output
    assert_only_the_candidates_error(output)


@pytest.mark.parametrize(("code", "error"), [
    ("const x = 1;\nthrow new Error('at load');\n", "Error: at load"),
    ("function add(a, b) {\n  const total = a;\n  return total + missing;\n}\n",
     "ReferenceError: missing is not defined"),
    ("function sum(a, b) {\n  return a + b;\n}\n", "Error: define a function named add"),
])
def test_a_javascript_runtime_error_is_only_the_candidates_own(bubblewrap, code, error):
    result = judge_code(problem=ProblemFactory(), language="javascript", code=code, public_only=True)
    assert result.verdict == sandbox.RUNTIME_ERROR
    stderr = result.tests[0].stderr
    assert error in stderr
    assert_only_the_candidates_error(stderr)


def test_a_python_compile_warning_names_the_candidates_line(bubblewrap):
    """`solution.py:3: SyntaxWarning: "is" with a literal` was the harness's count for the candidate's line 2."""
    code = "def add(a, b):\n    if a is 1:\n        return 1 + b\n    return a + b\n"
    result = judge_code(problem=ProblemFactory(), language="python", code=code, public_only=True)
    assert result.verdict == sandbox.ACCEPTED
    stderr = result.tests[0].stderr
    assert stderr.startswith('solution.py:2: SyntaxWarning: "is" with a literal'), stderr


def test_the_launchers_frames_are_dropped_wherever_the_box_is():
    """Without namespaces (SANDBOX_ALLOW_RLIMITS_ONLY) the launcher runs from the host's temporary directory, not
    /sandbox: its frame carried that path into the candidate's traceback."""
    python = ('Traceback (most recent call last):\n'
              '  File "/tmp/im-sbx-k2j4/box/launch.py", line 26, in <module>\n'
              '    exec(_code, {"__name__": "__main__", "__builtins__": __builtins__})\n'
              '  File "solution.py", line 3, in <module>\nValueError: at import\n')
    assert harness.as_written(python, language="python", code="x = 1\nraise ValueError('at import')\n") == (
        'Traceback (most recent call last):\n  File "solution.py", line 2, in <module>\nValueError: at import\n')
    javascript = ("Error: at load\n    at solution.js:3:7\n"
                  "    at Object.<anonymous> (/tmp/im-sbx-k2j4/box/launch.js:15:26)\n"
                  "    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n")
    assert harness.as_written(javascript, language="javascript", code="const x = 1;\nthrow new Error('at load');\n") \
        == "Error: at load\n    at solution.js:2:7"


def test_load_demo_also_loads_the_problem_bank_idempotently():
    call_command("load_demo")
    count = Problem.objects.count()
    call_command("load_demo")
    assert count >= 60
    assert Problem.objects.count() == count


def test_judge_code_runs_the_public_examples_before_the_hidden_tests(monkeypatch):
    """A public example run after hidden tests was cut at what they left of the submission's wall budget, and so its
    figures (and its verdict) told how long the hidden tests took. The examples now run first, in their order."""
    problem = ProblemFactory(with_tests=False)
    for position, (name, public) in enumerate([("hidden 1", False), ("example 1", True), ("hidden 2", False),
                                               ("example 2", True)]):
        ProblemTest.objects.create(problem=problem, name=name, args=[1, 2], expected=3, is_public=public,
                                   position=position)
    seen = []

    def fake_run(*, tests, **kwargs):
        seen.extend(t["name"] for t in tests)
        return sandbox.SandboxResult(verdict=sandbox.ACCEPTED, language="python", mode=sandbox.MODE_BUBBLEWRAP)

    monkeypatch.setattr(sandbox, "run_submission", fake_run)
    given = list(problem.tests.all())
    judge_code(problem=problem, language="python", code=problem.reference_solutions["python"], tests=given)
    assert seen == ["example 1", "example 2", "hidden 1", "hidden 2"]
    assert [t.name for t in given] == ["hidden 1", "example 1", "hidden 2", "example 2"]  # the caller's list as it was
    seen.clear()
    judge_code(problem=problem, language="python", code=problem.reference_solutions["python"])
    assert seen == ["example 1", "example 2", "hidden 1", "hidden 2"]
