"""The code judge's sandboxed runner: runs hostile candidate code against tests and says what happened.

Layers, outermost first (each one alone would not be enough):

1. An unprivileged uid of its own per concurrent run (a slot from a lock-file pool), never root; after each run every
   process of that uid is killed (`kill(-1)` from a child that switched to the uid), so nothing outlives a run.
2. bubblewrap: `--unshare-all` (user, pid, net, ipc, uts, cgroup namespaces: no network at all, no view of other
   processes), `--die-with-parent --new-session --clearenv --cap-drop ALL`, read-only `/usr`, a size-capped tmpfs
   `/tmp` as the only writable place, the program in a read-only `/sandbox`. No `/etc`, no project files, no env.
3. rlimits set before exec: CPU seconds, address space, NPROC, FSIZE, NOFILE, CORE=0.
4. A wall-clock timeout that kills the whole process group, and stdout/stderr read incrementally with a byte cap.

Hidden tests' expected outputs never enter the sandbox: only the program and one test's stdin do; the comparison
happens here, outside. Each test runs in a fresh process.

If bubblewrap is missing or cannot create namespaces, the runner refuses untrusted code (`SandboxUnavailable`) unless
`SANDBOX_ALLOW_RLIMITS_ONLY=true`, which runs with layers 1, 3 and 4 only. `/ready` reports the active mode.
"""

from __future__ import annotations

import ctypes
import fcntl
import functools
import json
import logging
import math
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from django.conf import settings

from studypaths import seccomp
from studypaths.errors import SandboxUnavailable, UnsupportedLanguage

logger = logging.getLogger(__name__)

ACCEPTED = "accepted"
WRONG_ANSWER = "wrong_answer"
TIME_LIMIT = "time_limit"
MEMORY_LIMIT = "memory_limit"
OUTPUT_LIMIT = "output_limit"
RUNTIME_ERROR = "runtime_error"
COMPILE_ERROR = "compile_error"
SANDBOX_ERROR = "sandbox_error"
SKIPPED = "skipped"
VERDICTS = (ACCEPTED, WRONG_ANSWER, TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT, RUNTIME_ERROR, COMPILE_ERROR,
            SANDBOX_ERROR)

MODE_BUBBLEWRAP = "bubblewrap"
MODE_RLIMITS_ONLY = "rlimits_only"
MODE_REFUSED = "refused"

# The launcher exits with this when the candidate's program does not compile (a syntax error).
COMPILE_ERROR_EXIT = 86
# Placeholder in bwrap's argv for the seccomp program's fd (a fresh pipe per run).
SECCOMP_FD = "{seccomp-fd}"

# `--compile` only compiles and writes the code object (marshal) to stdout; a run beside a `main.code` file (what that
# wrote) loads it instead of compiling the source again (run_submission: a long program compiled once, not per test).
# The source is compiled after the cache lookup's `except`, not inside it: a syntax error raised there carried the
# lookup's FileNotFoundError (the launcher's own path) as its context, printed above the candidate's error. It is
# printed without any chain either way, and an uncaught exception's traceback starts at the candidate's code: the
# launcher's own frame (whatever path the box has) is not theirs to read.
PYTHON_LAUNCHER = """\
import sys
_args = [_a for _a in sys.argv[1:] if _a != "--compile"]
_path = _args[0] if _args else "/sandbox/main.py"
_cached = _path[:-len("main.py")] + "main.code"
_code = None
try:
    with open(_cached, "rb") as _f:
        import marshal
        _code = marshal.loads(_f.read())
except FileNotFoundError:
    pass
if _code is None:
    with open(_path, encoding="utf-8") as _f:
        _src = _f.read()
    try:
        _code = compile(_src, "solution.py", "exec")
    except (SyntaxError, ValueError) as _exc:
        import traceback
        traceback.print_exception(_exc, limit=0, chain=False)
        sys.exit(86)
    del _src
    if "--compile" in sys.argv[1:]:
        import marshal
        sys.stdout.buffer.write(marshal.dumps(_code))
        sys.exit(0)
del _f, _path, _cached, _args
def _from_the_code(kind, value, tb, _hook=sys.__excepthook__):
    if tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
        value.__traceback__ = tb  # what the default hook prints
    _hook(kind, value, tb)
sys.excepthook = _from_the_code
del _from_the_code
exec(_code, {"__name__": "__main__", "__builtins__": __builtins__})
"""

