"""A worker killed in the middle of a resume's analysis leaves the resume `analysing`; the broker would hand the
message to another worker only after CELERY_VISIBILITY_TIMEOUT (an hour here, as in production). The stuck-work sweep
sends it again and a second worker finishes it, once."""

from __future__ import annotations

import json
import os
import signal
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from interviewmaster.testing import start_worker, stop_workers, wait_for
from interviews.tests.test_worker_crash import SlowProvider
from resumes import services
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import ResumeFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.django_db(transaction=True)]


def start_resume_worker(name: str, queue: str, providers: str):
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    # No redelivery by the broker within the test: only the sweep can bring the analysis back.
    return start_worker(name, queue, DATABASE_URL=database_url, DJANGO_TESTING="false", AI_PROVIDERS=providers,
                        AI_CACHE_ENABLED="false", CELERY_VISIBILITY_TIMEOUT="3600")


def test_an_analysis_whose_worker_is_killed_is_sent_again_by_the_sweep(candidate, settings):
    from resumes.tasks import analyse_resume

    resume = ResumeFactory(owner=candidate, status=ResumeStatus.ANALYSING, progress=70, is_active=True,
                           text="Backend engineer. Python, Django, PostgreSQL, Kubernetes. 6 years.")
    slow = SlowProvider()
    providers = json.dumps([{"name": "slow", "base_url": slow.url, "model": "m", "api_key": "k", "timeout": 100,
                             "max_retries": 0}])
    killed_queue = f"resume-crash-{resume.id}-{os.getpid()}"
    first = start_resume_worker("first", killed_queue, providers)
    second = None
    try:
        analyse_resume.apply_async(args=[resume.id], queue=killed_queue)
        assert slow.called.wait(timeout=90), "the first worker never reached the AI provider"
        os.kill(first.pid, signal.SIGKILL)  # mid-analysis: no ack, no reject, no failure written
        first.wait(timeout=10)
        assert Resume.objects.get(id=resume.id).status == ResumeStatus.ANALYSING

        second = start_resume_worker("second", "ai", "")  # offline only, on the queue the analysis is routed to
        assert services.recover_stuck_resumes() == 0  # not stuck yet
        from interviewmaster.models import TaskLease

        assert TaskLease.objects.filter(name=f"resumes.analysis:{resume.id}").exists()  # the killed worker's
        # An hour later: the killed worker's lease ran out long ago (it lasts the task's hard time limit).
        an_hour_ago = timezone.now() - timedelta(hours=1)
        Resume.objects.filter(id=resume.id).update(updated_at=an_hour_ago)
        TaskLease.objects.update(until=an_hour_ago)
        assert services.recover_stuck_resumes() == 1

        ready = wait_for(lambda: Resume.objects.filter(id=resume.id, status=ResumeStatus.READY).first(), timeout=90)
        assert ready is not None, "the sweep did not bring the analysis back"
        assert ready.recoveries == 1 and ready.analysis and ready.parsed_at is not None
        kinds = list(ready.events.order_by("id").values_list("kind", flat=True))
        assert kinds == ["recovery.resent", "status.ready"]
    finally:
        stop_workers(first, second)
        slow.server.shutdown()
