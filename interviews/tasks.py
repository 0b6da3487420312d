"""interviews: Celery tasks (DESIGN §2) — thin wrappers that take ids, re-fetch and call services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from interviews.models import QuestionGenerationJob

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="interviews.ai.generate_questions", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def generate_questions_for_job(self, job_id: int) -> None:
    from interviews.generation import record_generation_failure, run_question_generation

    with transaction.atomic():
        job = QuestionGenerationJob.objects.select_for_update().filter(id=job_id).first()
        if job is None or job.status in (QuestionGenerationJob.Status.DONE, QuestionGenerationJob.Status.FAILED):
            return  # gone, or finished by an earlier delivery
        if job.status == QuestionGenerationJob.Status.RUNNING and job.started_at and \
                (timezone.now() - job.started_at).total_seconds() < settings.AI_TASK_TIME_LIMIT:
            return  # another worker is on it right now
        # Queued, or running for longer than the hard time limit allows: that worker died, so take the job over.
        job.status, job.started_at = QuestionGenerationJob.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        run_question_generation(job=job)
    except Exception:  # noqa: BLE001 - never leave a job "running": log it, record the failure
        logger.exception("question generation job %s failed", job_id)
        record_generation_failure(job=job)