JAVASCRIPT_LAUNCHER = """\
'use strict';
const fs = require('fs');
const vm = require('vm');
const path = process.argv[2] || '/sandbox/main.js';
const src = fs.readFileSync(path, 'utf8');
let script;
try {
  script = new vm.Script('(function (require, module, exports, __filename, __dirname) {' + src + '\\n})',
                         { filename: 'solution.js' });
} catch (err) {
  process.stderr.write(String(err && err.stack || err) + '\\n');
  process.exit(86);
}
const mod = { exports: {} };
script.runInThisContext()(require, mod, mod.exports, 'solution.js', '/sandbox');
"""


@dataclass(frozen=True)
class Limits:
    """Per-test limits. `memory_mb` is the address-space cap (Node needs about 1 GiB of address space)."""

    cpu_seconds: float = 2.0
    wall_seconds: float | None = None  # default: 2 x CPU + 1 s
    memory_mb: int = 256
    output_bytes: int = 1_048_576  # stdout + stderr per test
    file_size_mb: int = 8
    tmpfs_mb: int = 16
    nproc: int = 64
    nofile: int = 64
    total_wall_seconds: float | None = None  # the whole submission; default SANDBOX_SUBMISSION_WALL_SECONDS

    @property
    def wall(self) -> float:
        return self.wall_seconds if self.wall_seconds is not None else self.cpu_seconds * 2 + 1

    @property
    def submission_wall(self) -> float:
        return self.total_wall_seconds if self.total_wall_seconds is not None else 10.0


@dataclass(frozen=True)
class Language:
    name: str
    source_name: str
    launcher_name: str
    launcher: str
    command: tuple[str, ...]
    default_limits: Limits


LANGUAGES: dict[str, Language] = {
    "python": Language(
        name="python", source_name="main.py", launcher_name="launch.py", launcher=PYTHON_LAUNCHER,
        command=("/usr/bin/python3", "-I", "-B", "-X", "faulthandler=0"),
        default_limits=Limits(memory_mb=256, nproc=32),
    ),
    "javascript": Language(
        name="javascript", source_name="main.js", launcher_name="launch.js", launcher=JAVASCRIPT_LAUNCHER,
        command=("/usr/bin/node", "--max-old-space-size=192", "--stack-size=2048",
                 "--disallow-code-generation-from-strings"),
        default_limits=Limits(memory_mb=1280, nproc=64),
    ),
}


@dataclass
class TestResult:
    name: str
    verdict: str
    runtime_ms: int = 0
    wall_ms: int = 0
    peak_memory_kb: int = 0
    exit_code: int | None = None
    # A time limit verdict's limit: "cpu" (the CPU time it used), "wall" (the test's wall-clock limit: a program that
    # sleeps or waits uses almost no CPU) or "budget" (the whole submission's wall-clock budget ran out); with its
    # seconds, the limit itself (never the budget that was left: that would time the tests before it).
    stopped_by: str = ""
    limit_seconds: float | None = None
    stdout: str = ""
    stderr: str = ""
    expected_stdout: str | None = None  # filled only for public tests by the caller that may show it

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class SandboxResult:
    verdict: str
    language: str
    mode: str
    tests: list[TestResult] = field(default_factory=list)
    runtime_ms: int = 0          # CPU time of all tests
    peak_memory_kb: int = 0      # the largest peak of any test
    wall_ms: int = 0             # judge time the submission used (counted against the user's budget)
    compile_output: str = ""

    @property
    def passed(self) -> int:
        """Tests accepted. With tests not run (`skipped`) it counts those before the run stopped; the score is the
        share of the tests that ran (`share_of_tests_run`)."""
        return sum(1 for t in self.tests if t.verdict == ACCEPTED)

    @property
    def skipped(self) -> int:
        """Tests not run: after a compile error, a limit, or the first failing hidden test."""
        return sum(1 for t in self.tests if t.verdict == SKIPPED)

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict, "language": self.language, "mode": self.mode, "runtime_ms": self.runtime_ms,
            "peak_memory_kb": self.peak_memory_kb, "wall_ms": self.wall_ms, "passed": self.passed,
            "total": len(self.tests), "skipped": self.skipped,
            "compile_output": self.compile_output, "tests": [t.as_dict() for t in self.tests],
        }



def share_of_tests_run(result: dict) -> float:
    """A judged submission's score, 0–1: the share of the tests that ran that passed, passed / (total - skipped). The
    run stops at the first failing hidden test (the rest `skipped`), so passed / total scored a solution failing hidden
    test 1 of 10 far below one failing test 10; every test passed is still 1.0, and a compile error (everything
    skipped) 0. A result from before judging stopped early has no `skipped`: the same as it was. The one reading of a
    result's tests for the task's score, mastery and the dashboard's share of tests passed."""
    ran = int(result.get("total") or 0) - int(result.get("skipped") or 0)
    return int(result.get("passed") or 0) / ran if ran > 0 else 0.0

