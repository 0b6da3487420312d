"""The sandboxed runner: normal verdicts, and hostile code that must end in a clean verdict with nothing leaking.

After every hostile run a normal submission must be accepted (the worker stays healthy) and no process of a sandbox
uid may be left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from studypaths import sandbox
from studypaths.errors import SandboxUnavailable, UnsupportedLanguage
from studypaths.tests.conftest import sandbox_uid_processes

ADD_TEST = [{"name": "adds", "stdin": "3 4\n", "expected_stdout": "7\n"}]
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"
SUM_JS = "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n"
NORMAL = {"python": SUM_PY, "javascript": SUM_JS}
PY_LIMITS = sandbox.Limits(cpu_seconds=1, memory_mb=256, nproc=32)
JS_LIMITS = sandbox.Limits(cpu_seconds=2, memory_mb=1280, nproc=64)
LIMITS = {"python": PY_LIMITS, "javascript": JS_LIMITS}


def run(language: str, code: str, tests=None, limits=None):
    return sandbox.run_submission(language=language, code=code, tests=tests or ADD_TEST,
                                  limits=limits or LIMITS[language])


def assert_healthy_afterwards(language: str) -> None:
    assert sandbox_uid_processes() == []
    follow_up = run(language, NORMAL[language])
    assert follow_up.verdict == sandbox.ACCEPTED, follow_up.as_dict()


# --- ordinary verdicts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_correct_program_is_accepted_with_figures(bubblewrap, language):
    result = run(language, NORMAL[language])
    assert result.verdict == sandbox.ACCEPTED
    assert result.mode == sandbox.MODE_BUBBLEWRAP
    assert result.tests[0].stdout == "7\n"
    assert result.passed == 1
    assert 0 < result.peak_memory_kb < 400_000
    assert result.runtime_ms >= 0


@pytest.mark.parametrize(("language", "code"), [
    ("python", "print(int(input().split()[0]) - 1)"),
    ("javascript", "console.log(1)"),
])
def test_wrong_output_is_wrong_answer(bubblewrap, language, code):
    result = run(language, code)
    assert result.verdict == sandbox.WRONG_ANSWER
    assert result.tests[0].verdict == sandbox.WRONG_ANSWER


@pytest.mark.parametrize(("language", "code"), [("python", "def f(:\n  pass"), ("javascript", "function f( {")])
def test_syntax_error_is_compile_error_and_later_tests_are_skipped(bubblewrap, language, code):
    result = run(language, code, tests=ADD_TEST * 3)
    assert result.verdict == sandbox.COMPILE_ERROR
    assert "SyntaxError" in result.compile_output
    assert [t.verdict for t in result.tests] == [sandbox.COMPILE_ERROR, sandbox.SKIPPED, sandbox.SKIPPED]


@pytest.mark.parametrize(("language", "code"), [
    ("python", "raise ValueError('boom')"),
    ("javascript", "throw new Error('boom')"),
])
def test_uncaught_exception_is_runtime_error_with_its_message(bubblewrap, language, code):
    result = run(language, code)
    assert result.verdict == sandbox.RUNTIME_ERROR
    assert "boom" in result.tests[0].stderr


def test_each_test_gets_its_own_stdin_and_verdict(bubblewrap):
    tests = [
        {"name": "one", "stdin": "1 2", "expected_stdout": "3"},
        {"name": "two", "stdin": "10 20", "expected_stdout": "31"},
        {"name": "three", "stdin": "-5 5", "expected_stdout": "0\n\n"},
    ]
    result = run("python", SUM_PY, tests=tests)
    assert [t.verdict for t in result.tests] == [sandbox.ACCEPTED, sandbox.WRONG_ANSWER, sandbox.ACCEPTED]
    assert result.verdict == sandbox.WRONG_ANSWER


def test_unknown_language_is_refused():
    with pytest.raises(UnsupportedLanguage):
        sandbox.run_submission(language="cobol", code="", tests=ADD_TEST)


def test_json_comparison_tolerates_float_noise_and_unordered_lists():
    assert sandbox.outputs_match("[0.30000000000000004]", "[0.3]", "json")
    assert not sandbox.outputs_match("[0.31]", "[0.3]", "json")
    assert sandbox.outputs_match("[[2,1],[1]]", "[[1],[2,1]]", "json_unordered")
    assert not sandbox.outputs_match("[[1,2],[1]]", "[[1],[2,1]]", "json_unordered")
    assert not sandbox.outputs_match("true", "1", "json")
    assert not sandbox.outputs_match("not json", "1", "json")
    assert sandbox.outputs_match("a  \nb\n\n", "a\nb", "exact")


def test_an_answer_nested_to_the_recursion_limit_is_a_wrong_answer_not_a_judge_crash():
    """A program printing one deeply nested list for a `json_unordered` problem: parsing it succeeded, sorting its
    items (each written out as JSON, further down the judge's stack) raised RecursionError, the run ended `failed`
    as the judge's own error (logged with its traceback) and a study task gave the attempt back: as many attempts as
    the candidate liked."""
    import sys

    def at_depth(levels: int, call):
        return call() if levels == 0 else at_depth(levels - 1, call)

    for depth in range(500, sys.getrecursionlimit() + 10):
        nested = "[" + "[" * depth + "]" * depth + "]"
        for compare in ("json_unordered", "json"):
            assert at_depth(60, lambda: sandbox.outputs_match(nested, "[[1]]", compare)) is False, (depth, compare)


@pytest.mark.parametrize("compare", ["json", "json_unordered"])
def test_an_integer_too_large_for_a_float_is_a_wrong_answer_not_a_judge_crash(compare):
    """Comparing numbers within 1e-6 made a 400-digit answer a float: OverflowError, the judge's own failure (and a
    study task's attempt given back)."""
    huge = "1" + "0" * 400
    assert sandbox.outputs_match(huge, "5", compare) is False
    assert sandbox.outputs_match(f"[{huge}, 2]", "[2, 5]", compare) is False
    assert sandbox.outputs_match(huge, huge, compare) is True


@pytest.mark.parametrize("compare", ["json", "json_unordered"])
def test_whole_numbers_compare_exactly_only_floats_within_1e_6(compare):
    """"floats within 1e-6" was applied to whole numbers as a relative tolerance: 2147483000 was accepted for
    2147483649 (the `add` problem's hidden 2**31 + 1), a sum of 10**12 off by 999,999 too."""
    assert not sandbox.outputs_match("2147483000", "2147483649", compare)
    assert not sandbox.outputs_match("[1000000000000, 5]", "[1000000999999, 5]", compare)
    assert sandbox.outputs_match("[2147483649]", "[2147483649]", compare)
    assert sandbox.outputs_match("0.30000000000000004", "0.3", compare)


@pytest.mark.django_db
def test_the_json_comparisons_label_says_what_it_does(admin_client):
    """The label the admin shows for a problem's comparison said "floats within 1e-6" alone, as whole numbers were
    compared until session 30 (2147483000 passed for 2147483649); they compare exactly now."""
    from studypaths.tests.factories import ProblemFactory

    problem = ProblemFactory(compare="json")
    form = admin_client.get(f"/admin/studypaths/problem/{problem.id}/change/").content.decode()
    assert '<option value="json" selected>JSON value (whole numbers exact, floats within 1e-6)</option>' in form
    assert not sandbox.outputs_match("2147483000", "2147483649", "json")  # whole numbers exact
    assert sandbox.outputs_match("0.3000001", "0.3", "json")  # floats within 1e-6


@pytest.mark.parametrize("compare", ["json", "json_unordered"])
@pytest.mark.parametrize(("actual", "expected", "match"), [
    ("2147483000.0", "2147483649", False),  # a float answer for a whole one passed within 1e-6 relative
    ("[2147483000.0, 1]", "[2147483649, 1]", False),
    ("1e12", "1000000999999", False),
    ("3.0000000001", "3", False),  # a whole number is expected: a float answer must be whole
    ("9007199254740992.0", "9007199254740993", False),  # 2**53 + 1: float(expected) would equal the answer
    ("9007199254740992.0", "9007199254740992", True),
    ("1e400", "5", False),  # inf
    ("NaN", "5", False),
    ("2.0", "2", True),
    ("[2.0, -0.0]", "[2, 0]", True),
    ("2147483649.0", "2147483649", True),
    ("2", "2.0", True),
    ("true", "1", False),
    ("1", "true", False),
    ("1.0", "true", False),
    ("true", "true", True),
])
def test_a_float_answer_for_a_whole_number_must_be_that_number(compare, actual, expected, match):
    assert sandbox.outputs_match(actual, expected, compare) is match


# --- hostile code: python -----------------------------------------------------------------------------------------

HOSTILE_PY = {
    "fork_bomb": ("import os\nwhile True:\n    os.fork()\n", {sandbox.RUNTIME_ERROR, sandbox.TIME_LIMIT}),
    "infinite_loop": ("while True:\n    pass\n", {sandbox.TIME_LIMIT}),
    "sleep_forever": ("import time\ntime.sleep(3600)\n", {sandbox.TIME_LIMIT}),
    "allocate_10_gb": ("x = bytearray(10 * 1024 ** 3)\nprint(len(x))\n", {sandbox.MEMORY_LIMIT}),
    "grow_until_oom": ("xs = []\nwhile True:\n    xs.append(bytearray(10 ** 7))\n", {sandbox.MEMORY_LIMIT}),
    "huge_file": (
        "with open('/tmp/big', 'wb') as f:\n    while True:\n        f.write(b'x' * 1048576)\n",
        {sandbox.RUNTIME_ERROR, sandbox.OUTPUT_LIMIT},
    ),
    "many_small_files": (
        "import os\nfor i in range(1_000_000):\n    open(f'/tmp/f{i}', 'w').write('x')\n",
        {sandbox.RUNTIME_ERROR, sandbox.TIME_LIMIT},
    ),
    "print_100_mb": ("import sys\nchunk = 'x' * 1048576\nfor _ in range(100):\n    sys.stdout.write(chunk)\n",
                     {sandbox.OUTPUT_LIMIT}),
    "deep_recursion": ("import sys\nsys.setrecursionlimit(10**9)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
                       {sandbox.RUNTIME_ERROR, sandbox.MEMORY_LIMIT, sandbox.TIME_LIMIT}),
    "exit_zero_without_output": ("import sys\nsys.exit(0)\n", {sandbox.WRONG_ANSWER}),
    "kill_own_process_group": ("import os, signal\nos.killpg(0, signal.SIGKILL)\n", {sandbox.RUNTIME_ERROR}),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_PY))
