"""A question-generation job whose task was lost (a whole worker killed: the broker redelivers after an hour; a
broker down at the commit: never) is sent again by the stuck-work sweep, then failed with a reason."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.tests.factories import ExpertFactory
from interviews import generation, tasks
from interviews.models import QuestionGenerationJob

pytestmark = pytest.mark.django_db


def _age(job, seconds: int = 3600) -> None:
    then = timezone.now() - timedelta(seconds=seconds)
    QuestionGenerationJob.objects.filter(id=job.id).update(created_at=then)
    for field in ("started_at", "recovered_at"):
        QuestionGenerationJob.objects.filter(id=job.id, **{f"{field}__isnull": False}).update(**{field: then})


def _requested(django_capture_on_commit_callbacks, **patch) -> QuestionGenerationJob:
    with mock.patch.object(tasks.generate_questions_for_job, "apply_async", **patch), \
            django_capture_on_commit_callbacks(execute=True):
        job = generation.request_question_generation(user=ExpertFactory(), role="backend_engineer",
                                                     difficulty="medium", count=2, categories=["coding"])
    job.refresh_from_db()
    assert job.status == QuestionGenerationJob.Status.QUEUED
    return job


def test_a_job_requested_while_the_broker_is_down_is_run_by_the_sweep(bank, django_capture_on_commit_callbacks):
    job = _requested(django_capture_on_commit_callbacks, side_effect=OperationalError("connection refused"))
    assert generation.recover_stuck_generation_jobs() == 0  # not stuck yet
    _age(job)
    assert generation.recover_stuck_generation_jobs() == 1
    job.refresh_from_db()
    assert job.status == QuestionGenerationJob.Status.DONE and len(job.result) == 2 and job.recoveries == 1
    tasks.generate_questions_for_job.delay(job.id)  # the original message, late: nothing changes
    job.refresh_from_db()
    assert job.status == QuestionGenerationJob.Status.DONE and job.recoveries == 1


def test_a_job_a_killed_worker_left_running_is_sent_once_then_waits(bank, django_capture_on_commit_callbacks):
    job = _requested(django_capture_on_commit_callbacks)
    QuestionGenerationJob.objects.filter(id=job.id).update(status="running", started_at=timezone.now())
    assert generation.recover_stuck_generation_jobs() == 0  # claimed a moment ago: its worker may be on it
    _age(job)
    with mock.patch.object(tasks.generate_questions_for_job, "delay") as delay:
        assert generation.recover_stuck_generation_jobs() == 1
        assert generation.recover_stuck_generation_jobs() == 0
    delay.assert_called_once_with(job.id)


def test_a_job_that_keeps_losing_its_worker_fails_with_a_reason(bank, settings, django_capture_on_commit_callbacks):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    job = _requested(django_capture_on_commit_callbacks)
    with mock.patch.object(tasks.generate_questions_for_job, "delay") as delay:
        for _ in range(3):
            _age(job)
            assert generation.recover_stuck_generation_jobs() == 1
    assert delay.call_count == 2
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "interrupted"
    assert job.error_message == generation.JOB_INTERRUPTED
    tasks.generate_questions_for_job.delay(job.id)  # the original message, late: the job stays failed
    job.refresh_from_db()
    assert job.status == "failed"
