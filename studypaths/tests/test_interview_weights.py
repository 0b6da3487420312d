"""Weak interview answers steer the study path: their topics (question tags and the linked judge problem's topics)
get extra weight in task generation."""

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from studypaths import selectors
from studypaths.tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def _answer(user, *, overall, tags=(), problem="", state="evaluated", answered=True, planned=False):
    """One evaluated answer in an interview of its own; `answered=False`: an interview reported with no question
    answered (no overall), whose evaluations are its non-answers, scored 0."""
    from interviews.models import Evaluation, InterviewSession, Turn

    now = timezone.now()
    session = InterviewSession.objects.create(candidate=user, mode="mock", state=state, started_at=now,
                                              is_planned=planned,
                                              overall=overall if answered and state == "evaluated" else None)
    turn = Turn.objects.create(session=session, index=1, kind="question", prompt="Q", asked_at=now,
                               snapshot={"tags": list(tags), "problem": problem})
    Evaluation.objects.create(turn=turn, overall=overall, evaluated_at=now)


def test_a_weak_answer_weighs_its_tags_and_its_problems_topics():
    user = CandidateFactory()
    ProblemFactory(slug="two-sum-x", topics=["hash map", "arrays"])
    _answer(user, overall=20, tags=["hash map"], problem="two-sum-x")
    weights = selectors.interview_topic_weights(user)
    assert weights == {"hash map": 1.0, "arrays": 1.0}


def test_strong_answers_add_no_weight_and_weights_average_per_topic():
    user = CandidateFactory()
    _answer(user, overall=90, tags=["graph"])
    _answer(user, overall=40, tags=["strings"])
    _answer(user, overall=0, tags=["strings"])
    assert selectors.interview_topic_weights(user) == {"strings": 1.0}


def test_the_zeros_of_an_interview_with_nothing_answered_add_no_weight():
    """An interview reported with no question answered scores its non-answers 0: they steered the study path to
    topics the candidate never tried (`interviews.selectors.evaluations_that_count` leaves them out)."""
    user = CandidateFactory()
    _answer(user, overall=0, tags=["graph"], answered=False)
    _answer(user, overall=0, tags=["strings"], state="in_progress")  # under way: its answers count
    _answer(user, overall=20, tags=["strings"])
    assert selectors.interview_topic_weights(user) == {"strings": 1.25}


def test_a_planned_interviews_weak_answers_do_not_steer_the_study_path():
    """A planned interview's evaluation is its expert's: its report leaves the "practice" advice out, but its weak
    answers still weighed their topics in the candidate's next study tasks."""
    user = CandidateFactory()
    _answer(user, overall=20, tags=["kafka"], planned=True)
    _answer(user, overall=20, tags=["strings"])
    assert selectors.interview_topic_weights(user) == {"strings": 1.0}


def test_no_interviews_no_weights(django_assert_max_num_queries):
    user = CandidateFactory()
    with django_assert_max_num_queries(1):
        assert selectors.interview_topic_weights(user) == {}


def test_weights_reach_the_study_path_generation():
    from studypaths.study import weights_for

    user = CandidateFactory()
    _answer(user, overall=10, tags=["sliding window"])
    assert weights_for(user)["sliding window"] > weights_for(CandidateFactory()).get("sliding window", 0)
