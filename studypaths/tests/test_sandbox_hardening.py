"""Issue 17 items 2, 3, 4 and 11, each through the judge: a read-only root, the submission's wall budget and the
user's judge-seconds budget, no per-test figures for hidden tests, and the seccomp filter (a hostile program per
refused syscall, called with arguments that the kernel alone would answer with something other than EPERM)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from studypaths import sandbox, seccomp, services
from studypaths.models import CodeRun, RunStatus
from studypaths.tests.factories import ProblemFactory

ONE_TEST = [{"name": "t", "stdin": "", "expected_stdout": ""}]
PY = sandbox.Limits(cpu_seconds=1, memory_mb=256, nproc=32)


def run_py(code: str, tests=None, limits=PY) -> sandbox.SandboxResult:
    return sandbox.run_submission(language="python", code=code, tests=tests or ONE_TEST, limits=limits)


# --- item 2: the root filesystem ----------------------------------------------------------------------------------
FALLOCATE_EVERYWHERE = """
import os
for d in ["/", "/dev", "/dev/shm", "/sandbox", "/tmp"]:
    try:
        fd = os.open(os.path.join(d, "f"), os.O_CREAT | os.O_WRONLY, 0o600)
        os.posix_fallocate(fd, 0, 8 * 1024 * 1024)
        print(d, "ok")
    except OSError as e:
        print(d, e.strerror)