def test_hostile_python_ends_in_a_clean_verdict_and_the_runner_stays_healthy(bubblewrap, case):
    code, allowed = HOSTILE_PY[case]
    result = run("python", code)
    assert result.verdict in allowed, result.as_dict()
    assert len(result.tests[0].stdout) <= PY_LIMITS.output_bytes
    assert_healthy_afterwards("python")


def test_background_process_does_not_outlive_the_run(bubblewrap, tmp_path):
    code = (
        "import os, subprocess, time\n"
        "subprocess.Popen(['/usr/bin/sleep', '60'], start_new_session=True)\n"
        "if os.fork() == 0:\n    os.setsid()\n    time.sleep(60)\n"
        "print(7)\n"
    )
    result = run("python", code)
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()
    assert sandbox_uid_processes() == []
    assert_healthy_afterwards("python")


def test_files_outside_the_sandbox_are_invisible(bubblewrap, settings):
    secret_dir = Path(tempfile.mkdtemp(prefix="im-secret-"))
    (secret_dir / ".env").write_text("SECRET_KEY=do-not-leak-0123456789\n")
    os.chmod(secret_dir, 0o755)
    os.chmod(secret_dir / ".env", 0o644)  # readable by anyone on the host: only the sandbox can keep it out
    targets = ["/etc/passwd", "/etc/shadow", str(secret_dir / ".env"), str(Path(settings.BASE_DIR) / "manage.py"),
               "/root/.bashrc", "/proc/1/environ"]
    code = (
        "import json\nout = {}\n"
        f"for path in {targets!r}:\n"
        "    try:\n        out[path] = open(path).read()[:200]\n"
        "    except Exception as exc:\n        out[path] = 'DENIED ' + type(exc).__name__\n"
        "print(json.dumps(out))\n"
    )
    result = run("python", code, tests=[{"name": "t", "stdin": "", "expected_stdout": ""}])
    stdout = result.tests[0].stdout
    assert "root:" not in stdout
    assert "do-not-leak" not in stdout
    assert "DJANGO_SETTINGS_MODULE" not in stdout
    for path in targets[:5]:
        assert f'"{path}": "DENIED' in stdout
    assert_healthy_afterwards("python")


