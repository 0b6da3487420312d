"""A worker killed in the middle of an evaluation loses nothing: the redelivered task evaluates the answer once and
the interview moves on. The first worker is stuck in a slow AI provider when it is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from interviews import services
from interviews.models import Evaluation, Turn

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


class SlowProvider:
    """An OpenAI-compatible endpoint that never answers in time: it only records that a call arrived."""

    def __init__(self):
        self.called = threading.Event()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                provider.called.set()
                time.sleep(120)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"


def start_worker(name: str, queue: str, providers: str) -> subprocess.Popen:
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_TASK_ALWAYS_EAGER": "false",
           "CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_UNACKED_RESTORE_INTERVAL": "1",
           "CELERY_UNACKED_RESTORE_THROTTLE": "1", "DJANGO_TESTING": "false", "AI_PROVIDERS": providers,
           "AI_CACHE_ENABLED": "false"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "interviewmaster", "worker", "-P", "solo", "-Q", queue,
         "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def test_an_evaluation_whose_worker_is_killed_is_finished_by_a_second_worker(bank, candidate):
    from interviews.tasks import evaluate_turn

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"max_follow_ups_per_question": 0})
    services.begin_session(session=session, actor=candidate)
    warm_up = Turn.objects.get(session=session, status="open")
    services.submit_answer(session=session, candidate=candidate, text="Hello", turn_id=warm_up.id)
    question = Turn.objects.get(session=session, status="open")
    # Record the answer as submit_answer does, but send the evaluation to this test's own queue.
    Turn.objects.filter(id=question.id).update(status="submitted", answer_text="A hash map gives O(n) time.")

    slow = SlowProvider()
    queue = f"eval-crash-{question.id}-{os.getpid()}"
    providers = json.dumps([{"name": "slow", "base_url": slow.url, "model": "m", "api_key": "k", "timeout": 100,
                             "max_retries": 0}])
    first = start_worker("first", queue, providers)
    second = None
    try:
        evaluate_turn.apply_async(args=[question.id], queue=queue)
        assert slow.called.wait(timeout=90), "the first worker never reached the AI provider"
        os.kill(first.pid, signal.SIGKILL)  # mid-evaluation: no ack, no reject
        first.wait(timeout=10)
        assert not Evaluation.objects.filter(turn=question).exists()

        second = start_worker("second", queue, "")  # offline provider only
        evaluation = wait_for(lambda: Evaluation.objects.filter(turn=question).first(), timeout=120)
        assert evaluation is not None, "the evaluation was lost with the first worker"
        assert evaluation.provider == "offline"
        nxt = wait_for(lambda: Turn.objects.filter(session=session, status="open").first(), timeout=30)
        assert nxt is not None and nxt.index == question.index + 1  # the interview moved on, once
        assert Evaluation.objects.filter(turn__session=session).count() == 1
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        slow.server.shutdown()
