"""The plan state machine: every allowed transition works and leaves an event, every other one is refused, and two
racing callers cannot both win (conditional UPDATE)."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from interviewmaster import capabilities
from planning import services
from planning.errors import InvalidPlanTransition
from planning.models import AgentStatus, DecisionKind, ExpertDecision, InterviewPlan, PlanEvent
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

MACHINE = capabilities.state_machine("interview_plan")
PAIRS = list(itertools.product(MACHINE.state_ids, repeat=2))
ALLOWED = [(a, b) for a, b in PAIRS if MACHINE.can_transition(a, b)]
REFUSED = [(a, b) for a, b in PAIRS if not MACHINE.can_transition(a, b)]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_allowed_transition_moves_state_and_appends_event(old, new):
    plan = InterviewPlanFactory(state=old)
    services.transition(plan, new, actor=plan.expert, reason="because")
    plan.refresh_from_db()
    assert plan.state == new
    event = PlanEvent.objects.get(plan=plan)
    assert (event.from_state, event.to_state, event.kind, event.reason) == (old, new, f"state.{new}", "because")
    assert event.actor == plan.expert


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_refused_transition_changes_nothing(old, new):
    plan = InterviewPlanFactory(state=old)
    with pytest.raises(InvalidPlanTransition) as err:
        services.transition(plan, new, actor=plan.expert)
    assert err.value.code == "invalid_transition"
    assert err.value.fields == {"state": old, "to": new}
    plan.refresh_from_db()
    assert plan.state == old
    assert not PlanEvent.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_stale_object_loses_to_the_first_writer():
    plan = InterviewPlanFactory(state="pending_review")
    stale = InterviewPlan.objects.get(pk=plan.pk)
    services.transition(plan, "approved", actor=plan.expert)
    with pytest.raises(InvalidPlanTransition) as err:
        services.transition(stale, "changes_requested", actor=plan.expert)
    assert "now approved" in err.value.message
    assert InterviewPlan.objects.get(pk=plan.pk).state == "approved"
    assert PlanEvent.objects.filter(plan=plan).count() == 1


@pytest.mark.django_db
def test_plan_events_are_append_only():
    plan = InterviewPlanFactory(state="pending_review")
    services.transition(plan, "approved", actor=plan.expert)
    event = PlanEvent.objects.get(plan=plan)
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    with pytest.raises(ValueError, match="append-only"):
        PlanEvent.objects.filter(plan=plan).update(reason="x")
    with pytest.raises(ValueError, match="append-only"):
        PlanEvent.objects.filter(plan=plan).delete()
    assert PlanEvent.objects.get(plan=plan).reason == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_experts_approving_at_once_cannot_both_succeed():
    plan = InterviewPlanFactory(state="pending_review", agent_status=AgentStatus.IDLE)
    # a version to approve (since session 23 a plan without questions, or running past its duration, is not)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=PlanVersionFactory(plan=plan))
    barrier = Barrier(2)

    def approve(_):
        copy = InterviewPlan.objects.select_related("expert", "position").get(pk=plan.pk)
        barrier.wait()
        try:
            services.approve_plan(plan=copy, expert=copy.expert)
            return "ok"
        except InvalidPlanTransition as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(approve, range(2)))
    assert outcomes == ["invalid_transition", "ok"]
    assert InterviewPlan.objects.get(pk=plan.pk).state == "approved"
    assert ExpertDecision.objects.filter(plan=plan, kind=DecisionKind.APPROVE).count() == 1
    assert PlanEvent.objects.filter(plan=plan, to_state="approved").count() == 1


@pytest.mark.django_db
def test_live_interview_limits_are_enforced_with_a_clear_error(settings):
    from planning.errors import LiveInterviewLimit
    from planning.tests.factories import InterviewPlanFactory as Plan

    limits = capabilities.concurrency_limits()
    first = Plan(state="in_progress")
    expert = first.expert
    for _ in range(limits.live_interviews_per_expert - 1):
        Plan(state="in_progress", expert=expert)
    with pytest.raises(LiveInterviewLimit) as err:
        services.ensure_live_capacity(expert=expert)
    assert err.value.code == "live_interview_limit" and err.value.fields == {"limit": "live_interviews_per_expert"}
    other = Plan(state="invited").expert
    services.ensure_live_capacity(expert=other)  # another expert still has room


@pytest.mark.django_db
def test_global_live_interview_limit(monkeypatch):
    from types import SimpleNamespace

    from planning.errors import LiveInterviewLimit
    from planning.tests.factories import InterviewPlanFactory as Plan

    monkeypatch.setattr(capabilities, "concurrency_limits", lambda: SimpleNamespace(
        live_interviews_per_expert=5, live_interviews_per_candidate=1, live_interviews_global=2))
    Plan(state="in_progress")
    Plan(state="in_progress")
    with pytest.raises(LiveInterviewLimit) as err:
        services.ensure_live_capacity(expert=Plan(state="invited").expert)
    assert err.value.fields == {"limit": "live_interviews_global"}