def test_environment_secrets_do_not_enter_the_sandbox(bubblewrap, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "super-secret-key-value-123")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@127.0.0.1/db")
    result = run("python", "import os\nprint(sorted(os.environ.items()))\n",
                 tests=[{"name": "t", "stdin": "", "expected_stdout": ""}])
    stdout = result.tests[0].stdout
    assert "super-secret" not in stdout
    assert "DATABASE_URL" not in stdout
    assert "SECRET_KEY" not in stdout
    assert "PATH" in stdout  # the run did happen and printed its (clean) environment


def test_network_is_unreachable_including_local_postgres(bubblewrap):
    code = (
        "import socket\nresults = []\n"
        "for host, port in [('127.0.0.1', 5432), ('127.0.0.1', 6379), ('1.1.1.1', 53)]:\n"
        "    s = socket.socket()\n    s.settimeout(1)\n"
        "    try:\n        s.connect((host, port))\n        results.append('CONNECTED')\n"
        "    except OSError as exc:\n        results.append('blocked')\n"
        "print(' '.join(results))\n"
    )
    result = run("python", code, tests=[{"name": "t", "stdin": "", "expected_stdout": "blocked blocked blocked"}])
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()


def test_runs_as_an_unprivileged_user_without_capabilities(bubblewrap):
    code = ("import os\nprint(os.getuid() != 0, os.geteuid() != 0)\n"
            "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])\n")
    result = run("python", code, tests=[{"name": "t", "stdin": "", "expected_stdout": "True True\n0000000000000000"}])
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()