# --- mode detection ---------------------------------------------------------------------------------------------------

def _bwrap_path() -> str | None:
    configured = settings.SANDBOX_BWRAP or "bwrap"
    return shutil.which(configured)


@functools.lru_cache(maxsize=1)
def _probe_bubblewrap() -> tuple[bool, str]:
    """Can bubblewrap build the full sandbox here, as an unprivileged uid? Probed once per process."""
    bwrap = _bwrap_path()
    if not bwrap:
        return False, "bubblewrap is not installed (apt-get install bubblewrap)"
    _become_subreaper()
    with _UidSlot() as uid, tempfile.TemporaryDirectory(prefix="im-probe-") as tmp:
        os.chmod(tmp, 0o755)
        argv = _bwrap_argv(bwrap, Path(tmp), Limits()) + ["/usr/bin/true"]
        filter_fd = _seccomp_fd() if SECCOMP_FD in argv else None
        argv = [str(filter_fd) if arg == SECCOMP_FD else arg for arg in argv]
        try:
            proc = subprocess.run(argv, capture_output=True, timeout=10, env={}, user=uid, group=uid,
                                  extra_groups=[], start_new_session=True,
                                  pass_fds=() if filter_fd is None else (filter_fd,))
        except (OSError, subprocess.SubprocessError) as exc:
            return False, f"bubblewrap failed to start: {exc}"
        finally:
            if filter_fd is not None:
                os.close(filter_fd)
            _kill_uid(uid)
    if proc.returncode != 0:
        return False, f"bubblewrap cannot create namespaces: {proc.stderr.decode(errors='replace').strip()[:300]}"
    return True, "ok"


def sandbox_mode() -> tuple[str, str]:
    """(mode, detail): bubblewrap when it works, else rlimits_only if explicitly allowed, else refused."""
    ok, detail = _probe_bubblewrap()
    if ok:
        return MODE_BUBBLEWRAP, detail
    if settings.SANDBOX_ALLOW_RLIMITS_ONLY:
        return MODE_RLIMITS_ONLY, detail
    return MODE_REFUSED, detail


def reset_mode_cache() -> None:
    clear = getattr(_probe_bubblewrap, "cache_clear", None)
    if clear is not None:
        clear()


# --- uid pool ---------------------------------------------------------------------------------------------------------

