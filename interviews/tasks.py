"""interviews: Celery tasks (DESIGN §2) — thin wrappers that take ids, re-fetch and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction

from interviews.models import QuestionGenerationJob


@shared_task(bind=True, name="interviews.ai.generate_questions", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def generate_questions_for_job(self, job_id: int) -> None:
    from interviews.generation import run_question_generation

    with transaction.atomic():
        job = QuestionGenerationJob.objects.select_for_update().filter(id=job_id).first()
        if job is None or job.status != QuestionGenerationJob.Status.QUEUED:
            return  # gone, or another delivery already took it
        job.status = QuestionGenerationJob.Status.RUNNING
        job.save(update_fields=["status"])
    run_question_generation(job=job)
