"""factory-boy factories for analytics."""

import factory
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from analytics.models import Award, Preferences
from studypaths.models import CodeRun, RunKind, RunStatus
from studypaths.tests.factories import ProblemFactory


class PreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preferences

    user = factory.SubFactory(CandidateFactory)
    pseudonym = factory.Sequence(lambda n: f"Keen Otter {n}")
    leaderboard_opt_in = True


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    user = factory.SubFactory(CandidateFactory)
    code = "first_interview"
    points = 10


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A judged submission (all tests, hidden included)."""

    class Meta:
        model = CodeRun

    user = factory.SubFactory(CandidateFactory)
    problem = factory.SubFactory(ProblemFactory)
    kind = RunKind.SUBMISSION
    language = "python"
    code = "def add(a, b):\n    return a + b\n"
    status = RunStatus.DONE
    verdict = "accepted"
    result = factory.LazyAttribute(lambda o: {"verdict": o.verdict, "passed": 9 if o.verdict == "accepted" else 4,
                                              "total": 9, "tests": []})
    finished_at = factory.LazyFunction(timezone.now)


def evaluated_answer(user, *, category="coding", overall=70, scores=None, at=None, state="evaluated",
                     seconds_used=600, answer="An answer."):
    """One finished interview session with one evaluated answer (the rows analytics reads). A reported one has the
    overall its report gives an interview with an answered question (`answer`: "next" makes one without)."""
    from interviews.models import Evaluation, InterviewSession, Turn

    at = at or timezone.now()
    reported = state == "evaluated" and answer != "next"
    session = InterviewSession.objects.create(candidate=user, mode="mock", role="backend_engineer", state=state,
                                              started_at=at, ended_at=at, time_used_seconds=seconds_used,
                                              overall=overall if reported else None,
                                              end_reason="last_question" if state == "evaluated" else "")
    turn = Turn.objects.create(session=session, index=1, kind="question", question_number=1, prompt="Explain.",
                               category=category, difficulty="medium", status="evaluated", asked_at=at,
                               submitted_at=at, answer_text=answer)
    return Evaluation.objects.create(turn=turn, category=category, overall=overall,
                                     scores=scores or {"correctness": 3, "communication": 3}, evaluated_at=at)
