"""A send-back starts from the version the expert sent back (session 36's review, with the demo's data): the questions
its comment does not name stay as they were (same text, same bank ids, same order), the ones it drops stay dropped in
later versions, and neither the revision after a high-severity critique nor the critique's severity undoes the
expert's edit, whichever provider writes or critiques the version."""

from __future__ import annotations

import pytest

from interviewmaster import demo_data
from interviewmaster.ai.offline import ENGINE
from interviews.tests.factories import load_shipped_bank
from planning import agents, services
from planning.tests.conftest import run_on_commit

pytestmark = pytest.mark.django_db
# the reviewer's mix: coding, system design, behavioural, databases
MIX = {"question_distribution": {"coding": 1, "system_design": 1, "behavioral": 1, "databases": 1}}


@pytest.fixture
def demo_plan(make_plan):
    """The demo's "Backend engineer (Python)" plan (Python, Django, PostgreSQL required) on the shipped bank: Q1 a
    Python coding question, Q2 a system design question, Q3 a Django behavioural one, Q4 a PostgreSQL one."""
    from accounts.tests.factories import ExpertFactory
    from planning.models import Position

    load_shipped_bank()
    expert = ExpertFactory()
    demo_data.seed_positions(expert)
    plan = make_plan(expert=expert, position=Position.objects.get(title="Backend engineer (Python)"), config=MIX)
    assert [(q["category"], q["skill"]) for q in plan.current_version.questions][::2] == [
        ("coding", "python"), ("behavioral", "django")]
    assert [q["category"] for q in plan.current_version.questions] == [
        "coding", "system_design", "behavioral", "databases"]
    return plan


def send_back(plan, comment, reason="other"):
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason=reason, comment=comment)
    plan.refresh_from_db()
    return plan.current_version


def same(question):
    return question["question_id"], question["prompt"]


@pytest.mark.parametrize("reason", ["other", "off_topic", "missing_skill"])
def test_questions_dropped_stay_dropped_and_those_not_named_stay_as_they_were(demo_plan, reason):
    first = demo_plan.current_version.questions
    second = send_back(demo_plan, "Drop Q1, Q2", reason).questions
    assert list(map(same, second)) == list(map(same, first[2:]))
    third = send_back(demo_plan, "Replace the SQL question with a Kafka one", reason)
    # the behavioural question nobody named is the same question at the same place; the dropped ones stay dropped
    assert len(third.questions) == 2 and same(third.questions[0]) == same(first[2])
    assert third.questions[1]["skill"] == "kafka" and third.questions[1]["prompt"] != first[3]["prompt"]
    assert not {q["prompt"] for q in first[:2]} & {q["prompt"] for q in third.questions}
    assert [v.trigger for v in demo_plan.versions.order_by("number")] == ["", "feedback", "feedback"]


def test_replacing_one_question_leaves_the_others_untouched(demo_plan):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "Replace the SQL question with a Kafka one")
    assert list(map(same, version.questions[:3])) == list(map(same, first[:3]))
    assert version.questions[3]["skill"] == "kafka"


def test_a_reason_with_a_comment_it_cannot_read_still_brings_fresh_questions_in_the_places_sent_back(demo_plan):
    first = demo_plan.current_version.questions
    send_back(demo_plan, "Drop Q1")
    version = send_back(demo_plan, "Closer to the job please", reason="off_topic")
    assert [q["category"] for q in version.questions] == [q["category"] for q in first[1:]]
    assert not {q["prompt"] for q in first} & {q["prompt"] for q in version.questions}


def test_the_critique_does_not_undo_a_drop(demo_plan):
    """"Drop Q1" left Python uncovered: no automatic revision writes a Python question back in place of a question the
    expert left alone, the critique says plainly why Python is missing, and the plan can be approved."""
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "Drop Q1")
    assert list(map(same, version.questions)) == list(map(same, first[1:]))
    assert version.trigger == "feedback" and "python" not in {q["skill"] for q in version.questions}
    issues = version.critiques.get().issues
    assert not [i for i in issues if i["severity"] == "blocker"]
    assert [(i["severity"], i["message"]) for i in issues if i["kind"] == "missing_skill"] == [
        ("warning", "Python is no longer covered: you dropped its question.")]
    services.approve_plan(plan=demo_plan, expert=demo_plan.expert)


