"""factory-boy factories for planning."""

import factory

from accounts.tests.factories import ExpertFactory
from planning.models import InterviewPlan, PlanVersion, Position

CONFIG = {"question_distribution": {"coding": {"medium": 2}, "databases": {"medium": 1}, "behavioral": {"easy": 1}}}


def planned_question(**overrides):
    question = {"question_id": None, "prompt": "Explain how you would index a table queried by user and date.",
                "category": "databases", "difficulty": "medium", "skill": "postgresql",
                "why": "Covers PostgreSQL.", "expected_points": ["Composite index", "Column order"],
                "follow_up_ideas": ["What about writes?"], "minutes": 15}
    question.update(overrides)
    return question


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Backend engineer {n}")
    department = "Platform"
    role = "backend_engineer"
    job_description = "Build and run our Python services on PostgreSQL and Redis."
    required_skills = factory.LazyFunction(lambda: ["python", "postgresql", "redis"])
    nice_to_have_skills = factory.LazyFunction(lambda: ["docker"])


class InterviewPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewPlan

    expert = factory.SubFactory(ExpertFactory)
    position = factory.SubFactory(PositionFactory)
    candidate_name = factory.Faker("name")
    candidate_email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    config = factory.LazyFunction(lambda: dict(CONFIG))
    duration_minutes = 61


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(InterviewPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    questions = factory.LazyFunction(lambda: [planned_question()])
    created_by = "controller"
