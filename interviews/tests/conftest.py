import pytest

from accounts.tests.factories import CandidateFactory
from interviews.tests.factories import load_shipped_bank


@pytest.fixture
def bank(db):
    load_shipped_bank()


@pytest.fixture
def bank_with_problems(db):
    """The shipped bank and the judge problems its coding questions link: those questions are askable too."""
    load_shipped_bank(problems=True)


@pytest.fixture
def candidate(db):
    return CandidateFactory(target_role="backend_engineer", experience_level="mid")


@pytest.fixture
def self_started_over_the_judge_budget(candidate, settings):
    """A self-started quick-start interview of three questions, the first with a judge problem, whose candidate has
    spent so much of the judge budget that a code answer's tests are not run (16 s spent + a submission's 10 > 25)."""
    from django.utils import timezone

    from interviews import services
    from interviews.models import InterviewSession
    from interviews.tests.factories import QuestionFactory
    from studypaths.models import CodeRun
    from studypaths.tests.factories import ProblemFactory

    settings.SANDBOX_SUBMISSION_WALL_SECONDS, settings.SANDBOX_USER_JUDGE_SECONDS = 10, 25
    problem = ProblemFactory()
    CodeRun.objects.create(user=candidate, problem=problem, language="python", code="x", status="done",
                           wall_ms=16000, finished_at=timezone.now())
    questions = [QuestionFactory(problem=problem.slug), QuestionFactory(), QuestionFactory()]
    session = services.start_session(candidate=candidate, mode="quick_start",
                                     config={"max_follow_ups_per_question": 0},
                                     planned_questions=[{"question_id": q.id} for q in questions])
    InterviewSession.objects.filter(id=session.id).update(is_planned=False)  # self-started (only planning plans)
    return session


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a call and everything it leaves for after the commit (tasks run eagerly, pushes go to the layer)."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture
def planned_live(candidate):
    """A planned interview (an expert's, two questions) its candidate has begun: the warm-up is open, both questions
    are still to come."""
    from accounts.tests.factories import ExpertFactory
    from interviews import services

    questions = [{"prompt": prompt, "category": "language_knowledge", "difficulty": "medium",
                  "expected_points": ["a point"]}
                 for prompt in ("Explain how a hash map handles collisions.", "Explain what a database index is.")]
    session = services.start_session(candidate=candidate, mode="custom_config", role="backend_engineer",
                                     config={"max_follow_ups_per_question": 0}, expert=ExpertFactory(),
                                     planned_questions=questions)
    return services.begin_session(session=session, actor=candidate)
