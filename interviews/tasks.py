"""interviews: Celery tasks (DESIGN §2) — thin wrappers named after the service they call, which they import inside
the body; they take ids and the service re-fetches, claims and stays idempotent."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from interviewmaster.ai.errors import AIUnavailable

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="interviews.ai.generate_questions", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def generate_questions_for_job(self, job_id: int) -> None:
    from interviews import generation

    generation.generate_questions_for_job(job_id=job_id)


@shared_task(bind=True, name="interviews.ai.evaluate_turn", acks_late=True, max_retries=3,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def evaluate_turn(self, turn_id: int) -> int | None:
    """Evaluate one answer, push it to the room, then open the follow-up or the next question."""
    from interviews import services

    try:
        evaluation = services.evaluate_answer(turn_id=turn_id)
        services.settle_after_evaluation(turn_id=turn_id)
    except AIUnavailable as exc:  # every provider (even offline) failed: transient, try again a few times
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
    return evaluation.overall if evaluation is not None else None


@shared_task(bind=True, name="interviews.sandbox.judge_turn", acks_late=True, soft_time_limit=180, time_limit=240)
def judge_turn(self, turn_id: int) -> dict | None:
    """Run a code answer against its judge problem's tests, then hand it to the evaluation (ai queue)."""
    from interviews import services

    try:
        results = services.judge_answer(turn_id=turn_id)
    except Exception:  # noqa: BLE001 - a judge failure must not stall the interview: evaluate without tests
        logger.exception("interview turn %s: judging the code failed", turn_id)
        results = None
    evaluate_turn.delay(turn_id)
    return results


@shared_task(bind=True, name="interviews.ai.give_hint", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def give_hint(self, turn_id: int) -> str | None:
    from interviews import hints

    return hints.give_hint(turn_id=turn_id)


@shared_task(bind=True, name="interviews.ai.finalize_session", acks_late=True, max_retries=3,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def finalize_session(self, session_id: int) -> str | None:
    """Summarise a completed interview once every answer is evaluated and publish the report."""
    from interviews import services

    try:
        session = services.finalize_report(session_id=session_id)
    except AIUnavailable as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
    return session.state if session is not None else None


@shared_task(bind=True, name="interviews.abandon_idle_sessions", acks_late=True)
def abandon_idle_sessions(self) -> int:
    """Beat (every minute): close interviews left idle longer than INTERVIEW_IDLE_MINUTES."""
    from interviews import services

    return services.abandon_idle_sessions()
