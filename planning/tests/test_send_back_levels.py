"""A send-back's level change (session 36's thirteenth review, helper M): a question of the version sent back whose
level changes is written afresh, never its text relabelled; the reason's own "too easy" / "too hard" holds when the
comment names a question; a question whose category allows no other level stays as it was; and a reason that asks for
fresh questions rewrites those a comment only keeps or praises the others of."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline import ENGINE
from planning.tests import test_send_back_from_version as from_version

pytestmark = pytest.mark.django_db
demo_plan, same, send_back = from_version.demo_plan, from_version.same, from_version.send_back


def no_text_relabelled(first, questions):
    levels = {q["prompt"]: q["difficulty"] for q in first}
    return all(levels.get(q["prompt"], q["difficulty"]) == q["difficulty"] for q in questions)


@pytest.mark.parametrize(("reason", "comment"), [("missing_skill", "The plan is too hard"), ("too_hard", ""),
                                                 ("too_easy", "")])
def test_a_question_whose_level_changes_is_a_new_question(demo_plan, reason, comment):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, comment, reason)
    assert no_text_relabelled(first, version.questions)
    moved = [i for i, q in enumerate(version.questions) if q["difficulty"] != first[i]["difficulty"]]
    assert 0 in moved and 2 in moved  # the coding and the behavioural question
    assert all(version.questions[i]["prompt"] != first[i]["prompt"] for i in moved)


def test_old_text_from_a_model_is_replaced_at_the_new_level(demo_plan, monkeypatch):
    """A model that ignores `avoid` hands back the old text under the new level. Relabelled back to its old level, the
    version lost its fit to the duration and the rationale's "shifted -1" was false (R5): the offline engine's
    question for that place, written at the slot's level, takes its place."""
    from interviewmaster.ai.base import AIResult
    from planning import agents

    first = demo_plan.current_version.questions

    def relabels(task, inputs, schema, **kwargs):
        data = ENGINE[task](inputs)
        if task == "build_plan":
            for q, old in zip(data["questions"], first, strict=True):
                q["prompt"] = old["prompt"]
        return AIResult(task=task, data=data, provider="remote", model="gpt-test")

    monkeypatch.setattr(agents, "complete_json", relabels)
    version = send_back(demo_plan, "", "too_hard")
    assert no_text_relabelled(first, version.questions)
    assert [q["difficulty"] for q in version.questions] == [s["difficulty"] for s in version.slots]
    moved = [i for i, q in enumerate(version.questions) if q["difficulty"] != first[i]["difficulty"]]
    assert moved and all(version.questions[i]["prompt"] != first[i]["prompt"] for i in moved)


def test_old_text_keeps_its_own_level_when_no_other_question_can_take_its_place(monkeypatch):
    from planning import agents

    previous = [{"prompt": "Explain a hash map.", "difficulty": "medium"}]
    monkeypatch.setitem(ENGINE, "build_plan", lambda inputs: {"questions": []})
    guarded = agents._same_text_same_level([{"prompt": "Explain a hash map.", "difficulty": "easy"}], previous,
                                           {"bank": [], "slots": [{}]})
    assert guarded == [{"prompt": "Explain a hash map.", "difficulty": "medium"}]


def test_the_reasons_shift_holds_when_the_comment_drops_a_question(demo_plan):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "Drop Q1", "too_hard")
    assert [(q["category"], q["difficulty"]) for q in version.questions] == [
        ("system_design", "medium"), ("behavioral", "easy"), ("databases", "easy")]
    assert same(version.questions[0]) == same(first[1])  # system design allows no easier level: as it was
    assert no_text_relabelled(first, version.questions)
    assert "dropped question 1" in version.rationale


def test_a_question_kept_by_name_is_left_be_by_the_reasons_shift(demo_plan):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "Keep Q3", "too_hard")
    assert same(version.questions[2]) == same(first[2]) and version.questions[2]["difficulty"] == "medium"
    assert version.questions[0]["difficulty"] == "easy" and version.questions[0]["prompt"] != first[0]["prompt"]


@pytest.mark.parametrize("comment", ["Keep Q2", "Q2 is fine"])
def test_a_fresh_reason_rewrites_the_questions_a_comment_does_not_keep(demo_plan, comment):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, comment, "off_topic")
    assert [q["category"] for q in version.questions] == [q["category"] for q in first]
    assert not {q["prompt"] for i, q in enumerate(first) if i != 1} & {q["prompt"] for q in version.questions}
    if comment == "Keep Q2":
        assert same(version.questions[1]) == same(first[1])


def test_a_question_that_cannot_move_stays_under_a_shift_reason_alone(demo_plan):
    first = demo_plan.current_version.questions
    assert first[1]["category"] == "system_design" and first[1]["question_id"]
    version = send_back(demo_plan, "", "too_hard")
    assert same(version.questions[1]) == same(first[1])
    # a fresh reason alone still rewrites every question
    second = version.questions
    version = send_back(demo_plan, "", "off_topic")
    assert not {q["prompt"] for q in second} & {q["prompt"] for q in version.questions}
