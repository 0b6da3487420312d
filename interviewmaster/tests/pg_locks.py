"""For PostgreSQL lock-order tests: see that a transaction another thread runs is waiting on a row lock, so a test can
hold two transactions in exactly the interleaving that deadlocked."""

from __future__ import annotations

import time

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
