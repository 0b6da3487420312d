"""A worker killed in the middle of an evaluation loses nothing: the redelivered task evaluates the answer once and
the interview moves on. The first worker is stuck in a slow AI provider when it is killed."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from django.db import connection

from interviewmaster.testing import serve_http, start_worker, stop_workers, wait_for
from interviews import services
from interviews.models import Evaluation, Turn

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.django_db(transaction=True)]


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

        self.server = serve_http(Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"


def start_evaluation_worker(name: str, queue: str, providers: str, **env: str):
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return start_worker(name, queue, DATABASE_URL=database_url, DJANGO_TESTING="false", AI_PROVIDERS=providers,
                        AI_CACHE_ENABLED="false", **env)


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
    first = start_evaluation_worker("first", queue, providers)
    second = None
    try:
        evaluate_turn.apply_async(args=[question.id], queue=queue)
        assert slow.called.wait(timeout=90), "the first worker never reached the AI provider"
        os.kill(first.pid, signal.SIGKILL)  # mid-evaluation: no ack, no reject
        first.wait(timeout=10)
        assert not Evaluation.objects.filter(turn=question).exists()

        second = start_evaluation_worker("second", queue, "")  # offline provider only
        evaluation = wait_for(lambda: Evaluation.objects.filter(turn=question).first(), timeout=120)
        assert evaluation is not None, "the evaluation was lost with the first worker"
        assert evaluation.provider == "offline"
        nxt = wait_for(lambda: Turn.objects.filter(session=session, status="open").first(), timeout=30)
        assert nxt is not None and nxt.index == question.index + 1  # the interview moved on, once
        assert Evaluation.objects.filter(turn__session=session).count() == 1
    finally:
        stop_workers(first, second)
        slow.server.shutdown()


def test_an_evaluation_whose_worker_is_killed_is_sent_again_by_the_sweep(bank, candidate):
    """As above, but the broker keeps the killed worker's message for CELERY_VISIBILITY_TIMEOUT (an hour, as in
    production): only the stuck-work sweep brings the evaluation back within the interview."""
    from datetime import timedelta

    from django.utils import timezone

    from interviews.tasks import evaluate_turn

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"max_follow_ups_per_question": 0})
    services.begin_session(session=session, actor=candidate)
    warm_up = Turn.objects.get(session=session, status="open")
    services.submit_answer(session=session, candidate=candidate, text="Hello", turn_id=warm_up.id)
    question = Turn.objects.get(session=session, status="open")
    Turn.objects.filter(id=question.id).update(status="submitted", answer_text="A hash map gives O(n) time.",
                                               submitted_at=timezone.now())

    slow = SlowProvider()
    queue = f"eval-sweep-{question.id}-{os.getpid()}"
    providers = json.dumps([{"name": "slow", "base_url": slow.url, "model": "m", "api_key": "k", "timeout": 100,
                             "max_retries": 0}])
    first = start_evaluation_worker("first", queue, providers, CELERY_VISIBILITY_TIMEOUT="3600")
    second = None
    try:
        evaluate_turn.apply_async(args=[question.id], queue=queue)
        assert slow.called.wait(timeout=90), "the first worker never reached the AI provider"
        os.kill(first.pid, signal.SIGKILL)  # mid-evaluation: no ack, no reject
        first.wait(timeout=10)

        # offline only, on the queues the evaluation and the next step are routed to
        second = start_evaluation_worker("second", "ai,live", "", CELERY_VISIBILITY_TIMEOUT="3600")
        assert services.recover_stuck_evaluations() == 0  # not stuck yet
        from interviewmaster.models import TaskLease

        assert TaskLease.objects.filter(name=f"interviews.evaluation:{question.id}").exists()  # the killed one's
        # An hour later: the killed worker's lease ran out long ago (it lasts the task's hard time limit).
        an_hour_ago = timezone.now() - timedelta(hours=1)
        Turn.objects.filter(id=question.id).update(submitted_at=an_hour_ago)
        TaskLease.objects.update(until=an_hour_ago)
        assert services.recover_stuck_evaluations() == 1

        evaluation = wait_for(lambda: Evaluation.objects.filter(turn=question).first(), timeout=120)
        assert evaluation is not None, "the sweep did not bring the evaluation back"
        assert evaluation.provider == "offline"
        nxt = wait_for(lambda: Turn.objects.filter(session=session, status="open").first(), timeout=30)
        assert nxt is not None and nxt.index == question.index + 1  # the interview moved on, once
        assert Evaluation.objects.filter(turn__session=session).count() == 1
        assert Turn.objects.get(id=question.id).recoveries == 1
    finally:
        stop_workers(first, second)
        slow.server.shutdown()
