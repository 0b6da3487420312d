"""planning: Celery tasks (DESIGN §2, docs/architecture.md) — each named after the service it calls, taking ids.
The agents run on the `ai` queue; the invitation email on `default`."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


@shared_task(bind=True, name="planning.ai.run_agents", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def run_agents(self, plan_id: int) -> str | None:
    """One step of the agents, which sends the next as its own task. Another chain of them for the same plan (the
    stuck-work sweep's, while this one was only late) does nothing while this chain holds the plan: the lease's holder
    is the chain's root task."""
    from interviewmaster.recovery import exclusively
    from planning import agents

    plan = exclusively(self, f"planning.agents:{plan_id}", lambda: agents.run_agents(plan_id=plan_id),
                       holder=self.request.root_id or self.request.id)
    return plan.state if plan is not None else None


@shared_task(bind=True, name="planning.ai.critique_edit", acks_late=True,
             time_limit=settings.AI_TASK_TIME_LIMIT, soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT)
def critique_edit(self, plan_id: int, version_id: int) -> None:
    from interviewmaster.recovery import exclusively
    from planning import agents

    exclusively(self, f"planning.critique:{version_id}",
                lambda: agents.critique_edit(plan_id=plan_id, version_id=version_id))


@shared_task(bind=True, name="planning.deliver_invitation", acks_late=True, max_retries=5)
def deliver_invitation(self, invitation_id: int) -> None:
    from planning import invitations

    try:
        invitations.deliver_invitation(invitation_id=invitation_id)
    except OSError as exc:  # the mail server is unreachable: transient, retry with backoff
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task(name="planning.expire_overdue_invitations")
def expire_overdue_invitations() -> int:
    from planning import invitations

    return invitations.expire_overdue_invitations()


@shared_task(name="planning.recover_undelivered_invitations", acks_late=True)
def recover_undelivered_invitations() -> int:
    """Beat (every minute): send again an invitation email a dead worker or a down broker lost (or give up on it)."""
    from planning import invitations

    return invitations.recover_undelivered_invitations()


@shared_task(name="planning.recover_stuck_agents", acks_late=True)
def recover_stuck_agents() -> int:
    """Beat (every minute): send again the agents' step a dead worker or a down broker lost (or fail the agents with
    a reason, so the expert can retry)."""
    from planning import services

    return services.recover_stuck_agents()
