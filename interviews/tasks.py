"""interviews: Celery tasks (DESIGN §2) — thin wrappers named after the service they call, which they import inside
the body; they take ids and the service re-fetches, claims and stays idempotent."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


@shared_task(bind=True, name="interviews.ai.generate_questions", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def generate_questions_for_job(self, job_id: int) -> None:
    from interviews import generation

    generation.generate_questions_for_job(job_id=job_id)
