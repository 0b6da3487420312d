"""The planning agents' step whose task was lost (a killed worker, a broker that was down) is sent again by the
stuck-work sweep: before, the plan showed "drafting" or "critiquing" for the broker's hour (or for good), and the
expert could neither decide nor retry (PlanAgentBusy). After STUCK_WORK_MAX_RECOVERIES the agents are `failed` with a
reason and the expert's Retry starts them again."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.test import TestCase
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.tests.factories import ExpertFactory
from planning import services, tasks
from planning.errors import PlanAgentBusy
from planning.models import AgentStatus, InterviewPlan, PlanEvent
from planning.tests.factories import CONFIG, PositionFactory

pytestmark = pytest.mark.django_db


def _age(plan, seconds: int = 3600) -> None:
    past = timezone.now() - timedelta(seconds=seconds)
    InterviewPlan.objects.filter(pk=plan.pk).update(created_at=past)
    # time travel for the test only: the plan's steps happened an hour ago (events are append-only to the ORM)
    QuerySet.update(PlanEvent.objects.filter(plan=plan), created_at=past)


def _created_with_the_agents_lost(**patch) -> InterviewPlan:
    with mock.patch.object(tasks.run_agents, "apply_async", **patch), TestCase.captureOnCommitCallbacks(execute=True):
        plan = services.create_plan(expert=ExpertFactory(), position=PositionFactory(), candidate_name="Ada",
                                    candidate_email="ada@example.com", config_overrides=CONFIG)
    plan.refresh_from_db()
    assert plan.state == "draft" and plan.agent_status == AgentStatus.DRAFTING
    return plan


def test_a_plan_created_while_the_broker_is_down_is_drafted_by_the_sweep(bank):
    plan = _created_with_the_agents_lost(side_effect=OperationalError("connection refused"))  # the request succeeded
    with pytest.raises(PlanAgentBusy):  # and the expert can do nothing about it: not even retry
        services.retry_agents(plan=plan, expert=plan.expert)

    assert services.recover_stuck_agents() == 0  # not stuck yet: its task may be on its way
    _age(plan)
    assert services.recover_stuck_agents() == 1
    plan.refresh_from_db()
    assert plan.state == "pending_review" and plan.agent_status == AgentStatus.IDLE
    assert plan.agent_recoveries == 0 and plan.versions.count() == 1
    assert PlanEvent.objects.filter(plan=plan, kind="agent.resent").count() == 1

    with mock.patch("planning.agents.complete_json") as complete_json:  # the original message, late: nothing
        tasks.run_agents.delay(plan.pk)
    complete_json.assert_not_called()
    assert plan.versions.count() == 1


def test_an_edit_whose_critique_was_lost_is_critiqued_by_the_sweep(bank, make_plan):
    plan = make_plan()
    version = plan.current_version
    questions = [dict(q) for q in version.questions][:-1]
    with mock.patch.object(tasks.critique_edit, "apply_async"), TestCase.captureOnCommitCallbacks(execute=True):
        edited = services.edit_questions(plan=plan, expert=plan.expert, questions=questions,
                                         base_version=version.number)
    plan.refresh_from_db()
    assert plan.agent_status == AgentStatus.CRITIQUING and not edited.critiques.exists()
    _age(plan)
    with mock.patch.object(tasks.critique_edit, "delay") as delay:
        assert services.recover_stuck_agents() == 1
        assert services.recover_stuck_agents() == 0  # the resend restarted the clock
    delay.assert_called_once_with(plan.pk, edited.pk)


def test_agents_still_working_are_left_alone(bank):
    plan = _created_with_the_agents_lost()
    _age(plan, seconds=60)
    with mock.patch.object(tasks.run_agents, "delay") as delay:
        assert services.recover_stuck_agents() == 0
    delay.assert_not_called()


def test_a_broker_refusing_the_recovery_costs_no_recovery(bank):
    plan = _created_with_the_agents_lost()
    _age(plan)
    with mock.patch.object(tasks.run_agents, "delay", side_effect=OperationalError("down")), \
            pytest.raises(OperationalError):
        services.recover_stuck_agents()
    plan.refresh_from_db()
    assert plan.agent_recoveries == 0 and not PlanEvent.objects.filter(plan=plan, kind="agent.resent").exists()


def test_agents_that_keep_losing_their_worker_fail_with_a_reason_and_can_be_retried(bank, settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    plan = _created_with_the_agents_lost()
    with mock.patch.object(tasks.run_agents, "delay") as delay:  # each send is lost with its worker
        for _ in range(3):
            _age(plan)
            assert services.recover_stuck_agents() == 1
    assert delay.call_count == 2
    plan.refresh_from_db()
    assert plan.agent_status == AgentStatus.FAILED and plan.agent_error == services.AGENTS_INTERRUPTED
    assert plan.agent_recoveries == 0
    _age(plan)
    assert services.recover_stuck_agents() == 0

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.retry_agents(plan=plan, expert=plan.expert)
    plan.refresh_from_db()
    assert plan.state == "pending_review" and plan.agent_status == AgentStatus.IDLE
