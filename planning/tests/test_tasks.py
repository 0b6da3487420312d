"""The agents through a real Celery worker and broker (Redis in CI): routed to the `ai` queue, plan ready for review."""

from __future__ import annotations

import time

import pytest

from accounts.tests.factories import ExpertFactory
from interviewmaster.celery import app
from planning import services
from planning.models import InterviewPlan
from planning.tests.factories import CONFIG, PositionFactory


def test_agent_tasks_are_routed_to_the_ai_queue():
    router = app.amqp.router
    assert router.route({}, "planning.ai.run_agents")["queue"].name == "ai"
    assert router.route({}, "planning.ai.critique_edit")["queue"].name == "ai"
    assert router.route({}, "planning.deliver_invitation")["queue"].name == "default"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_drafts_and_critiques_a_new_plan(celery_worker_real):
    plan = services.create_plan(expert=ExpertFactory(), position=PositionFactory(), candidate_name="Ada",
                                candidate_email="ada@example.com", config_overrides=CONFIG)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        plan.refresh_from_db()
        if plan.state == "pending_review" and plan.agent_status == "idle":
            break
        time.sleep(0.05)
    assert plan.state == "pending_review"
    assert len(plan.current_version.questions) == 4
    assert plan.current_version.critiques.count() == 1
    assert InterviewPlan.objects.get(pk=plan.pk).events.filter(kind="controller.drafted").count() == 1
