"""The product review of session 38 (I): a difficulty the expert's earlier decisions taught never costs a question of
the mix they configured, a send-back that can change nothing says so, and a question made harder stays concrete."""

from __future__ import annotations

import pytest

from accounts.tests.factories import ExpertFactory
from interviews.tests.factories import QuestionFactory
from planning import services
from planning.models import PlanEvent
from planning.selectors import learned_preferences
from planning.tests.conftest import run_on_commit
from planning.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

CODING_AND_STORY = {"question_distribution": {"coding": {"medium": 1}, "behavioral": {"medium": 1}}}
TWO = {"question_distribution": {"coding": {"medium": 1}, "behavioral": {"easy": 1}}}


def levels(version):
    return [(q["category"], q["difficulty"]) for q in version.questions]


def send_back(plan, reason="too_easy", comment=""):
    plan.refresh_from_db()
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason=reason, comment=comment)
    plan.refresh_from_db()
    return plan.current_version


@pytest.fixture
def taught(bank, make_plan):
    """An expert whose two earlier "Too easy" send-backs on the position taught the controller a +1 shift."""
    expert = ExpertFactory()
    position = PositionFactory(title="Backend engineer (Python)", required_skills=["python", "django", "postgresql"])
    first = make_plan(expert=expert, position=position)
    send_back(first)
    send_back(first)
    assert learned_preferences(expert=expert, position=position)["difficulty_shift"] == 1
    return expert, position


def test_a_learned_too_easy_keeps_every_question_of_the_experts_mix(taught, make_plan):
    """The review: a new plan of coding/medium + behavioural/easy, length empty, came out as one hard coding question
    ("to fit the duration, 1 question dropped": the harder mix was fitted to the unshifted mix's 28 minutes) while
    the rationale still said it followed the configured mix, and the critique found Django uncovered."""
    expert, position = taught
    plan = make_plan(expert=expert, position=position, config=TWO)
    version = plan.current_version
    assert levels(version) == [("coding", "hard"), ("behavioral", "medium")]
    assert not plan.duration_fixed and plan.duration_minutes == version.estimated_minutes == 39  # follows them
    assert "question dropped" not in version.rationale and "to fit the duration" not in version.rationale
    assert "2 questions following the configured mix" in version.rationale
    assert ('your earlier "too easy" decisions on this position made 2 questions harder than the mix you configured '
            "(Coding and algorithms medium → hard, Behavioural easy → medium)") in version.rationale
    critique = version.critiques.get()
    assert not [i for i in critique.issues if i["kind"] in ("timing", "difficulty_imbalance")]
    assert "django" in {q["skill"] for q in version.questions}
    # "Too easy" on it: the length follows the questions, so the behavioural question is not dropped but made
    # harder too, and the interview grows with it (test_send_back_length; it was once fitted to the learned mix's
    # 39 minutes, and nothing could change)
    again = send_back(plan)
    assert levels(again) == [("coding", "hard"), ("behavioral", "hard")]
    plan.refresh_from_db()
    assert plan.duration_minutes == again.estimated_minutes == 44
    assert "No question's level changed" not in again.rationale and "dropped" not in again.rationale


def test_a_rationale_that_lost_questions_to_the_length_does_not_claim_the_configured_mix():
    from interviewmaster.ai.offline.planning import build_plan

    slot = {"category": "coding", "difficulty": "hard"}
    rationale = build_plan({"role": "backend_engineer", "slots": [slot], "duration_minutes": 22,
                            "fitted_to_duration": {"shortened": 0, "dropped": 1}})["rationale"]
    assert rationale.startswith("1 of the configured mix's 2 questions;") and "following" not in rationale
    assert "to fit the duration, 1 question dropped" in rationale


def test_under_a_length_the_expert_set_the_learned_level_gives_way_before_any_question(taught, make_plan):
    """28 minutes set by the expert: the configured mix fits it exactly, so the learned +1 is undone (and said to be)
    rather than a question dropped."""
    expert, position = taught
    plan = make_plan(expert=expert, position=position, config=TWO, duration_minutes=28)
    version = plan.current_version
    assert levels(version) == [("coding", "medium"), ("behavioral", "easy")]
    assert plan.duration_fixed and plan.duration_minutes == 28 and version.estimated_minutes <= 28
    assert "question dropped" not in version.rationale and "to fit the duration" not in version.rationale
    assert "2 questions kept at the level you configured so the plan fits the length you set" in version.rationale


