"""The AI usage counters still buffered when a process exits (interviewmaster/ai/quota.py, `flush_at_exit`): written
through a live connection, quietly, and never into the development database from a test process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

SCRIPT = textwrap.dedent("""
    import os, django
    django.setup()
    from django.db import connection
    from interviewmaster.ai.offline import OfflineProvider
    from interviewmaster.ai.quota import QuotaTracker

    tracker = QuotaTracker(flush_seconds=3600)  # held: the exit flush finds trackers through a WeakSet
    tracker.record_call(OfflineProvider(), requests=1, tokens_in=7)
    if os.environ.get("TERMINATE"):  # the server drops the connection (a restart, an idle timeout) before the exit
        import psycopg
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        with psycopg.connect(os.environ["ADMIN_URL"], autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    print("exiting")
""")


def _exit_with_buffered_usage(**env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR), "DJANGO_SETTINGS_MODULE": "interviewmaster.settings",
               **env}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=environ, cwd=settings.BASE_DIR, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "exiting" in done.stdout, done.stderr
    return done


def test_a_test_process_writes_nothing_at_exit_and_says_nothing(tmp_path):
    """The tests' database is gone at exit and the settings name another one: writing there put the tests' counts in
    the development database, or logged "relation does not exist" (here: a database that cannot even be opened)."""
    done = _exit_with_buffered_usage(DJANGO_TESTING="true",
                                     DATABASE_URL=f"sqlite:///{tmp_path}/no-such-folder/development.sqlite3")
    assert "AI usage" not in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_and_the_usage_written_at_exit():
    from interviewmaster.models import ProviderUsage

    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT'] or 5432}"
    done = _exit_with_buffered_usage(DJANGO_TESTING="false", DATABASE_URL=f"{url}/{db['NAME']}", DB_CONN_MAX_AGE="600",
                                     ADMIN_URL=f"{url}/postgres".replace("postgres://", "postgresql://"),
                                     TERMINATE="1")
    assert "could not write" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    usage = ProviderUsage.objects.get(provider="offline")
    assert (usage.calls, usage.tokens_in) == (1, 7)
