"""For PostgreSQL lock-order tests: see that a transaction another thread runs is waiting on a row lock, so a test can
hold two transactions in exactly the interleaving that deadlocked."""

from __future__ import annotations

import inspect
import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def blocked_lock_waits() -> int:
    """How many lock requests on this database are waiting right now (read from the test's own connection)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                       "WHERE NOT l.granted AND a.datname = current_database()")
        return cursor.fetchone()[0]


def until_a_lock_waits(timeout: float = 10) -> None:
    """Return once some transaction waits on a lock; fail the test if none does within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while blocked_lock_waits() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert blocked_lock_waits() > 0, "no transaction came to wait on a lock"


def held_while_the_other_runs(monkeypatch, *, hold: tuple, first, then, then_may_finish: bool = False) -> tuple:
    """Run `first` until it calls `hold` (an (owner, name) pair: a module's or an object's function, or a class's
    property), where it holds the locks it took; run `then` meanwhile until it waits on a lock; then let `first` go
    on. Each one's result, or the repr of what it raised (a deadlock surfaces there, so the test's assertion on the
    results shows it). Each runs in its own thread, so on its own connection, closed when it ends.

    Why one harness: every lock-order test needs this same interleaving, and a copy that drifts (a wait not asserted,
    a connection left open) would make a test pass without ever reaching the order that deadlocked. Only the first
    call in `first`'s thread holds, so `then` may call the same function freely. `then` must come to wait on a lock
    unless `then_may_finish` (where the fixed order lets it through)."""
    holding, go_on, mine = threading.Event(), threading.Event(), threading.local()

    def pause():
        if getattr(mine, "first", False) and not holding.is_set():
            holding.set()
            assert go_on.wait(timeout=10)

    _pause_in(monkeypatch, *hold, pause)

    def run(call, is_first):
        mine.first = is_first
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - the deadlock surfaces here
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        one = pool.submit(run, first, True)
        try:
            assert holding.wait(timeout=10), f"`first` never reached {hold[1]}"
            two = pool.submit(run, then, False)
            if then_may_finish:
                deadline = time.monotonic() + 10
                while not two.done() and blocked_lock_waits() == 0 and time.monotonic() < deadline:
                    time.sleep(0.02)
                # neither: the race was never run (a slow machine), and the test would pass without testing it
                assert two.done() or blocked_lock_waits() > 0, "`then` neither finished nor waited on a lock"
            else:
                until_a_lock_waits()
        finally:
            go_on.set()
        return one.result(timeout=30), two.result(timeout=30)


def _pause_in(monkeypatch, owner, name: str, pause) -> None:
    """Make `owner.name` call `pause()` before it does its work (undone with the test's monkeypatch)."""
    if isinstance(inspect.getattr_static(owner, name), property):
        real_get = inspect.getattr_static(owner, name).fget

        def held_get(obj):
            pause()
            return real_get(obj)

        monkeypatch.setattr(owner, name, property(held_get))
        return
    real = getattr(owner, name)

    def held(*args, **kwargs):
        pause()
        return real(*args, **kwargs)

    if isinstance(owner, (type, types.ModuleType)):
        monkeypatch.setattr(owner, name, held)
    else:  # an object's method (a manager's `create`): shadowed on the object alone, the shadow removed afterwards
        monkeypatch.setitem(vars(owner), name, held)