"""


def test_only_the_size_capped_tmp_is_writable(bubblewrap):
    out = run_py(FALLOCATE_EVERYWHERE).tests[0].stdout.splitlines()
    assert out == ["/ Read-only file system", "/dev Read-only file system", "/dev/shm Read-only file system",
                   "/sandbox Read-only file system", "/tmp ok"]


def test_256_files_of_8_mb_under_root_reserve_nothing(bubblewrap):
    code = "\n".join(["import os", "made = 0", "for i in range(256):", "    try:",
                      "        fd = os.open(f'/f{i}', os.O_CREAT | os.O_WRONLY)",
                      "        os.posix_fallocate(fd, 0, 8 << 20)", "        made += 1",
                      "    except OSError:", "        pass", "print(made)", ""])
    assert run_py(code).tests[0].stdout.strip() == "0"


def test_tmp_stays_capped_at_its_size(bubblewrap):
    code = ("import os\nfd = os.open('/tmp/big', os.O_CREAT | os.O_WRONLY)\ntry:\n"
            "    os.posix_fallocate(fd, 0, 64 << 20)\n    print('ok')\nexcept OSError as e:\n    print(e.strerror)\n")
    assert run_py(code, limits=sandbox.Limits(cpu_seconds=1, memory_mb=256, nproc=32, file_size_mb=128)
                  ).tests[0].stdout.strip() == "No space left on device"


# --- item 3: wall-time budgets ------------------------------------------------------------------------------------
SLEEPER = "import time\ntime.sleep(0.6)\n"


def test_a_submission_that_sleeps_in_every_test_stops_at_its_wall_budget(bubblewrap):
    limits = sandbox.Limits(cpu_seconds=1, wall_seconds=1.5, memory_mb=256, nproc=32, total_wall_seconds=2.0)
    started = time.monotonic()
    result = run_py(SLEEPER, tests=ONE_TEST * 8, limits=limits)
    elapsed = time.monotonic() - started
    assert result.verdict == sandbox.TIME_LIMIT
    verdicts = [t.verdict for t in result.tests]
    assert verdicts[0] == sandbox.ACCEPTED  # the first test ran to its end (it prints nothing, as expected)
    assert verdicts[-1] == sandbox.SKIPPED and verdicts.count(sandbox.TIME_LIMIT) == 1
    assert elapsed < 3.5
    assert 1800 <= result.wall_ms <= 2600


def test_the_default_budget_comes_from_settings(bubblewrap, settings):
    settings.SANDBOX_SUBMISSION_WALL_SECONDS = 1.0
    started = time.monotonic()
    result = run_py(SLEEPER, tests=ONE_TEST * 4, limits=sandbox.Limits(cpu_seconds=1, wall_seconds=1.5,
                                                                         memory_mb=256, nproc=32))
    assert result.verdict == sandbox.TIME_LIMIT and time.monotonic() - started < 2.5


@pytest.mark.django_db
def test_the_users_judge_seconds_are_a_budget_too(settings):
    from rest_framework.test import APIClient

    settings.SANDBOX_USER_JUDGE_SECONDS = 25
    settings.SANDBOX_SUBMISSION_WALL_SECONDS = 10
    user, problem = CandidateFactory(), ProblemFactory()
    for _ in range(2):  # two finished runs that used 9.5 judge seconds each
        CodeRun.objects.create(user=user, problem=problem, language="python", code="x", status=RunStatus.DONE,
                               wall_ms=9500, result={"tests": []}, finished_at=timezone.now())
    assert services.judge_seconds_used(user=user) == pytest.approx(19.0)
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(f"/api/v1/problems/{problem.id}/submit",
                           {"language": "python", "code": "def add(a, b):\n    return a + b\n"}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "judge seconds" in response.json()["error"]["message"]
    other = CandidateFactory()  # somebody else's budget is untouched
    CodeRun.objects.create(user=other, problem=problem, language="python", code="x", status=RunStatus.QUEUED)
    assert services.judge_seconds_used(user=other) == 10


@pytest.mark.django_db
def test_runs_count_in_the_judge_budget_by_when_they_were_judged_not_requested(settings):
    """The budget counted runs by when they were asked for: with the sandbox queue more than the window (10 minutes)
    behind, a run judged now, or still waiting, counted nothing."""
    settings.SANDBOX_SUBMISSION_WALL_SECONDS = 10
    user, problem = CandidateFactory(), ProblemFactory()
    now = timezone.now()

    def run(status, *, asked, judged=None, wall_ms=0):
        made = CodeRun.objects.create(user=user, problem=problem, language="python", code="x", status=status,
                                      wall_ms=wall_ms, finished_at=judged)
        CodeRun.objects.filter(id=made.id).update(created_at=asked)

    run(RunStatus.DONE, asked=now - timedelta(minutes=12), judged=now - timedelta(seconds=30), wall_ms=4000)
    run(RunStatus.QUEUED, asked=now - timedelta(minutes=11))  # still waiting: it may take the full budget
    run(RunStatus.DONE, asked=now - timedelta(minutes=30), judged=now - timedelta(minutes=11), wall_ms=9000)
    assert services.judge_seconds_used(user=user) == pytest.approx(14.0)


# --- item 4: hidden tests' resources ------------------------------------------------------------------------------
LEAKER = ("import sys\ndef add(a, b):\n    blob = bytearray(abs(a) % 97 * 1024 * 1024)\n"
          "    return a + b\n")


@pytest.mark.django_db
def test_hidden_tests_show_only_their_verdict_and_the_submission_only_its_examples_figures(bubblewrap):
    problem = ProblemFactory()
    run = CodeRun.objects.create(user=CandidateFactory(), problem=problem, language="python", code=LEAKER,
                                 kind="submission")
    run = services.execute_code_run(run_id=run.id)
    hidden = [t for t in run.result["tests"] if not t["public"]]
    assert hidden and all(set(t) == {"name", "verdict", "public"} for t in hidden)
    example = next(t for t in run.result["tests"] if t["public"])
    assert (run.result["peak_memory_kb"], run.result["runtime_ms"]) == (example["peak_memory_kb"],
                                                                        example["runtime_ms"])
    assert run.result["peak_memory_kb"] > 0


INPUT_SLEEPER = "import time\ndef add(a, b):\n    time.sleep(abs(a) % 7 / 10)\n    return a + b\n"


@pytest.mark.django_db
def test_a_submission_shows_no_wall_time_a_sleep_could_carry_a_hidden_input_out(bubblewrap):
    problem = ProblemFactory()
    user = CandidateFactory()
    run = CodeRun.objects.create(user=user, problem=problem, language="python", code=INPUT_SLEEPER, kind="submission")
    run = services.execute_code_run(run_id=run.id)
    assert run.result["verdict"] == sandbox.ACCEPTED
    assert "wall_ms" not in run.result  # sleeping is not CPU time, and the CPU time shown is the examples' own
    assert run.wall_ms >= 1000  # the budget still counts it
    assert services.judge_seconds_used(user=user) == pytest.approx(run.wall_ms / 1000)


# The program picks one hidden test by its input and spends memory and CPU in proportion to another of its values:
# the submission's totals (the largest peak, the sum of CPU) were that one test's figures, read back to the MB.
SIGNALLER = ("def add(a, b):\n"
             "    if a == 123:\n"
             "        blob = bytearray(b // 4 * 1024 * 1024)\n"
             "        x = 0\n"
             "        for _ in range(b * 3000):\n"
             "            x += 1\n"
             "    return a + b\n")


@pytest.mark.django_db
def test_a_submissions_figures_carry_nothing_of_its_hidden_tests_inputs(bubblewrap):
    from studypaths.models import ProblemTest

    user, figures = CandidateFactory(), []
    for hidden_b in (456, 8):
        problem = ProblemFactory()
        ProblemTest.objects.filter(problem=problem, args=[123, 456]).update(args=[123, hidden_b],
                                                                            expected=123 + hidden_b)
        run = CodeRun.objects.create(user=user, problem=problem, language="python", code=SIGNALLER,
                                     kind="submission")
        run = services.execute_code_run(run_id=run.id)
        assert run.result["verdict"] == sandbox.ACCEPTED and run.result["passed"] == 9
        public = [t for t in run.result["tests"] if t["public"]]
        # the figures are the public examples' own, which the candidate sees in full anyway
        assert run.result["peak_memory_kb"] == max(t["peak_memory_kb"] for t in public)
        assert run.result["runtime_ms"] == pytest.approx(sum(t["runtime_ms"] for t in public))
        figures.append((run.result["peak_memory_kb"], run.result["runtime_ms"]))
    (memory_456, cpu_456), (memory_8, cpu_8) = figures
    assert abs(memory_456 - memory_8) < 4 * 1024  # 114 MB against 2 MB allocated on the hidden test
    assert abs(cpu_456 - cpu_8) < 100


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["examples", "submission"])
def test_a_run_does_not_tell_the_candidate_how_the_judge_is_isolated(bubblewrap, kind):
    """The sandbox mode (`rlimits_only`: no filesystem or network isolation) is for operators (/ready's details);
    every run's result told it to the candidate."""
    problem = ProblemFactory()
    run = CodeRun.objects.create(user=CandidateFactory(), problem=problem, language="python",
                                 code="def add(a, b):\n    return a + b\n", kind=kind)
    run = services.execute_code_run(run_id=run.id)
    assert run.result["verdict"] == sandbox.ACCEPTED
    assert "mode" not in run.result and sandbox.MODE_BUBBLEWRAP not in str(run.result)


# --- item 11: seccomp -----------------------------------------------------------------------------------------------
NR = seccomp.syscall_numbers()
# name -> arguments that make the call fail (or succeed) WITHOUT the filter with an errno other than EPERM
HOSTILE_SYSCALLS = {
    "ptrace": (0, 0, 0, 0),                 # PTRACE_TRACEME: succeeds unfiltered
    "mount": (1, 1, 1, 0, 0),               # bad pointers: EFAULT unfiltered
    "umount2": (1, 0),                      # EFAULT
    "keyctl": (9999, 0, 0),                 # unknown operation: EOPNOTSUPP
    "add_key": (1, 1, 1, 0, 0),             # EFAULT
    "request_key": (1, 1, 1, 0),            # EFAULT
    "bpf": (9999, 0, 0),                    # unknown command
    "perf_event_open": (1, 0, -1, -1, 0),   # EFAULT
    "userfaultfd": (0xFFFF,),               # unknown flags: EINVAL
    "unshare": (0x400,),                    # CLONE_FILES: succeeds unfiltered
    "setns": (-1, 0),                       # EBADF
    "io_uring_setup": (1, 1),               # EFAULT
    "process_vm_readv": (1, 0, 0, 0, 0, 0), # nothing to read: 0
    "pivot_root": (1, 1),                   # EFAULT
    "chroot": (1,),                         # EFAULT
}


def _syscall_program(name: str) -> str:
    args = ", ".join(f"ctypes.c_long({a})" for a in HOSTILE_SYSCALLS[name])
    return ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            f"r = libc.syscall(ctypes.c_long({NR[name]}), {args})\nprint(r, ctypes.get_errno())\n")


