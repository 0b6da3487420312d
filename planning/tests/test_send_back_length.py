"""The product review of session 38 (J): a "Too easy" send-back on a plan whose length follows its questions keeps
every question and the interview grows with them (up to the longest interview); under a length the expert set the
harder questions are still fitted to it."""

from __future__ import annotations

import pytest

from planning import agents, services
from planning.models import PlanEvent
from planning.tests.test_learned_level import TWO, levels, send_back

pytestmark = pytest.mark.django_db

ONE = {"question_distribution": {"coding": {"medium": 1}}}


@pytest.mark.parametrize("comment", ["", "The questions are too easy for this role."])
def test_too_easy_keeps_every_question_when_the_length_follows_them(make_plan, comment):
    """The review: coding/medium + behavioural/easy, length empty, "Too easy" dropped the behavioural question to
    fit the 28 minutes the configured mix fills."""
    plan = make_plan(config=TWO)
    assert not plan.duration_fixed and plan.duration_minutes == 28
    version = send_back(plan, comment=comment)
    assert levels(version) == [("coding", "hard"), ("behavioral", "medium")]
    assert plan.duration_minutes == version.estimated_minutes == 39  # the length follows the harder questions
    assert "dropped" not in version.rationale and "to fit the duration" not in version.rationale
    assert "Nothing changed" not in version.rationale and "No question's level changed" not in version.rationale
    drafted = PlanEvent.objects.filter(plan=plan, kind="controller.drafted").order_by("-id").first()
    assert drafted.data["fitted_to_duration"] == {"shortened": 0, "dropped": 0}


def test_a_one_question_plan_gets_harder(make_plan):
    """A single coding/medium question (17 minutes) could not get harder at all: a hard one needs 22."""
    plan = make_plan(config=ONE)
    assert plan.duration_minutes == 17
    version = send_back(plan)
    assert levels(version) == [("coding", "hard")]
    assert plan.duration_minutes == version.estimated_minutes == 22
    assert "No question's level changed" not in version.rationale


def test_under_a_length_the_expert_set_the_harder_questions_still_fit_it(make_plan):
    """28 minutes set by the expert: the harder coding question takes the behavioural question's place, as before."""
    plan = make_plan(config=TWO, duration_minutes=28)
    version = send_back(plan)
    assert plan.duration_fixed and plan.duration_minutes == 28 and version.estimated_minutes <= 28
    assert levels(version) == [("coding", "hard")]
    assert "to fit the duration, 1 question dropped" in version.rationale
    # a single question under 17 minutes set by the expert stays as it is, and says why
    single = make_plan(config=ONE, duration_minutes=17)
    again = send_back(single)
    assert levels(again) == [("coding", "medium")] and single.duration_minutes == 17
    assert "because harder questions would not fit the length you set" in again.rationale


def test_past_the_longest_interview_levels_go_back_before_any_question(make_plan):
    """11 questions, 8 of them hard: 226 minutes; "Too easy" would make all 11 hard (242 minutes, past the 240 an
    interview can last), so the later medium one goes back to its level in the version sent back, no question
    dropped, and the rationale says so."""
    plan = make_plan(config={"question_distribution": {"coding": {"medium": 3, "hard": 8}}})
    before = plan.current_version
    assert plan.duration_minutes == before.estimated_minutes == 226
    version = send_back(plan)
    assert [q["difficulty"] for q in version.questions] == ["hard", "hard", "medium"] + ["hard"] * 8
    assert plan.duration_minutes == version.estimated_minutes == 237 <= services.LENGTH_RANGE[1]
    assert (f"1 question kept at the level of version {before.number} you sent back so the interview stays within "
            "240 minutes, the longest an interview can be.") in version.rationale
    assert "dropped" not in version.rationale and "No question's level changed" not in version.rationale


@pytest.mark.parametrize(("config", "said"), [
    ({"coding": {"medium": 1, "hard": 10}}, "240 minutes, the longest an interview can be"),  # 237 minutes
    ({"coding": {"medium": 15}}, "248 minutes, the time the configured mix fills"),  # the mix alone is past 240
])
def test_a_send_back_with_no_room_under_the_longest_interview_says_why(make_plan, config, said):
    plan = make_plan(config={"question_distribution": config})
    before = plan.current_version
    version = send_back(plan)
    assert levels(version) == levels(before)  # no question dropped, none made harder
    assert plan.duration_minutes == before.estimated_minutes
    assert f"No question's level changed from version {before.number} you sent back, because harder questions " \
           f"would run past {said}." in version.rationale
    assert "kept at the level of" not in version.rationale  # said once


def test_sent_back_levels_leave_a_question_the_expert_named_at_its_own_level():
    slots = [{"category": "coding", "difficulty": "hard", "question": 0, "unchanged": True},
             {"category": "coding", "difficulty": "hard", "question": 1, "named": True},
             {"category": "behavioral", "difficulty": "medium", "requested": True}]
    previous = [{"category": "coding", "difficulty": "medium"}, {"category": "coding", "difficulty": "medium"}]
    assert [s["difficulty"] for s in agents._sent_back_levels(slots, previous)] == ["medium", "hard", "medium"]
