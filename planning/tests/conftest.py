from __future__ import annotations

import pytest
from django.test import TestCase

from interviews.tests.factories import QuestionFactory
from planning import services
from planning.tests.factories import CONFIG, PositionFactory


@pytest.fixture
def bank(db):
    return [
        QuestionFactory(prompt="Write a Python function that groups log lines by request id and counts errors.",
                        tags=["python", "hashing"], difficulty="medium"),
        QuestionFactory(prompt="Implement an LRU cache in Python and state the complexity of get and put.",
                        tags=["python", "caching"], difficulty="medium"),
        QuestionFactory(prompt="How would you index a PostgreSQL table of orders queried by customer and date range?",
                        category="databases", tags=["postgresql", "indexing"], difficulty="medium"),
    ]


@pytest.fixture
def invited_plan(db):
    """A plan sent to its candidate (an account already) whose current version asks one medium databases question."""
    from accounts.tests.factories import CandidateFactory
    from planning.models import InterviewPlan
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

    candidate = CandidateFactory()
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email,
                                config={"question_distribution": {"databases": {"medium": 1}}})
    version = PlanVersionFactory(plan=plan, questions=[planned_question()])
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def make_plan(db):
    """Create a plan the way the admin does and run the agents (eager Celery) after the commit."""

    def make(expert=None, position=None, **kwargs):
        from accounts.tests.factories import ExpertFactory

        with TestCase.captureOnCommitCallbacks(execute=True):
            plan = services.create_plan(expert=expert or ExpertFactory(), position=position or PositionFactory(),
                                        candidate_name=kwargs.pop("candidate_name", "Ada Lovelace"),
                                        candidate_email=kwargs.pop("candidate_email", "ada@example.com"),
                                        config_overrides=kwargs.pop("config", CONFIG), **kwargs)
        plan.refresh_from_db()
        return plan

    return make


def run_on_commit():
    return TestCase.captureOnCommitCallbacks(execute=True)