class _UidSlot:
    """Claims an unused sandbox uid (flock on a lock file per uid) for the duration of one run."""

    def __init__(self):
        self.fd: int | None = None

    def __enter__(self) -> int:
        base = int(settings.SANDBOX_UID_BASE)
        count = int(settings.SANDBOX_UID_COUNT)
        lock_dir = Path(settings.SANDBOX_LOCK_DIR or Path(tempfile.gettempdir()) / "im-sandbox-uids")
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        start = os.getpid() % count
        for i in range(count):
            uid = base + (start + i) % count
            fd = os.open(lock_dir / f"{uid}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.fd = fd
            return uid
        raise SandboxUnavailable("Every sandbox slot is busy; try again shortly.")

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock


@functools.lru_cache(maxsize=1)
def _become_subreaper() -> bool:
    """Orphans of a run (bwrap's namespace init outlives the outer bwrap by a moment) are re-parented to us instead
    of to PID 1, which in a container may never reap them: zombies of a sandbox uid would count against its NPROC."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _processes_of(uid: int) -> list[tuple[int, int, bytes]]:
    """(pid, ppid, state) of every process whose /proc entry belongs to `uid` (zombies included)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            found.append((int(entry.name), int(fields[1]), fields[0]))
        except (OSError, ValueError, IndexError):
            continue
    return found


_PF_EXITING = 0x4  # task flag: past the point of no return in exit(); it can no longer run code or fork


def _still_running(pid: int) -> bool:
    """Could this process still run code? Every thread counts (a leader that called pthread_exit is a zombie while its
    other threads run on); a zombie, or a task already exiting, cannot."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            state, flags = fields[0], int(fields[6])
        except (OSError, ValueError, IndexError):
            continue
        if state not in (b"Z", b"X", b"x") and not flags & _PF_EXITING:
            return True
    return False


def _kill_uid(uid: int) -> None:
    """Kill every process owned by `uid` (`kill -KILL -1` run as that uid signals all of them but itself), then reap
    the ones re-parented to us. After a normal run the only one left is bubblewrap's namespace init, a zombie or
    already exiting: then no kill process is started (it cost a fork and an exec per test, ~10% of a run)."""
    if any(_still_running(pid) for pid, _, _ in _processes_of(uid)):
        subprocess.run([shutil.which("kill") or "/usr/bin/kill", "-KILL", "-1"], user=uid, group=uid,
                       extra_groups=[], env={}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    me = os.getpid()
    for pid, ppid, _ in _processes_of(uid):
        if ppid == me:
            try:
                os.waitpid(pid, 0)  # SIGKILLed, exiting or already a zombie: returns at once
            except ChildProcessError:
                pass


# --- running ----------------------------------------------------------------------------------------------------------

def _bwrap_argv(bwrap: str, box: Path, limits: Limits) -> list[str]:
    argv = [
        bwrap,
        "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv",
        "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/lib", "/lib", "--symlink", "usr/bin", "/bin",
    ]
    if Path("/lib64").exists():
        argv += ["--symlink", "usr/lib64", "/lib64"]
    argv += [
        "--proc", "/proc", "--dev", "/dev",
        "--size", str(limits.tmpfs_mb * 1024 * 1024), "--tmpfs", "/tmp",
        "--ro-bind", str(box), "/sandbox",
        # bwrap's root and /dev are memory-backed tmpfs without a size cap: read-only once everything is mounted, so
        # the size-capped /tmp is the only writable place (device nodes such as /dev/null still work).
        "--remount-ro", "/dev", "--remount-ro", "/",
        "--chdir", "/tmp",
        "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
        "--setenv", "PYTHONIOENCODING", "utf-8", "--setenv", "PYTHONHASHSEED", "0",
    ]
    if seccomp.supported():
        argv += ["--seccomp", SECCOMP_FD]  # replaced by a fresh pipe's fd in each run (bwrap reads it to the end)
    return [*argv, "--"]


def _rlimit_argv(limits: Limits) -> list[str]:
    """util-linux `prlimit` sets the rlimits and execs the rest: no preexec_fn, so starting a run is thread-safe."""
    cpu = max(1, math.ceil(limits.cpu_seconds))
    memory = limits.memory_mb * 1024 * 1024
    fsize = limits.file_size_mb * 1024 * 1024
    return [
        shutil.which("prlimit") or "/usr/bin/prlimit",
        f"--cpu={cpu}:{cpu + 1}", f"--as={memory}", f"--nproc={limits.nproc}", f"--fsize={fsize}",
        f"--nofile={limits.nofile}", "--core=0", "--",
    ]


@dataclass
class _Run:
    exit_code: int | None
    signal: int | None
    stdout: bytes
    stderr: bytes
    cpu_ms: int
    wall_ms: int
    peak_kb: int
    timed_out: bool
    output_exceeded: bool
    wall_limit: float = 0.0  # the seconds it was given: the test's wall limit, or less when the budget had less left


def _time_binary() -> str | None:
    """GNU time (Debian package `time`) measures the sandboxed tree alone. It runs *inside* the sandbox as the
    command's parent, because bwrap's outer process never reaps the namespace's init (so wait4 on bwrap sees neither
    the program's CPU time nor its peak RSS) and a process forked from the worker inherits the worker's ru_maxrss.
    It writes `peak_kb user_s sys_s` to a pipe we read after the run. The program could write to that pipe too, which
    can only misreport its own figures: the limits themselves are enforced by the kernel."""
    path = "/usr/bin/time"
    return path if os.access(path, os.X_OK) else None


@functools.lru_cache(maxsize=1)
def _setpriv() -> str | None:
    path = shutil.which("setpriv")  # util-linux, like prlimit
    return path if path and os.access(path, os.X_OK) else None


def _uid_switch(uid: int) -> tuple[list[str], dict]:
    """How a run becomes `uid`: util-linux `setpriv` at the head of the argv when it is there, so Popen may use vfork;
    Popen's own user=/group= makes CPython fork the whole worker instead, which cost tens of milliseconds per test in a
    large worker process. The uid is set before anything of the run executes either way (exec then makes the saved
    uid the new one and drops every capability)."""
    setpriv = _setpriv()
    if setpriv:
        return [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"], {}
    return [], {"user": uid, "group": uid, "extra_groups": []}


def _seccomp_fd() -> int:
    """A pipe's read end holding the seccomp program; bwrap reads it to the end, so each run gets a fresh one."""
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, seccomp.build_program())
    finally:
        os.close(write_fd)
    return read_fd


