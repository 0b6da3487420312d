"""Learning from the expert: decisions and edits of one plan change the next plan for the same expert and position."""

from __future__ import annotations

import pytest

from accounts.tests.factories import ExpertFactory
from planning import services
from planning.models import DecisionKind, ExpertDecision, LearningSignal
from planning.selectors import learned_preferences
from planning.tests.conftest import run_on_commit
from planning.tests.factories import PositionFactory, planned_question

pytestmark = pytest.mark.django_db

ADDED = planned_question(prompt="How would you package this Python service with Docker for production?",
                         category="coding", difficulty="medium", skill="docker")


def prompts(plan):
    plan.refresh_from_db()
    return [q["prompt"] for q in plan.current_version.questions]


def test_second_plan_differs_because_of_the_first_plans_feedback(bank, make_plan):
    # Two required skills: the harder second plan still has room for a preferred one.
    expert, position = ExpertFactory(), PositionFactory(required_skills=["python", "postgresql"],
                                                        nice_to_have_skills=[])
    control_expert = ExpertFactory()
    first = make_plan(expert=expert, position=position)
    before = first.current_version.questions
    removed = next(q for q in before if q["question_id"])  # a bank question the expert does not want
    edited = [q for q in before if q is not removed] + [ADDED]
    with run_on_commit():
        services.edit_questions(plan=first, expert=expert, questions=edited, reason="too_easy",
                                comment="Ask about deployment, not log parsing")
    first.refresh_from_db()
    with run_on_commit():
        services.request_changes(plan=first, expert=expert, reason="too_easy", comment="Still too easy")
    decision = ExpertDecision.objects.get(plan=first, kind=DecisionKind.EDIT)
    assert decision.diff["removed"][0]["prompt"] == removed["prompt"]
    assert decision.diff["added"][0]["skill"] == "docker"

    prefs = learned_preferences(expert=expert, position=position)
    assert removed["prompt"] in prefs["avoid"]
    assert "docker" in prefs["prefer_skills"]
    assert prefs["difficulty_shift"] == 1  # two "too easy" decisions

    second = make_plan(expert=expert, position=position)
    control = make_plan(expert=control_expert, position=position)
    second_questions = second.current_version.questions
    # Without feedback the plan would repeat the first draft...
    assert prompts(control) == [q["prompt"] for q in before]
    # ...with it, the removed question is gone, the preferred skill is covered and the difficulty went up. The learned
    # level never costs a question of the configured mix (session 38: it dropped one to fit the unshifted mix's
    # length): with the length left empty, the length follows the harder questions.
    assert removed["prompt"] not in prompts(second)
    assert "docker" in {q["skill"] for q in second_questions}
    rank = {"easy": 1, "medium": 2, "hard": 3}
    mean = lambda questions: sum(rank[q["difficulty"]] for q in questions) / len(questions)  # noqa: E731
    assert mean(second_questions) > mean(before)
    assert len(second_questions) == len(before)
    assert second.current_version.estimated_minutes == second.duration_minutes
    assert 'your earlier "too easy" decisions on this position made 4 questions harder' in (
        second.current_version.rationale)
    # one question removed (avoided by its prompt and its bank id): one, not two
    assert prefs["removed"] == 1 and "avoids 1 question the expert removed before" in second.current_version.rationale
    assert "to fit the duration" not in second.current_version.rationale
    # Another expert's feedback never leaks into this expert's plans.
    assert learned_preferences(expert=control_expert, position=position)["avoid"] == []


def test_request_changes_needs_a_reason(bank, make_plan):
    from planning.errors import ReasonRequired

    plan = make_plan()
    plan.refresh_from_db()
    with pytest.raises(ReasonRequired) as err:
        services.request_changes(plan=plan, expert=plan.expert, reason="", comment="meh")
    assert err.value.code == "invalid" and "reason" in err.value.fields
    plan.refresh_from_db()
    assert plan.state == "pending_review"


def test_request_changes_writes_a_new_version_that_avoids_the_old_questions(bank, make_plan):
    plan = make_plan()
    plan.refresh_from_db()
    old = prompts(plan)
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="off_topic", comment="Closer to the job")
    plan.refresh_from_db()
    assert plan.state == "pending_review" and plan.current_version.number == 2
    assert plan.current_version.trigger == "feedback"
    assert set(prompts(plan)).isdisjoint(old)


def test_score_adjustment_gap_is_a_learning_signal(make_plan):
    from planning.observer import learn_from_score

    plan = make_plan()
    signal = learn_from_score(plan, expert=plan.expert, criterion="correctness", ai_score=2, expert_score=4)
    assert (signal.kind, signal.key, signal.value) == (LearningSignal.Kind.SCORE_DELTA, "correctness", 2.0)


def test_an_edited_versions_slots_follow_its_questions(bank, make_plan):
    """The edited version stored the previous version's slots as they were: after the expert deleted or moved a
    question each question was paired with its neighbour's slot, so the critique took the question the expert had
    asked for (a topic, "keep") for a spare one it could replace, and the reverse."""
    from planning.models import PlanVersion

    expert = ExpertFactory()
    plan = make_plan(expert=expert)
    version = plan.current_version
    questions = version.questions
    assert len(questions) >= 3
    slots = [{"category": q["category"], "difficulty": q["difficulty"], "mark": i} for i, q in enumerate(questions)]
    slots[2]["requested"] = True
    PlanVersion.objects.filter(pk=version.pk).update(slots=slots)
    plan.refresh_from_db()
    edited = [questions[2], *questions[3:], questions[1], ADDED]  # the first deleted, the second moved to the end
    with run_on_commit():
        new = services.edit_questions(plan=plan, expert=expert, questions=edited, comment="Reordered.")
    marks = [s.get("mark") for s in new.slots]
    assert marks == [2, *range(3, len(questions)), 1, None]
    assert new.slots[0]["requested"] and not any(s.get("requested") for s in new.slots[1:])
    assert new.slots[-1] == {"category": "coding", "difficulty": "medium"}


def test_a_question_reworded_in_place_keeps_its_slot(bank, make_plan):
    """Matched by prompt text only, a question whose typo the expert fixed lost its slot (the topic they had asked
    for): the critique then called its skill missing, a blocker that refused the approval."""
    from planning.models import PlanVersion

    expert = ExpertFactory()
    plan = make_plan(expert=expert)
    version = plan.current_version
    questions = [dict(q) for q in version.questions]
    slots = [{"category": q["category"], "difficulty": q["difficulty"], "mark": i} for i, q in enumerate(questions)]
    slots[1].update(requested=True, topic="postgresql")
    PlanVersion.objects.filter(pk=version.pk).update(slots=slots)
    plan.refresh_from_db()
    questions[1]["prompt"] += " Explain your choice."
    with run_on_commit():
        new = services.edit_questions(plan=plan, expert=expert, questions=questions, comment="Clarified Q2.")
    assert [s.get("mark") for s in new.slots] == list(range(len(questions)))
    assert new.slots[1]["topic"] == "postgresql" and new.slots[1]["requested"]
