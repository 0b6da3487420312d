"""The one conditional state change (interviewmaster/state.py) and every app's transition going through it."""

from __future__ import annotations

import pytest
from django.db.models import F

from interviewmaster import state
from interviewmaster.errors import InvalidTransition
from interviews import services as interview_services
from interviews.models import InterviewSession
from planning import services as planning_services
from planning.errors import InvalidPlanTransition
from planning.models import InterviewPlan
from planning.tests.factories import InterviewPlanFactory
from resumes import services as resume_services
from resumes.errors import ResumeTransitionNotAllowed
from resumes.models import TRANSITIONS, Resume
from studypaths import study
from studypaths.errors import InvalidTaskTransition
from studypaths.models import TASK_TRANSITIONS, StudyTask


class Refused(Exception):
    pass


class Lost(Exception):
    pass


TABLE = {"draft": {"pending_review"}, "pending_review": {"approved", "draft"}}


def _change(plan, to, **updates):
    return state.change_state(plan, to, machine=TABLE, refused=lambda old, new: Refused(old, new),
                              lost=lambda old, new: Lost(old, new), **updates)


@pytest.mark.django_db
def test_change_state_writes_the_new_state_and_updates_and_returns_the_old_one():
    plan = InterviewPlanFactory(state="pending_review")
    assert _change(plan, "approved", candidate_name="Ada") == "pending_review"
    assert (plan.state, plan.candidate_name) == ("approved", "Ada")
    stored = InterviewPlan.objects.get(pk=plan.pk)
    assert (stored.state, stored.candidate_name) == ("approved", "Ada")


@pytest.mark.django_db
def test_change_state_refuses_a_move_the_table_does_not_have():
    plan = InterviewPlanFactory(state="pending_review")
    with pytest.raises(Refused) as err:
        _change(plan, "pending_review")
    assert err.value.args == ("pending_review", "pending_review")
    assert InterviewPlan.objects.get(pk=plan.pk).state == "pending_review"


@pytest.mark.django_db
def test_of_two_racing_callers_the_stale_one_loses():
    plan = InterviewPlanFactory(state="pending_review")
    stale = InterviewPlan.objects.get(pk=plan.pk)
    _change(plan, "approved")
    with pytest.raises(Lost):
        _change(stale, "draft")
    assert InterviewPlan.objects.get(pk=plan.pk).state == "approved"
    assert stale.state == "pending_review"


@pytest.mark.django_db
def test_an_expression_is_written_to_the_row_only():
    plan = InterviewPlanFactory(state="pending_review", duration_minutes=30)
    _change(plan, "approved", duration_minutes=F("duration_minutes") + 5)
    assert plan.duration_minutes == 30
    assert InterviewPlan.objects.get(pk=plan.pk).duration_minutes == 35


def test_a_machine_name_reads_the_capabilities_table():
    assert "in_progress" in state.allowed_targets("interview_session", "created")
    assert state.allowed_targets("interview_session", "evaluated") == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize(("call", "obj", "to", "machine", "field", "error"), [
    (interview_services.transition, InterviewSession(id=1, state="evaluated"), "in_progress", "interview_session",
     "state", InvalidTransition),
    (planning_services.transition, InterviewPlan(id=1, state="cancelled"), "in_progress", "interview_plan", "state",
     InvalidPlanTransition),
    (study.transition_task, StudyTask(id=1, status="passed"), "in_progress", TASK_TRANSITIONS, "status",
     InvalidTaskTransition),
    (resume_services.transition, Resume(id=1, status="ready"), "analysing", TRANSITIONS, "status",
     ResumeTransitionNotAllowed),
], ids=["interviews", "planning", "studypaths", "resumes"])
def test_every_apps_transition_goes_through_the_one_helper(monkeypatch, call, obj, to, machine, field, error):
    calls = []
    real = state.change_state

    def spy(target, to, **kwargs):
        calls.append((target, to, kwargs["machine"], kwargs.get("field", "state")))
        return real(target, to, **kwargs)

    monkeypatch.setattr(state, "change_state", spy)
    with pytest.raises(error):  # from a terminal state: refused by the table, nothing written
        call(obj, to)
    assert calls == [(obj, to, machine, field)]
