"""planning: Celery tasks (DESIGN §2) — thin, idempotent wrappers. The agents run on the `ai` queue."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from planning.models import AgentStatus, InterviewPlan

logger = logging.getLogger(__name__)


def _fail(plan_id: int, exc: Exception) -> None:
    from planning.observer import record_step

    logger.exception("planning agents failed on plan %s", plan_id)
    message = getattr(exc, "message", "") or "The agents stopped unexpectedly; retry from the plan page."
    plan = InterviewPlan.objects.filter(pk=plan_id).first()
    if plan is not None:
        InterviewPlan.objects.filter(pk=plan_id).update(agent_status=AgentStatus.FAILED, agent_error=message[:300])
        record_step(plan, "agent.failed", agent="observer", data={"error": type(exc).__name__,
                                                                    "message": message[:300]})


@shared_task(bind=True, name="planning.ai.draft_plan", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def draft_plan(self, plan_id: int) -> None:
    from planning.agents import advance_plan

    try:
        advance_plan(plan_id)
    except Exception as exc:  # noqa: BLE001 - never leave a plan "drafting": record the failure for the expert
        _fail(plan_id, exc)


@shared_task(bind=True, name="planning.ai.critique_version", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def critique_version(self, plan_id: int, version_id: int) -> None:
    from planning.agents import critique_edit

    try:
        critique_edit(plan_id, version_id)
    except Exception as exc:  # noqa: BLE001
        _fail(plan_id, exc)


@shared_task(bind=True, name="planning.send_invitation_email", acks_late=True, max_retries=5,
             default_retry_delay=30)
def send_invitation_email(self, invitation_id: int) -> None:
    from planning.invitations import deliver_invitation

    try:
        deliver_invitation(invitation_id)
    except OSError as exc:  # SMTP down: bounded retries
        raise self.retry(exc=exc) from exc


@shared_task(name="planning.expire_invitations")
def expire_invitations() -> int:
    from planning.invitations import expire_overdue_invitations

    return expire_overdue_invitations()