def _spawn(argv: list[str], *, stdin_path: Path, cwd: str, uid: int, limits: Limits) -> tuple[subprocess.Popen, int]:
    """Start the run: prlimit -> bwrap -> GNU time -> program. Returns the process and the stats pipe's read end."""
    timer = _time_binary()
    stats_r, stats_w = os.pipe()
    os.fchown(stats_w, uid, uid)  # GNU time reopens it through /proc/self/fd as the sandbox uid
    if timer:
        split = argv.index("--") + 1 if "--" in argv else 0
        argv = [*argv[:split], timer, "-q", "-f", "%M %U %S", "-o", f"/proc/self/fd/{stats_w}", *argv[split:]]
    passed = [stats_w]
    if SECCOMP_FD in argv:
        filter_fd = _seccomp_fd()
        passed.append(filter_fd)
        argv = [str(filter_fd) if arg == SECCOMP_FD else arg for arg in argv]
    switch, as_uid = _uid_switch(uid)
    try:
        with open(stdin_path, "rb") as stdin:
            proc = subprocess.Popen(
                switch + _rlimit_argv(limits) + argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                cwd=cwd, env={}, start_new_session=True, close_fds=True, pass_fds=tuple(passed), **as_uid,
            )
    except BaseException:
        os.close(stats_r)
        raise
    finally:
        for fd in passed:
            os.close(fd)
    return proc, stats_r


@dataclass
class _Watch:
    """What one run has produced so far, while it runs."""

    proc: subprocess.Popen
    uid: int
    deadline: float
    out: bytearray = field(default_factory=bytearray)
    err: bytearray = field(default_factory=bytearray)
    reaped: tuple | None = None
    timed_out: bool = False
    exceeded: bool = False
    cleaned: bool = False


def _drain(sel: selectors.BaseSelector, timeout: float) -> None:
    for key, _ in sel.select(timeout=timeout):
        chunk = os.read(key.fd, 65536)
        if chunk:
            key.data.extend(chunk)
        else:
            sel.unregister(key.fileobj)


def _poll_exit(watch: _Watch) -> None:
    pid, status, usage = os.wait4(watch.proc.pid, os.WNOHANG)
    if pid:
        # The program is done; whatever it left running (holding our pipes open) goes now.
        watch.reaped = (status, usage)
        _kill_uid(watch.uid)
        watch.cleaned = True
        watch.deadline = min(watch.deadline, time.monotonic() + 1)


def _watch(watch: _Watch, output_bytes: int) -> None:
    """Read stdout/stderr until both close, the deadline passes or the output cap is exceeded."""
    sel = selectors.DefaultSelector()
    sel.register(watch.proc.stdout, selectors.EVENT_READ, watch.out)
    sel.register(watch.proc.stderr, selectors.EVENT_READ, watch.err)
    try:
        while sel.get_map():
            remaining = watch.deadline - time.monotonic()
            if remaining <= 0:
                watch.timed_out = watch.reaped is None
                return
            _drain(sel, min(remaining, 0.1))
            if len(watch.out) + len(watch.err) > output_bytes:
                watch.exceeded = True
                return
            if watch.reaped is None:
                _poll_exit(watch)
    finally:
        sel.close()


def _reap(watch: _Watch) -> tuple[int, object]:
    if watch.reaped is None:
        if watch.timed_out or watch.exceeded:
            _kill_group(watch.proc.pid)  # our direct child first, reaped just below; the rest goes with _kill_uid
        _, status, usage = os.wait4(watch.proc.pid, 0)
    else:
        status, usage = watch.reaped
    watch.proc.returncode = os.waitstatus_to_exitcode(status)
    watch.proc.stdout.close()
    watch.proc.stderr.close()
    if not watch.cleaned:
        _kill_uid(watch.uid)  # nothing the run started may outlive it (and nobody holds the stats pipe open any more)
    return status, usage


def _read_stats(stats_r: int) -> list[str]:
    os.set_blocking(stats_r, False)
    try:
        return os.read(stats_r, 4096).decode(errors="replace").split()
    except BlockingIOError:
        return []
    finally:
        os.close(stats_r)


