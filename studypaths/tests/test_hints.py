"""Tutor hints: graduated from the problem's metadata, and never the reference solution (whoever wrote them)."""

from __future__ import annotations

import pytest

from studypaths import hints, study
from studypaths.models import HintStatus, Problem, StudyTask
from studypaths.services import load_problem_bank
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    load_problem_bank()
    return list(Problem.objects.all())


def test_every_bank_problem_gets_three_distinct_hints_that_never_leak_its_reference(bank):
    assert len(bank) >= 60
    for problem in bank:
        for language, reference in problem.reference_solutions.items():
            texts = hints.graded_hints(title=problem.title, topics=problem.topics, constraints=problem.constraints,
                                       function_spec=problem.function_spec, language=language,
                                       failing_test="empty input")
            assert len(set(texts)) == 3, problem.slug
            assert texts[2].startswith("Outline"), problem.slug
            assert not any(hints.leaks_solution(text, reference) for text in texts), (problem.slug, language)


def test_hints_come_from_the_problems_topics_and_limits(bank):
    problem = Problem.objects.get(slug="two-sum")
    nudge, approach, steps = hints.graded_hints(title=problem.title, topics=problem.topics,
                                                constraints=problem.constraints, function_spec=problem.function_spec)
    assert nudge == hints.TOPIC_HINTS["hash map"][0]
    assert "dictionary" in approach and "stay below O(n²)" in approach  # technique + what 10^4 inputs demand
    assert "`two_sum`" in steps and "`nums`" in steps and "`target`" in steps


def _hints_of(slug):
    problem = Problem.objects.get(slug=slug)
    return hints.graded_hints(title=problem.title, topics=problem.topics, constraints=problem.constraints,
                              function_spec=problem.function_spec)


def test_each_list_problem_gets_the_hint_of_its_own_technique_and_none_is_wrong_for_it(bank):
    # every list problem got the same dummy-node recipe, which ends in a wrong answer for reversing a list or
    # finding its middle
    middle = _hints_of("middle-of-linked-list")
    assert middle[0] == hints.TOPIC_HINTS["fast and slow"][0] and "linked list problems" in middle[1]
    for slug in ("reverse-linked-list", "middle-of-linked-list", "merge-two-sorted-lists"):
        assert "return what the dummy points to" not in _hints_of(slug)[2], slug


def test_the_complexity_sentence_never_contradicts_the_technique_and_reads_as_a_sentence(bank):
    # binary search was told "Aim for about n log n or better"; small inputs read "Aim for any straightforward
    # approach fits."
    binary = hints.problem_hints(Problem.objects.get(slug="binary-search"))[1]
    assert "n log n" not in binary and "O(log n)" in binary
    assert "up to 100,000" in _hints_of("binary-search")[1]  # `10^5` in the text read whole (it read "up to 10")
    for problem in bank:
        approach = hints.problem_hints(problem)[1]
        assert "Aim for any" not in approach and "Aim for n squared" not in approach, problem.slug
        assert approach.endswith("."), problem.slug


def test_edge_cases_leave_out_what_the_constraints_rule_out(bank):
    for hints_of in (_hints_of, lambda slug: hints.problem_hints(Problem.objects.get(slug=slug))):
        assert "an empty" not in hints_of("middle-of-linked-list")[2]  # `1 <= length <= 100`
        assert "an empty `head`" in hints_of("reverse-linked-list")[2]  # `0 <= length <= 5000`
        assert "repeated values" not in hints_of("search-rotated-array")[2]  # distinct values


def test_leak_guard_catches_copied_lines_and_long_token_runs():
    reference = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n" \
                "        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n"
    assert hints.leaks_solution("Try this: for i, n in enumerate(nums): and so on", reference)
    assert hints.leaks_solution("return [seen[target - n], i] when found", reference)
    assert not hints.leaks_solution("Keep a dictionary from values to indices while you scan once.", reference)


def _task_with_hint(user, level_code=""):
    track = make_track(modules=1, problems=[(0, 1, ["hash map"])])
    path = study.create_study_path(user=user, track=track, config=study.PathConfig())
    task = StudyTask.objects.filter(path=path).first()
    return task


def test_a_provider_that_gives_the_solution_away_is_replaced_by_the_graded_hint(monkeypatch):
    from accounts.tests.factories import CandidateFactory
    from interviewmaster.ai.base import AIResult

    user = CandidateFactory()
    task = _task_with_hint(user)
    reference = task.problem.reference_solutions["python"]
    seen = {}

    def leaky(name, inputs, schema=None, **kwargs):
        seen.update(inputs)
        return AIResult(task=name, data={"hint": f"Just write: {reference}", "level": 3, "focus": "x"},
                        provider="vendor", model="m")

    monkeypatch.setattr("interviewmaster.ai.complete_json", leaky)
    for _ in range(3):
        hint = study.request_hint(user=user, task_id=task.id)
    written = study.write_hint(hint_id=hint.id)
    assert written.status == HintStatus.READY and written.level == 3
    assert reference.strip() not in written.text and written.text.startswith("Outline")
    assert written.provider == "vendor+guard"
    assert seen["reference_solution"] == reference and seen["level"] == 3  # the AI layer's give-away check inputs


def test_a_hint_writing_the_solution_out_in_another_language_is_replaced_too(monkeypatch):
    """The give-away check compared a hint with the reference solution in the attempt's language only (Python when
    nothing was run yet): the JavaScript solution written out passed."""
    from accounts.tests.factories import CandidateFactory
    from interviewmaster.ai.base import AIResult

    user = CandidateFactory()
    task = _task_with_hint(user)
    javascript = "function add(a, b) {\n  const total = [a, b].reduce((sum, n) => sum + n, 0);\n  return total;\n}\n"
    task.problem.reference_solutions = {**task.problem.reference_solutions, "javascript": javascript}
    task.problem.save(update_fields=["reference_solutions"])
    monkeypatch.setattr("interviewmaster.ai.complete_json", lambda name, inputs, schema=None, **kwargs: AIResult(
        task=name, data={"hint": f"In JavaScript it is: {javascript}", "level": 1, "focus": "x"},
        provider="vendor", model="m"))
    hint = study.request_hint(user=user, task_id=task.id)
    written = study.write_hint(hint_id=hint.id)
    assert written.provider == "vendor+guard" and javascript.strip() not in written.text


def test_a_hint_is_told_the_failing_hidden_test_not_the_ones_judging_stopped_before():
    """Judging stops at the first failing hidden test and marks the rest `skipped`: those did not fail, and a hint
    told them as failing tests pointed the candidate at edge cases their code may well handle."""
    from accounts.tests.factories import CandidateFactory
    from studypaths.models import CodeRun, EvaluationStatus, RunStatus, TaskEvaluation

    user = CandidateFactory()
    task = _task_with_hint(user)
    run = CodeRun.objects.create(user=user, problem=task.problem, language="python", code="x", kind="submission",
                                 status=RunStatus.DONE, verdict="wrong_answer", result={})
    TaskEvaluation.objects.create(task=task, run=run, status=EvaluationStatus.DONE, verdict="wrong_answer", tests=[
        {"name": "example 1", "verdict": "accepted", "public": True},
        {"name": "negatives", "verdict": "wrong_answer", "public": False},
        {"name": "large input", "verdict": "skipped", "public": False},
        {"name": "duplicates", "verdict": "skipped", "public": False}])
    hint = study.request_hint(user=user, task_id=task.id)
    assert study.hint_inputs(hint)["attempt"]["failing_tests"] == ["negatives"]