# --- hostile code: javascript -------------------------------------------------------------------------------------

HOSTILE_JS = {
    "infinite_loop": ("for (;;) {}", {sandbox.TIME_LIMIT}),
    "heap_exhaustion": ("const a = []; for (;;) a.push(new Array(1e6).fill(1));", {sandbox.MEMORY_LIMIT}),
    "print_100_mb": ("const s = 'x'.repeat(1 << 20); for (let i = 0; i < 100; i++) process.stdout.write(s);",
                     {sandbox.OUTPUT_LIMIT}),
    "spawn_loop": (
        "const cp = require('child_process');\nfor (let i = 0; i < 1000; i++) cp.spawn('/usr/bin/sleep', ['60']);",
        {sandbox.RUNTIME_ERROR, sandbox.TIME_LIMIT, sandbox.MEMORY_LIMIT},
    ),
    "read_etc_passwd": ("console.log(require('fs').readFileSync('/etc/passwd', 'utf8'))", {sandbox.RUNTIME_ERROR}),
    "exit_zero_without_output": ("process.exit(0)", {sandbox.WRONG_ANSWER}),
    "eval_is_disabled": ("console.log(eval('3 + 4'))", {sandbox.RUNTIME_ERROR}),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_JS))
def test_hostile_javascript_ends_in_a_clean_verdict_and_the_runner_stays_healthy(bubblewrap, case):
    code, allowed = HOSTILE_JS[case]
    result = run("javascript", code)
    assert result.verdict in allowed, result.as_dict()
    assert "root:" not in result.tests[0].stdout
    assert_healthy_afterwards("javascript")