def _execute(argv: list[str], *, stdin_path: Path, cwd: str, uid: int, limits: Limits,
             wall: float | None = None) -> _Run:
    """One test in a fresh process: at most `wall` seconds (default the per-test limit), output capped."""
    started = time.monotonic()
    proc, stats_r = _spawn(argv, stdin_path=stdin_path, cwd=cwd, uid=uid, limits=limits)
    wall = limits.wall if wall is None else wall
    watch = _Watch(proc=proc, uid=uid, deadline=started + wall)
    try:
        _watch(watch, limits.output_bytes)
    finally:
        status, usage = _reap(watch)
    stats = _read_stats(stats_r)
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    cpu_ms = int((usage.ru_utime + usage.ru_stime) * 1000)
    peak_kb = 0  # unknown: wait4's ru_maxrss would carry the worker's own peak over exec()
    try:
        peak_kb, cpu_ms = int(stats[-3]), max(cpu_ms, int((float(stats[-2]) + float(stats[-1])) * 1000))
    except (ValueError, IndexError):
        pass  # killed before GNU time could write: CPU from wait4 (a lower bound), memory unknown
    if watch.timed_out:
        # Stopped at the wall clock: wait4's CPU is bubblewrap's own few ms ("Time limit exceeded, 4 ms CPU"), and the
        # time it ran is no better: the cut is at what is left of the submission's budget, so an example after
        # hidden tests would show their wall time to the ms. It reports its CPU limit ("at least the limit").
        cpu_ms = int(limits.cpu_seconds * 1000)
    return _Run(exit_code=exit_code, signal=sig, stdout=bytes(watch.out[: limits.output_bytes]),
                stderr=bytes(watch.err[:65536]), cpu_ms=cpu_ms, wall_ms=int((time.monotonic() - started) * 1000),
                peak_kb=peak_kb, timed_out=watch.timed_out, output_exceeded=watch.exceeded, wall_limit=wall)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_MEMORY_MARKERS = (b"MemoryError", b"heap out of memory", b"Allocation failed", b"Cannot allocate memory",
                   b"Failed to reserve virtual memory", b"std::bad_alloc")


def _signal_of(run: _Run) -> int | None:
    """bwrap reports a child killed by signal N as exit 128+N; the rlimits-only path sees the signal directly."""
    if run.signal is not None:
        return run.signal
    if run.exit_code is not None and run.exit_code > 128:
        return run.exit_code - 128
    return None


def _classify(run: _Run, limits: Limits) -> str:
    """The verdict of a finished run before comparing output (None-equivalent: 'ok')."""
    if run.output_exceeded:
        return OUTPUT_LIMIT
    sig = _signal_of(run)
    if run.timed_out or sig == signal.SIGXCPU or run.cpu_ms >= limits.cpu_seconds * 1000:
        return TIME_LIMIT
    if run.exit_code == COMPILE_ERROR_EXIT and b"solution." in run.stderr and b"Error" in run.stderr:
        return COMPILE_ERROR
    if run.exit_code == 0 and sig is None:
        return "ok"
    tail = run.stderr[-4096:]
    if any(marker in tail for marker in _MEMORY_MARKERS):
        return MEMORY_LIMIT
    if sig == signal.SIGXFSZ:
        return OUTPUT_LIMIT
    if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGTRAP) and \
            run.peak_kb * 1024 >= limits.memory_mb * 1024 * 1024 * 0.5:
        return MEMORY_LIMIT
    return RUNTIME_ERROR


