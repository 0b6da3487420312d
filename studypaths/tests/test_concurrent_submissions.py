"""Two tabs or a double-click on the default SQLite database: parallel submissions of one task queue for the write
lock (BEGIN IMMEDIATE) instead of failing with "database is locked" (a 500 HTML page). One is accepted, the others
are told the task is being judged.

The server is the one `make run` starts (uvicorn, one process, a thread per synchronous request) on a file-based copy
of the test database: the in-memory test database shares its cache between connections and locks tables, not the
file, so it could not show SQLite's real locking."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import CandidateFactory
from interviewmaster.testing import ROOT, wait_for
from studypaths import study
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                       reason="SQLite's locking: PostgreSQL waits for row locks by itself"),
]

PARALLEL = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _copy_test_database(path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)


def _answers_on(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
    except urllib.error.HTTPError:
        return True  # it answers (whatever the status)
    except OSError:
        return False
    return True


@pytest.fixture
def open_task():
    """A candidate's pending task (committed: the server reads a copy of the database) and their API token."""
    from rest_framework_simplejwt.tokens import AccessToken

    user = CandidateFactory()
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    return study.get_next_task(user=user), str(AccessToken.for_user(user))


@pytest.fixture
def server_port(open_task, tmp_path):
    """uvicorn, as `make run` starts it, on a file copy of the test database taken after `open_task`."""
    database = tmp_path / "db.sqlite3"
    _copy_test_database(database)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port),
                               "--log-level", "warning", "interviewmaster.asgi:application"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: _answers_on(port), timeout=60), "the server did not start"
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


def _submit_in_parallel(port: int, task_id: int, token: str) -> list[tuple[int, str]]:
    """PARALLEL submissions released together; (status, content type) of each answer."""
    body = json.dumps({"language": "python", "code": ADD_PY}).encode()
    start = threading.Barrier(PARALLEL)
    answers: list[tuple[int, str]] = []

    def submit():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/study-tasks/{task_id}/submit", data=body,
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        start.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answers.append((response.status, response.headers.get("Content-Type", "")))
        except urllib.error.HTTPError as error:
            answers.append((error.code, error.headers.get("Content-Type", "")))

    threads = [threading.Thread(target=submit) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers


def test_parallel_submissions_of_one_task_queue_instead_of_failing(open_task, server_port):
    task, token = open_task
    answers = _submit_in_parallel(server_port, task.id, token)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [202] + [409] * (PARALLEL - 1), answers  # no 500 "database is locked"
    assert all(kind.startswith("application/json") for _, kind in answers), answers
