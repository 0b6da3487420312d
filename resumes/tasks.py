"""Thin Celery wrappers around the parse services (DESIGN §2): each is named after the service it calls and imports
it inside its body; they take ids, the services re-fetch and stay idempotent (acks_late)."""

from __future__ import annotations

import logging
import math

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from resumes.errors import ResumesErrorCode

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="resumes.parse_resume", acks_late=True, max_retries=3, soft_time_limit=120,
             time_limit=150)
def parse_resume(self, resume_id: int) -> str:
    from resumes import services

    try:
        ready_for_analysis = services.parse_resume(resume_id=resume_id)
    except SoftTimeLimitExceeded:
        services.fail_resume(resume_id=resume_id, code=ResumesErrorCode.TIMEOUT,
                             reason="Reading the file took too long. Upload a simpler export of your resume.")
        return "failed"
    except OSError as exc:  # storage unreachable: transient, retry with backoff, then give up with a reason
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=2 ** self.request.retries * 5) from exc
        services.fail_resume(resume_id=resume_id, code=ResumesErrorCode.STORAGE_UNAVAILABLE,
                             reason="The file storage could not be reached. Try again in a few minutes.")
        return "failed"
    except Exception:  # noqa: BLE001 - a bug must not leave the resume spinning: log it, fail with a reason
        logger.exception("resume %s: unexpected error while parsing", resume_id)
        services.fail_resume(resume_id=resume_id, code=ResumesErrorCode.INTERNAL_ERROR,
                             reason="Something went wrong on our side "
                             "while reading the file; it has been logged. Try again later.")
        return "failed"
    if ready_for_analysis:
        analyse_resume.delay(resume_id)  # the task holds no transaction: the parse is already committed
        return "analysing"
    return "skipped"


# A refresh that finds another analysis of its resume running waits this long, then tries again, long enough in all
# for the running one's lease (the hard time limit) to end.
REFRESH_WAIT_SECONDS = 15
REFRESH_WAIT_ATTEMPTS = math.ceil(settings.AI_TASK_TIME_LIMIT / REFRESH_WAIT_SECONDS) + 1


# The AI layer gives remote providers at most the task's budget, then answers offline; the limits sit above that
# (checked at startup), and a soft limit that fires inside a provider call becomes the offline answer, not a failure.
@shared_task(bind=True, name="resumes.ai.analyse_resume", acks_late=True, max_retries=2,
             soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT, time_limit=settings.AI_TASK_TIME_LIMIT)
def analyse_resume(self, resume_id: int) -> str:
    from interviewmaster.recovery import exclusively
    from resumes import services

    try:  # one delivery at a time: the sweep's copy and a late original both made the AI call
        done = exclusively(self, f"resumes.analysis:{resume_id}", lambda: services.analyse_resume(resume_id=resume_id))
    except SoftTimeLimitExceeded:  # outside any provider call (those fall back): say so instead of "internal"
        services.fail_resume(resume_id=resume_id, code="timeout", reason="Analysing the resume took too long. "
                             "Try again in a few minutes.")
        return "failed"
    except Exception:  # noqa: BLE001 - same rule as above: never leave a resume in `analysing`
        logger.exception("resume %s: unexpected error while analysing", resume_id)
        services.fail_resume(resume_id=resume_id, code=ResumesErrorCode.INTERNAL_ERROR,
                             reason="Something went wrong on our side "
                             "while analysing the resume; it has been logged. Try again later.")
        return "failed"
    if done is None and services.refresh_waiting(resume_id):
        # Another delivery holds the analysis, and an edit queued this refresh after that one had read the skills
        # (it clears the mark first): doing nothing lost the edit, and its mark kept every later edit from queueing
        # a refresh. Come back once the holder is done; its lease lasts the task's hard time limit at most.
        if self.request.retries < REFRESH_WAIT_ATTEMPTS:
            raise self.retry(countdown=REFRESH_WAIT_SECONDS, max_retries=REFRESH_WAIT_ATTEMPTS)
        logger.warning("resume %s: its analysis stayed held; the next edit queues a refresh again", resume_id)
        services.refresh_given_up(resume_id)
    return "ready" if done else "skipped"


@shared_task(name="resumes.recover_stuck_resumes", acks_late=True)
def recover_stuck_resumes() -> int:
    """Beat (every minute): send a parse or analysis a dead worker or a down broker lost again (or fail it)."""
    from resumes import services

    return services.recover_stuck_resumes()