def normalise_output(text: str) -> str:
    """Trailing whitespace on each line and trailing blank lines do not matter."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")


def _numbers_equal(a: int | float, b: int | float) -> bool:
    """`a` (the answer) against `b` (the expected number); neither is a bool."""
    if isinstance(b, int):
        # A whole number is expected: exactly (within 1e-6 relative, 2147483000 passed for 2147483649), and a float
        # answer only when it is whole (2.0 for 2; int() compares exactly beyond 2**53, where floats are sparse).
        return a.is_integer() and int(a) == b if isinstance(a, float) else a == b
    try:
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    except OverflowError:  # an integer too large for a float (a 400-digit answer) is no float's neighbour
        return False


def _json_equal(a, b, *, unordered: bool) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return _numbers_equal(a, b)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        if unordered:
            def canon(x):
                return json.dumps(x, sort_keys=True)
            return _json_equal(sorted(a, key=canon), sorted(b, key=canon), unordered=False)
        return all(_json_equal(x, y, unordered=False) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k], unordered=False) for k in a)
    return a == b


def outputs_match(actual: str, expected: str, compare: str = "exact") -> bool:
    """Compare outside the sandbox. `json` parses both sides (whole numbers exactly, floats within 1e-6);
    `json_unordered` also ignores the order of a top-level list."""
    if compare in ("json", "json_unordered"):
        try:
            got = json.loads(actual)
            want = json.loads(expected)
            # Comparing goes deeper than parsing (an unordered list's items are written out as JSON to sort them):
            # an answer nested just under the limit was parsed, then crashed the judge here.
            return _json_equal(got, want, unordered=compare == "json_unordered")
        except (ValueError, RecursionError):
            return False
    return normalise_output(actual) == normalise_output(expected)


def _decode(data: bytes, limit: int = 8192) -> str:
    text = data.decode("utf-8", errors="replace")
    return text if len(text) <= limit else text[:limit] + "\n…[truncated]"


def _prepare_box(root: Path, lang: Language, code: str, *, uid: int, mode: str,
                 limits: Limits) -> tuple[list[str], str]:
    """Write the program into a read-only box; return the argv of one run and its working directory."""
    box = root / "box"
    box.mkdir()
    (box / lang.source_name).write_text(code, encoding="utf-8")
    (box / lang.launcher_name).write_text(lang.launcher, encoding="utf-8")
    for path in (root, box, box / lang.source_name, box / lang.launcher_name):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    if mode == MODE_BUBBLEWRAP:
        return [*_bwrap_argv(_bwrap_path(), box, limits), *lang.command, f"/sandbox/{lang.launcher_name}"], "/"
    work = root / "work"
    work.mkdir()
    os.chown(work, uid, uid)
    os.chmod(work, 0o700)
    return list(lang.command) + [str(box / lang.launcher_name), str(box / lang.source_name)], str(work)


def _time_limit_hit(run: _Run, limits: Limits) -> tuple[str, float]:
    """Which limit stopped a run judged TIME_LIMIT, and its seconds: the wall clock's (the test's own, or the
    submission's budget when what was left of it was shorter) or the CPU time's."""
    if not run.timed_out:
        return "cpu", float(limits.cpu_seconds)
    if run.wall_limit < limits.wall:
        return "budget", float(limits.submission_wall)
    return "wall", float(limits.wall)


def _judge(run: _Run, test: dict, name: str, limits: Limits) -> TestResult:
    verdict = _classify(run, limits)
    if verdict == "ok":
        matched = outputs_match(run.stdout.decode("utf-8", errors="replace"), str(test.get("expected_stdout", "")),
                                test.get("compare", "exact"))
        verdict = ACCEPTED if matched else WRONG_ANSWER
    stopped_by, limit_seconds = _time_limit_hit(run, limits) if verdict == TIME_LIMIT else ("", None)
    return TestResult(name=name, verdict=verdict, runtime_ms=run.cpu_ms, wall_ms=run.wall_ms,
                      peak_memory_kb=run.peak_kb, exit_code=run.exit_code, stdout=_decode(run.stdout),
                      stderr=_decode(run.stderr), stopped_by=stopped_by, limit_seconds=limit_seconds)


def _stops_the_run(verdict: str, stop_on_failure: bool) -> bool:
    return verdict in (COMPILE_ERROR, TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT) or (stop_on_failure and
                                                                                   verdict != ACCEPTED)


# From this many characters a Python program is compiled once, in the sandbox, before its tests, which then load the
# code object instead of compiling it each (a 100,000-character answer compiled ten times, 40-90 ms of CPU each). Below
# it the extra process costs more than it saves.
COMPILE_ONCE_CHARS = 20_000


def _compile_once(result: SandboxResult, *, argv: list[str], cwd: str, root: Path, uid: int, limits: Limits,
                  budget_ends: float) -> bytes:
    """Compile a long Python program in the sandbox and leave its code object beside it (`main.code`) for the tests to
    load. Its time counts in the submission's. Anything short of a clean compile writes nothing: the tests compile
    the source themselves, and report a syntax error as they always did. Returns what a clean compile wrote to stderr
    (a SyntaxWarning such as `"is" with a literal`): the tests no longer compile, so it is theirs to show."""
    stdin_path = root / "stdin"
    stdin_path.write_text("", encoding="utf-8")
    os.chmod(stdin_path, 0o600)
    remaining = budget_ends - time.monotonic()
    if remaining <= 0:
        return b""
    try:
        run = _execute([*argv, "--compile"], stdin_path=stdin_path, cwd=cwd, uid=uid, limits=limits,
                       wall=min(limits.wall, remaining))
    except OSError:
        return b""  # the tests' own start reports it
    result.wall_ms += run.wall_ms
    if run.exit_code == 0 and not run.timed_out and not run.output_exceeded and run.stdout:
        cached = root / "box" / "main.code"
        cached.write_bytes(run.stdout)
        os.chmod(cached, 0o644)
        return run.stderr
    return b""


def _run_tests(result: SandboxResult, tests: list[dict], *, argv: list[str], cwd: str, root: Path, uid: int,
               limits: Limits, stop_on_failure: bool, compile_once: bool = False) -> None:
    """Each test in a fresh process, within the per-test limit and what is left of the submission's wall budget."""
    budget_ends = time.monotonic() + limits.submission_wall
    warnings = b""  # a compiled-once program's compile warnings, shown first in each test's stderr as a short one's
    if compile_once and len(tests) > 1:
        warnings = _compile_once(result, argv=argv, cwd=cwd, root=root, uid=uid, limits=limits,
                                 budget_ends=budget_ends)
    stopped = False
    for index, test in enumerate(tests):
        name = str(test.get("name") or f"test {index + 1}")
        remaining = budget_ends - time.monotonic()
        if stopped or remaining <= 0:
            # The first test the budget leaves no time for is the one that ran out of it.
            result.tests.append(TestResult(name=name, verdict=SKIPPED) if stopped else TestResult(
                name=name, verdict=TIME_LIMIT, stopped_by="budget", limit_seconds=float(limits.submission_wall)))
            stopped = True
            continue
        stdin_path = root / "stdin"
        stdin_path.write_text(str(test.get("stdin", "")), encoding="utf-8")
        os.chmod(stdin_path, 0o600)
        try:
            run = _execute(argv, stdin_path=stdin_path, cwd=cwd, uid=uid, limits=limits,
                           wall=min(limits.wall, remaining))
        except OSError as exc:
            logger.error("sandbox failed to start: %s", exc)
            result.tests.append(TestResult(name=name, verdict=SANDBOX_ERROR, stderr=str(exc)))
            return
        judged = _judge(replace(run, stderr=warnings + run.stderr) if warnings else run, test, name, limits)
        result.tests.append(judged)
        result.wall_ms += run.wall_ms
        if judged.verdict == COMPILE_ERROR:
            result.compile_output = judged.stderr
        # a hidden test (`"hidden": True`) stops the run at its first failure: judging on after it gave every hidden
        # test a verdict the program could choose by that test's input (services.sandbox_tests)
        stopped = _stops_the_run(judged.verdict, stop_on_failure or bool(test.get("hidden")))


