"""interviews: Celery tasks (DESIGN §2) — thin wrappers named after the service they call, which they import inside
the body; they take ids and the service re-fetches, claims and stays idempotent."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_process_init, worker_ready
from django.conf import settings

from interviewmaster.ai.errors import AIUnavailable
from interviews.errors import GenerationJobHeld

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="interviews.ai.generate_questions", acks_late=True, max_retries=3,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def generate_questions_for_job(self, job_id: int) -> None:
    from interviews import generation

    try:
        generation.generate_questions_for_job(job_id=job_id)
    except GenerationJobHeld as exc:  # its holder may be dead: ask again when its claim runs out
        raise self.retry(exc=exc, countdown=exc.retry_after) from exc


@shared_task(bind=True, name="interviews.ai.evaluate_turn", acks_late=True, max_retries=3,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def evaluate_turn(self, turn_id: int) -> int | None:
    """Evaluate one answer and push it to the room (the next step normally came first, from advance_turn; if it was
    lost, this opens it), then start the report of an ended interview once every answer is evaluated."""
    from interviewmaster.recovery import exclusively
    from interviews import services

    def evaluate():
        evaluation = services.evaluate_answer(turn_id=turn_id)
        services.settle_after_evaluation(turn_id=turn_id)
        return evaluation

    try:  # one delivery at a time: the sweep's copy and a late original both made the AI call
        evaluation = exclusively(self, f"interviews.evaluation:{turn_id}", evaluate)
    except AIUnavailable as exc:  # every provider (even offline) failed: transient, try again a few times
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
    return evaluation.overall if evaluation is not None else None


@shared_task(bind=True, name="interviews.live.advance_turn", acks_late=True, max_retries=3, ignore_result=True,
             track_started=False,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def advance_turn(self, turn_id: int) -> int | None:
    """The latency-critical step after an answer (queue `live`): open the follow-up or the next question, then queue
    the answer's evaluation on `ai`. A candidate waits on this task only (no result or "started" state is stored:
    nobody reads them, and each is a round trip to Redis on the way)."""
    from interviews import services

    try:
        opened = services.take_next_step(turn_id=turn_id)
    except AIUnavailable as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
    return opened.id if opened is not None else None


@shared_task(bind=True, name="interviews.sandbox.judge_turn", acks_late=True, soft_time_limit=180, time_limit=240)
def judge_turn(self, turn_id: int) -> dict | None:
    """Run a code answer against its judge problem's tests, then hand it to the next step (live queue), which also
    queues its evaluation (ai queue) with the results."""
    from interviewmaster.recovery import exclusively
    from interviews import services

    try:  # one delivery at a time: two copies both ran the tests (twice the judge time, counted once)
        judged = exclusively(self, f"interviews.judge:{turn_id}",
                             lambda: (services.judge_answer(turn_id=turn_id),))
    except Exception:  # noqa: BLE001 - a judge failure must not stall the interview: evaluate without tests
        logger.exception("interview turn %s: judging the code failed", turn_id)
        judged = (None,)
    if judged is None:
        return None  # the delivery judging it hands it on
    advance_turn.delay(turn_id)
    return judged[0]


@shared_task(bind=True, name="interviews.ai.give_hint", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def give_hint(self, turn_id: int) -> str | None:
    from interviews import hints

    return hints.give_hint(turn_id=turn_id)


@shared_task(bind=True, name="interviews.ai.synthesize_speech", acks_late=True, soft_time_limit=60, time_limit=90)
def synthesize_speech(self, turn_id: int) -> bool:
    """Read a question aloud through the configured endpoint's text-to-speech and cache the audio for the room."""
    from interviews import speech

    return speech.synthesize_speech(turn_id=turn_id)


@shared_task(bind=True, name="interviews.ai.finalize_session", acks_late=True, max_retries=3,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def finalize_session(self, session_id: int) -> str | None:
    """Summarise a completed interview once every answer is evaluated and publish the report."""
    from interviewmaster.recovery import exclusively
    from interviews import services

    try:  # one delivery at a time (the summary is an AI call): see evaluate_turn
        session = exclusively(self, f"interviews.report:{session_id}",
                              lambda: services.finalize_report(session_id=session_id))
    except AIUnavailable as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
    return session.state if session is not None else None


@shared_task(bind=True, name="interviews.abandon_idle_sessions", acks_late=True)
def abandon_idle_sessions(self) -> int:
    """Beat (every minute): close interviews left idle longer than INTERVIEW_IDLE_MINUTES."""
    from interviews import services

    return services.abandon_idle_sessions()


@shared_task(name="interviews.recover_stuck_evaluations", acks_late=True)
def recover_stuck_evaluations() -> int:
    """Beat (every minute): send an evaluation or a report a dead worker or a down broker lost again (or give up on
    it with a note in the report)."""
    from interviews import services

    return services.recover_stuck_evaluations()


@shared_task(name="interviews.recover_stuck_generation_jobs", acks_late=True)
def recover_stuck_generation_jobs() -> int:
    """Beat (every minute): send again a question-generation job a dead worker or a down broker lost (or fail it)."""
    from interviews import generation

    return generation.recover_stuck_generation_jobs()


def warm_offline_engine(**_kwargs) -> None:
    """Build the AI provider chain and load the offline engine when a worker process starts, so the first answer it
    evaluates does not pay their start-up (close to a second) while a candidate waits."""
    try:
        from interviewmaster.ai.chain import get_chain
        from interviewmaster.ai.offline import ENGINE

        get_chain()

        question = {"prompt": "Explain how a hash map works.", "category": "coding", "difficulty": "easy",
                    "expected_points": [{"point": "Hashing keys to buckets", "keywords": ["hash"]}]}
        answer = {"text": "Keys are hashed to buckets; collisions are chained.", "code": ""}
        ENGINE["evaluate_answer"]({"question": question, "answer": answer})
        ENGINE["follow_up"]({"question": question, "answer": answer, "asked": []})
    except Exception:  # noqa: BLE001 - a warm-up must never stop a worker from starting
        logger.warning("could not warm the offline AI engine", exc_info=True)


worker_process_init.connect(warm_offline_engine, weak=False)
worker_ready.connect(warm_offline_engine, weak=False)