def test_javascript_cannot_reach_the_network_or_the_environment(bubblewrap, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "super-secret-key-value-123")
    code = (
        "const net = require('net');\n"
        "console.log(JSON.stringify(process.env).includes('super-secret') ? 'LEAK' : 'clean');\n"
        "const s = net.connect(5432, '127.0.0.1');\n"
        "s.on('connect', () => { console.log('CONNECTED'); process.exit(0); });\n"
        "s.on('error', () => { console.log('blocked'); });\n"
    )
    result = run("javascript", code, tests=[{"name": "t", "stdin": "", "expected_stdout": "clean\nblocked"}])
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()


# --- modes --------------------------------------------------------------------------------------------------------


@pytest.fixture
def no_namespaces(monkeypatch):
    sandbox.reset_mode_cache()
    monkeypatch.setattr(sandbox, "_probe_bubblewrap", lambda: (False, "namespaces denied (simulated)"))
    yield
    sandbox.reset_mode_cache()


def test_without_namespaces_untrusted_code_is_refused_by_default(no_namespaces, settings):
    settings.SANDBOX_ALLOW_RLIMITS_ONLY = False
    assert sandbox.sandbox_mode()[0] == sandbox.MODE_REFUSED
    with pytest.raises(SandboxUnavailable) as caught:
        sandbox.run_submission(language="python", code=SUM_PY, tests=ADD_TEST)
    assert "SANDBOX_ALLOW_RLIMITS_ONLY" in caught.value.message


def test_rlimits_only_mode_runs_when_explicitly_allowed_and_still_kills_leftovers(no_namespaces, settings):
    settings.SANDBOX_ALLOW_RLIMITS_ONLY = True
    ok = run("python", SUM_PY)
    assert (ok.verdict, ok.mode) == (sandbox.ACCEPTED, sandbox.MODE_RLIMITS_ONLY)
    looping = run("python", "while True: pass")
    assert looping.verdict == sandbox.TIME_LIMIT
    leaver = run("python", "import subprocess\nsubprocess.Popen(['/usr/bin/sleep','60'], start_new_session=True)\n"
                           "print(7)")
    assert leaver.verdict == sandbox.ACCEPTED
    assert sandbox_uid_processes() == []


@pytest.mark.parametrize("mode", [sandbox.MODE_BUBBLEWRAP, sandbox.MODE_RLIMITS_ONLY])
def test_python_errors_start_at_the_program_not_at_the_launcher(request, settings, mode):
    """A syntax error was printed under the launcher's own FileNotFoundError for '/sandbox/main.code' (its cache
    lookup, 'During handling of the above exception...'), and an uncaught exception's first frame was the launcher's,
    with the host's temporary directory in it without namespaces."""
    if mode == sandbox.MODE_BUBBLEWRAP:
        request.getfixturevalue("bubblewrap")
    else:
        request.getfixturevalue("no_namespaces")
        settings.SANDBOX_ALLOW_RLIMITS_ONLY = True
    broken = run("python", "a, b = 1, 2\nif a < b\n    print(a)\n")
    assert (broken.verdict, broken.mode) == (sandbox.COMPILE_ERROR, mode)
    assert broken.compile_output.split("\n")[0] == '  File "solution.py", line 2', broken.compile_output
    raised = run("python", "x = 1\nraise ValueError('boom')\n")
    assert raised.tests[0].stderr.split("\n")[:3] == [
        "Traceback (most recent call last):", '  File "solution.py", line 2, in <module>', "ValueError: boom"]
    for output in (broken.compile_output, raised.tests[0].stderr):
        for internal in ("FileNotFoundError", "During handling", "main.code", "launch.py", "/sandbox", "/tmp"):
            assert internal not in output, (internal, output)