def test_a_send_back_that_can_change_nothing_says_so(make_plan):
    """A second "Too easy" on a plan whose questions are all hard gave an identical version with nothing said."""
    plan = make_plan(config={"question_distribution": {"coding": {"hard": 1}, "system_design": {"hard": 1}}})
    before = plan.current_version
    version = send_back(plan)
    assert [q["prompt"] for q in version.questions] == [q["prompt"] for q in before.questions]
    assert (f"Nothing changed: this version is the same as version {before.number} you sent back, because every "
            "question is already at the hardest level its category allows.") in version.rationale
    event = PlanEvent.objects.get(plan=plan, kind="controller.nothing_changed")
    assert event.data == {"version": version.number, "sent_back": before.number, "reason": "too_easy",
                          "why": "every question is already at the hardest level its category allows",
                          "identical": True}
    # a send-back that does change the plan says nothing of the kind
    changed = send_back(plan, reason="off_topic")
    assert "Nothing changed" not in changed.rationale
    assert PlanEvent.objects.filter(plan=plan, kind="controller.nothing_changed").count() == 1


def test_too_easy_makes_a_concrete_question_harder_not_vaguer(make_plan):
    """Merge intervals (medium), sent back as too easy with no hard Python question in the bank, became "write and
    explain a small function you would ship for this role" with generic points, and the critique approved it."""
    # the length follows the questions: both are made harder
    plan = make_plan(config=CODING_AND_STORY, position=PositionFactory(required_skills=["python"],
                                                                       nice_to_have_skills=[]))
    before = plan.current_version.questions[0]
    assert "merges overlapping intervals" in before["prompt"] and before["difficulty"] == "medium"
    after = send_back(plan).questions[0]
    assert after["difficulty"] == "hard" and after["skill"] == "python"
    assert after["prompt"].startswith(before["prompt"]) and "stream too large to hold in memory" in after["prompt"]
    assert "small function you would ship" not in after["prompt"]
    assert set(before["expected_points"]) < set(after["expected_points"])
    assert "Processes the input in one pass with bounded memory" in after["expected_points"]
    critique = plan.current_version.critiques.get()
    assert not [i for i in critique.issues if "generic template" in i["message"]]


def test_too_easy_takes_the_banks_harder_question_on_the_same_topic_first(make_plan):
    plan = make_plan(config=CODING_AND_STORY, position=PositionFactory(required_skills=["python"],
                                                                       nice_to_have_skills=[]))
    hard = QuestionFactory(prompt="Implement a Python scheduler that runs jobs with dependencies in parallel.",
                           tags=["python", "graphs"], difficulty="hard")
    after = send_back(plan).questions[0]
    assert after["question_id"] == hard.id and after["difficulty"] == "hard"


def test_the_critique_flags_a_generic_question():
    from interviewmaster.ai.offline.planning import TEMPLATES, critique

    vague = {"question_id": None, "prompt": TEMPLATES["coding"][0].format(skill="Python"), "category": "coding",
             "difficulty": "hard", "skill": "python", "why": "Covers Python.",
             "expected_points": TEMPLATES["coding"][1], "follow_up_ideas": [], "minutes": 20}
    concrete = {**vague, "prompt": "In Python, write a function that merges overlapping intervals."}
    inputs = {"slots": [{"category": "coding", "difficulty": "hard"}], "duration_minutes": 22,
              "required_skills": [{"id": "python", "name": "Python"}]}
    flagged, clean = (critique({**inputs, "plan": {"questions": [q]}}) for q in (vague, concrete))
    # a note beside the question (not a warning every such plan would have to be approved over), a lower confidence
    # and the suggestion to replace it
    assert [(i["kind"], i["severity"], i["question_index"]) for i in flagged["issues"]] == [("other", "info", 0)]
    assert "generic template, not a concrete task" in flagged["issues"][0]["message"]
    assert "Replace a generic question with a concrete task the interviewer can check." in flagged["suggestions"]
    assert flagged["confidence"] < clean["confidence"] and clean["issues"] == []


def test_a_long_question_made_harder_stays_a_valid_question():
    """The same question made harder must stay within a planned question's 2000 characters: an expert's long one
    falls back to a written question instead of an invalid plan (the send-back failing)."""
    from interviewmaster.ai.offline.planning import build_plan
    from planning.plan_schema import normalise_questions

    def made_harder(prompt):
        slot = {"category": "coding", "difficulty": "hard", "topic": "python",
                "harder_of": {"prompt": prompt, "skill": "python", "expected_points": ["Correct"]}}
        return normalise_questions(build_plan({"role": "backend_engineer", "slots": [slot], "duration_minutes": 22,
                                               "required_skills": [{"id": "python", "name": "Python"}]})[
            "questions"])[0]["prompt"]

    short = "In Python, write a function that merges overlapping intervals."
    assert made_harder(short).startswith(short + " Then make it harder: ")
    long = "In Python, write a function that merges overlapping intervals. " + "x" * 1900
    assert len(made_harder(long)) <= 2000 and "Then make it harder" not in made_harder(long)