@pytest.mark.parametrize("name", sorted(HOSTILE_SYSCALLS))
def test_hostile_program_is_refused_the_syscall(bubblewrap, name):
    result = run_py(_syscall_program(name))
    assert result.tests[0].stdout.split() == ["-1", "1"], result.tests[0].as_dict()  # -1, EPERM


def test_the_filter_is_active_and_threads_still_start(bubblewrap):
    code = ("import threading\nstatus = open('/proc/self/status').read()\nprint(status.split('Seccomp:')[1].split()[0])"
            "\nout = []\nt = threading.Thread(target=lambda: out.append(1))\nt.start()\nt.join()\nprint(out)\n")
    assert run_py(code).tests[0].stdout.split("\n")[:2] == ["2", "[1]"]


def test_threads_may_not_start_new_namespaces(bubblewrap):
    code = ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"  # clone(CLONE_NEWUSER|SIGCHLD)
            f"r = libc.syscall(ctypes.c_long({NR['clone']}), ctypes.c_long(0x10000000 | 17), ctypes.c_long(0), "
            "ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0))\nprint(r, ctypes.get_errno())\n")
    assert run_py(code).tests[0].stdout.split() == ["-1", "1"]


def test_javascript_runs_under_the_filter(bubblewrap):
    result = sandbox.run_submission(language="javascript", code="console.log(require('os').cpus().length > 0)",
                                    tests=[{"name": "t", "stdin": "", "expected_stdout": "true"}])
    assert result.verdict == sandbox.ACCEPTED, result.as_dict()


def test_the_program_refuses_a_foreign_architecture():
    program = seccomp.build_program("x86_64")
    assert len(program) % 8 == 0 and len(program) // 8 < 100
    assert seccomp.build_program("aarch64") != program
