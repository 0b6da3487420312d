"""Parsing an uploaded file in a child process with a hard deadline and a memory cap.

A regex in C or a PDF content stream can hold the GIL for minutes and ignore signals; a soft time limit never fires
then, and in the embedded default (no Redis: tasks run inside the web process) the whole site would freeze. So the
pure-CPU part of a parse (extract text, find skills and facts) runs in a forked child: the caller's thread only waits
on a pipe (the GIL is free, other requests are served), and at the deadline the child gets SIGKILL, which nothing in
it can ignore. The child touches no database connection and no storage: bytes in, a picklable result out.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from resumes.errors import ExtractionFailed, ResumesErrorCode


class ParseTimedOut(Exception):
    """The child did not finish within its deadline and was killed."""


class ParseCrashed(Exception):
    """The child died without an answer (killed by the memory cap, a segfault in a C extension...)."""


def _address_space_now() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(func: Callable, args: tuple, write_fd: int, memory_mb: int) -> None:
    """Runs in the forked child; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if memory_mb and (current := _address_space_now()):
            limit = current + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            outcome = ("ok", func(*args))
        except ExtractionFailed as exc:  # carried as fields: its constructor does not round-trip through pickle
            outcome = ("failed", exc.code, exc.reason)
        except MemoryError:
            outcome = ("failed", ResumesErrorCode.TOO_COMPLEX,
                       "The file needs far more memory to read than any resume. Export it again (plain text, no "
                       "embedded objects) and upload the copy.")
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it with the resume id
            outcome = ("error", f"{type(exc).__name__}: {exc}"[:500])
        with os.fdopen(write_fd, "wb") as out:
            out.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - whatever happens, the child must leave through os._exit
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int, deadline: float) -> bytes:
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ParseTimedOut()
        ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def call_with_deadline(func: Callable, *args, seconds: float, memory_mb: int = 0) -> Any:
    """`func(*args)` in a forked child. Raises ParseTimedOut, ParseCrashed, ExtractionFailed (rebuilt from the
    child's), or RuntimeError for an unexpected exception in the child."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_fd)
        _child(func, args, write_fd, memory_mb)
    os.close(write_fd)
    try:
        payload = _read_all(read_fd, time.monotonic() + seconds)
    except BaseException:  # the deadline, or the waiting thread interrupted: the child goes either way
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
    if not payload:
        raise ParseCrashed()
    outcome = pickle.loads(payload)  # noqa: S301 - our own child's output, through a private pipe
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "failed":
        raise ExtractionFailed(outcome[1], outcome[2])
    raise RuntimeError(outcome[1])