def _resolve_limits(lang: Language, limits: Limits | dict | None) -> Limits:
    if isinstance(limits, dict):
        limits = replace(lang.default_limits, **limits)
    limits = limits or lang.default_limits
    if limits.total_wall_seconds is None:
        limits = replace(limits, total_wall_seconds=float(settings.SANDBOX_SUBMISSION_WALL_SECONDS))
    return limits


def run_submission(*, language: str, code: str, tests: list[dict], limits: Limits | dict | None = None,
                   stop_on_failure: bool = False) -> SandboxResult:
    """Run `code` once per test (`{name, stdin, expected_stdout[, compare, hidden]}`) in the sandbox and judge each
    output, in order. A compile error or a time, memory or output limit skips the tests after it; so does any failure
    of a test marked `hidden` (or of any test with `stop_on_failure`).

    The whole submission has a wall-time budget (`Limits.total_wall_seconds`, default SANDBOX_SUBMISSION_WALL_SECONDS):
    a test that runs past it is stopped and judged `time_limit`, and the tests after it are skipped.
    Raises UnsupportedLanguage for an unknown language and SandboxUnavailable when no acceptable sandbox mode is
    available. Never raises for anything the submitted code does.
    """
    lang = LANGUAGES.get(language)
    if lang is None:
        raise UnsupportedLanguage(f"Language {language!r} is not supported; use one of: {', '.join(LANGUAGES)}.")
    limits = _resolve_limits(lang, limits)
    mode, detail = sandbox_mode()
    _become_subreaper()
    if mode == MODE_REFUSED:
        raise SandboxUnavailable(
            f"The code sandbox is unavailable ({detail}); "
            "set SANDBOX_ALLOW_RLIMITS_ONLY=true to accept the weaker mode."
        )
    result = SandboxResult(verdict=ACCEPTED, language=language, mode=mode)
    with _UidSlot() as uid, tempfile.TemporaryDirectory(prefix="im-sbx-") as tmp:
        argv, cwd = _prepare_box(Path(tmp), lang, code, uid=uid, mode=mode, limits=limits)
        _run_tests(result, tests, argv=argv, cwd=cwd, root=Path(tmp), uid=uid, limits=limits,
                   stop_on_failure=stop_on_failure,
                   compile_once=lang.name == "python" and len(code) >= COMPILE_ONCE_CHARS)
    result.runtime_ms = sum(t.runtime_ms for t in result.tests)
    result.peak_memory_kb = max((t.peak_memory_kb for t in result.tests), default=0)
    result.verdict = next((t.verdict for t in result.tests if t.verdict not in (ACCEPTED, SKIPPED)), ACCEPTED)
    if not tests:
        result.verdict = SANDBOX_ERROR
    return result


def readiness_check() -> dict:
    """The `sandbox` check on /ready: which mode is active. Refused mode means the judge cannot run code: not ready."""
    mode, detail = sandbox_mode()
    _become_subreaper()
    if mode == MODE_REFUSED:
        raise RuntimeError(f"code sandbox refused: {detail} "
                           "(set SANDBOX_ALLOW_RLIMITS_ONLY=true to accept rlimits only)")
    body = {"mode": mode, "languages": sorted(LANGUAGES)}
    if mode == MODE_RLIMITS_ONLY:
        body["warning"] = f"no namespaces, rlimits only: {detail}"
    return body