def test_ready_reports_the_sandbox_mode(client, bubblewrap, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1/32"]  # /ready's details are for operators
    body = client.get("/ready").json()
    assert body["checks"]["sandbox"]["ok"] is True
    assert body["checks"]["sandbox"]["mode"] == sandbox.MODE_BUBBLEWRAP


def test_ready_fails_when_the_sandbox_is_refused(client, no_namespaces, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1/32"]  # /ready's details are for operators
    settings.SANDBOX_ALLOW_RLIMITS_ONLY = False
    response = client.get("/ready")
    assert response.status_code == 503
    assert "sandbox" in response.json()["failed"]


def test_ready_warns_in_rlimits_only_mode(client, no_namespaces, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1/32"]  # /ready's details are for operators
    settings.SANDBOX_ALLOW_RLIMITS_ONLY = True
    check = client.get("/ready").json()["checks"]["sandbox"]
    assert check["mode"] == sandbox.MODE_RLIMITS_ONLY
    assert "rlimits only" in check["warning"]


@pytest.mark.parametrize("code", ["import time\ntime.sleep(3600)\n", "while True:\n    pass\n"])
def test_a_run_stopped_by_the_time_limit_reports_the_time_it_ran_not_a_few_ms(bubblewrap, code):
    """Stopped at the wall-clock limit before GNU time could write, a run showed wait4's figure for bubblewrap itself:
    "Time limit exceeded · 4 ms CPU" on the task page and in "Your runs"."""
    limits = LIMITS["python"]
    result = run("python", code, limits=limits)
    assert result.verdict == sandbox.TIME_LIMIT
    stopped = result.tests[0]
    assert stopped.verdict == sandbox.TIME_LIMIT
    assert stopped.runtime_ms >= limits.cpu_seconds * 1000 * 0.9, stopped.as_dict()
    assert result.runtime_ms >= stopped.runtime_ms


@pytest.mark.parametrize("code", ["import time\ntime.sleep(3600)\n", "while True:\n    pass\n"])
def test_a_test_cut_short_by_the_submission_budget_reports_its_limit_not_the_budget_left(bubblewrap, code):
    """A test is stopped at min(its wall limit, what is left of the submission's budget): reporting the time it ran
    showed the budget left to the ms, and with it how long the tests before it took (hidden tests' timings).
    Stopped at the wall clock, a test reports its CPU limit ("at least the limit"), whatever cut it."""
    limits = sandbox.Limits(cpu_seconds=2, memory_mb=256, nproc=32, total_wall_seconds=1.3)
    result = run("python", code, limits=limits)
    stopped = result.tests[0]
    assert stopped.verdict == sandbox.TIME_LIMIT
    assert stopped.runtime_ms == 2000, stopped.as_dict()


@pytest.mark.parametrize(("code", "stopped_by"), [("import time\ntime.sleep(3600)\n", "wall"),
                                                  ("while True:\n    pass\n", "cpu")])
def test_a_time_limit_says_which_limit_was_hit(bubblewrap, code, stopped_by):
    """A program that only sleeps uses almost no CPU and was reported at its CPU limit ("≥ 1000 ms CPU"): the result
    says the wall clock stopped it, and at which limit (the test's, not what the budget had left)."""
    # a wall limit far beyond the CPU limit: a busy loop meets its CPU limit first even on a loaded machine
    limits = sandbox.Limits(cpu_seconds=1, wall_seconds=8, memory_mb=256, nproc=32)
    stopped = run("python", code, limits=limits).tests[0]
    assert stopped.verdict == sandbox.TIME_LIMIT
    expected = {"wall": 8, "cpu": 1}[stopped_by]
    assert (stopped.stopped_by, stopped.limit_seconds) == (stopped_by, expected), stopped.as_dict()
    budget = sandbox.Limits(cpu_seconds=2, memory_mb=256, nproc=32, total_wall_seconds=1.3)
    if stopped_by == "wall":  # cut by what was left of the submission's budget: the budget is the limit named
        cut = run("python", code, limits=budget).tests[0]
        assert (cut.stopped_by, cut.limit_seconds) == ("budget", 1.3), cut.as_dict()


# --- a long program is compiled once ------------------------------------------------------------------------------

LONG_SUM_PY = "".join(f"def f{i}(a):\n    return a * {i}\n" for i in range(1200)) + SUM_PY  # past COMPILE_ONCE_CHARS
THREE_ADDS = [{"name": f"adds {i}", "stdin": f"{i} 4\n", "expected_stdout": f"{i + 4}\n"} for i in range(3)]


def test_a_long_python_program_is_compiled_once_before_its_tests(bubblewrap, monkeypatch):
    """A 100,000-character answer was compiled again by each test's process (40-90 ms of CPU each, ten tests): it is
    compiled once in the sandbox and the tests load the code object."""
    assert len(LONG_SUM_PY) >= sandbox.COMPILE_ONCE_CHARS
    runs = []
    execute = sandbox._execute

    def spy(argv, **kwargs):
        cached = (kwargs["stdin_path"].parent / "box" / "main.code").exists()  # what the run could load
        run = execute(argv, **kwargs)
        runs.append(("--compile" in argv, run.exit_code, cached))
        return run

    monkeypatch.setattr(sandbox, "_execute", spy)
    result = run("python", LONG_SUM_PY, tests=THREE_ADDS)
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()
    assert runs == [(True, 0, False), (False, 0, True), (False, 0, True), (False, 0, True)]
    runs.clear()
    assert run("python", SUM_PY, tests=THREE_ADDS).verdict == sandbox.ACCEPTED
    assert runs == [(False, 0, False)] * 3  # a short one: no extra process


def test_the_launcher_runs_the_compiled_code_beside_the_source(tmp_path):
    """What the tests load is the code object, not the source read again (the compile step's output, nothing else)."""
    import marshal
    import subprocess
    import sys

    (tmp_path / "launch.py").write_text(sandbox.PYTHON_LAUNCHER)
    (tmp_path / "main.py").write_text("print('from the source')\n")
    assert subprocess.run([sys.executable, "-I", "-B", str(tmp_path / "launch.py"), str(tmp_path / "main.py")],
                          capture_output=True, text=True).stdout == "from the source\n"
    compiled = subprocess.run([sys.executable, "-I", "-B", str(tmp_path / "launch.py"), str(tmp_path / "main.py"),
                               "--compile"], capture_output=True).stdout
    assert marshal.loads(compiled).co_filename == "solution.py"
    (tmp_path / "main.code").write_bytes(marshal.dumps(compile("print('compiled once')\n", "solution.py", "exec")))
    assert subprocess.run([sys.executable, "-I", "-B", str(tmp_path / "launch.py"), str(tmp_path / "main.py")],
                          capture_output=True, text=True).stdout == "compiled once\n"


def test_a_syntax_error_in_a_long_program_is_still_a_compile_error_on_its_line(bubblewrap):
    result = run("python", LONG_SUM_PY + "def broken(:\n", tests=THREE_ADDS)
    assert result.verdict == sandbox.COMPILE_ERROR and "SyntaxError" in result.compile_output
    assert [t.verdict for t in result.tests] == [sandbox.COMPILE_ERROR, sandbox.SKIPPED, sandbox.SKIPPED]


def test_a_long_program_shows_its_compile_warnings_as_a_short_one_does(bubblewrap):
    """A SyntaxWarning (`if a is 1:`) is printed when the source is compiled: a short program's tests each showed it in
    their stderr, a long one's tests load the code object compiled before them and the compile's stderr was dropped."""
    warned = "import sys\na, b = map(int, sys.stdin.read().split())\nif a is 1:\n    pass\nprint(a + b)\n"
    for code in (warned, LONG_SUM_PY.replace(SUM_PY, warned)):
        result = run("python", code, tests=THREE_ADDS)
        assert result.verdict == sandbox.ACCEPTED, result.as_dict()
        line = code.count("\n", 0, code.index("if a is 1")) + 1
        assert all(f'solution.py:{line}: SyntaxWarning: "is" with a literal' in t.stderr for t in result.tests)