def model_like(monkeypatch):
    """A remote model in place of the offline engine (what `complete_json` returns from a mocked provider): it writes
    Python back in place of every question and calls the uncovered Python a blocker, as a model may."""
    from interviewmaster.ai.base import AIResult

    def complete_json(task, inputs, schema, **kwargs):
        data = ENGINE[task](inputs)
        if task == "build_plan":
            data["questions"] = [{**q, "question_id": None, "skill": "python", "prompt": (
                f"Design a service for this position that relies on Python ({i + 1}).")}
                for i, q in enumerate(data["questions"])]
        else:
            data["issues"] = [i for i in data["issues"] if i["kind"] != "missing_skill"] + [{
                "severity": "blocker", "kind": "missing_skill", "question_index": None,
                "message": "No question assesses the required skill Python."}]
            data["verdict"] = "revise"
        return AIResult(task=task, data=data, provider="remote", model="gpt-test")

    monkeypatch.setattr(agents, "complete_json", complete_json)


def test_with_a_model_the_code_keeps_what_the_expert_left_alone_and_their_drop(demo_plan, monkeypatch):
    first = demo_plan.current_version.questions
    model_like(monkeypatch)
    version = send_back(demo_plan, "Drop Q1")
    # the model rewrote every question: those the expert left alone are put back; its blocker on Python is the
    # expert's choice, so no revision runs against the drop and the plan can be approved
    assert list(map(same, version.questions)) == list(map(same, first[1:]))
    assert [v.trigger for v in demo_plan.versions.order_by("number")] == ["", "feedback"]
    issues = version.critiques.get().issues
    assert [(i["severity"], i["message"]) for i in issues if i["kind"] == "missing_skill"] == [
        ("warning", "Python is no longer covered: you dropped its question.")]
    services.approve_plan(plan=demo_plan, expert=demo_plan.expert)


def test_a_revision_after_the_critique_keeps_what_the_expert_left_alone(demo_plan, monkeypatch):
    """Another blocker (here a model's, on a question the expert left alone) still brings the one revision: it may
    not replace the questions the expert left alone nor write Python back."""
    first = demo_plan.current_version.questions
    model_like(monkeypatch)
    real = agents.complete_json

    def biased_once(task, inputs, schema, **kwargs):
        result = real(task, inputs, schema, **kwargs)
        if task == "critique_plan":
            result.data["issues"].append({"severity": "blocker", "kind": "biased", "question_index": 0,
                                          "message": "Question 1 could be read as personal."})
            monkeypatch.setattr(agents, "complete_json", real)
        return result

    monkeypatch.setattr(agents, "complete_json", biased_once)
    send_back(demo_plan, "Drop Q1")
    versions = list(demo_plan.versions.order_by("number"))
    assert [v.trigger for v in versions] == ["", "feedback", "critique"]
    assert list(map(same, versions[2].questions)) == list(map(same, first[1:]))


def test_the_offline_revision_neither_frees_a_question_left_alone_nor_brings_back_a_dropped_skill():
    from planning.agents import _skills
    from planning.tests.factories import planned_question

    left = [planned_question(prompt="Design rate limiting for a public API.", category="system_design",
                             skill="redis"),
            planned_question(prompt="Tell me about a Django project that went wrong.", category="behavioral",
                             skill="django")]
    slots = [{"category": "system_design", "difficulty": "medium"}, {"category": "behavioral", "difficulty": "medium"}]
    issues = [{"severity": "blocker", "kind": "missing_skill", "question_index": None, "skills": ["python"],
               "message": "No question assesses the required skill Python."},
              {"severity": "blocker", "kind": "biased", "question_index": 0, "message": "Question 1 is personal."}]
    plan = ENGINE["build_plan"]({"role": "backend_engineer", "duration_minutes": 40, "slots": slots,
                                 "required_skills": _skills(["python", "django"]),
                                 "keep": [{"slot": 0, "question": left[0]}, {"slot": 1, "question": left[1]}],
                                 "expert_request": {"done": ["dropped question 1 (Coding, Python)"], "not_done": [],
                                                    "dropped_skills": ["python"]},
                                 "revise": {"questions": left, "issues": issues}})
    assert [q["prompt"] for q in plan["questions"]] == [q["prompt"] for q in left]


def test_a_skill_said_missing_is_covered_again_in_the_places_sent_back(demo_plan):
    """The reason alone ("a required skill is missing", with a comment the planner does not read) writes the
    questions again where the version sent back had them: the question dropped before stays dropped, and Python is
    covered again."""
    send_back(demo_plan, "Drop Q1")
    version = send_back(demo_plan, "Python matters for this role", reason="missing_skill")
    assert [q["category"] for q in version.questions] == ["system_design", "behavioral", "databases"]
    assert "python" in {q["skill"] for q in version.questions}
