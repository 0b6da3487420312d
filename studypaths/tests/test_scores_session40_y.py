"""Session 40 (Y): a submission's score is the share of the tests that ran. Judging stops at the first failing hidden
test (the rest `skipped`), so passed / total scored a solution failing only the first hidden test of 10 far below one
failing only the last, and the dashboard, mastery and the task's score read it so."""

from __future__ import annotations

import pytest
from django.utils import timezone

from analytics.selectors import dashboard_summary
from studypaths import sandbox, study, tasks
from studypaths.models import CodeRun, RunStatus, StudyTask, TaskEvaluation, TopicMastery
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = pytest.mark.django_db


def _result(verdicts: list[str], *, public: int = 2) -> dict:
    tests = [{"name": f"test {i + 1}", "verdict": verdict, "public": i < public} for i, verdict in enumerate(verdicts)]
    return {"verdict": next((v for v in verdicts if v not in ("accepted", "skipped")), "accepted"),
            "passed": verdicts.count("accepted"), "total": len(verdicts), "skipped": verdicts.count("skipped"),
            "tests": tests}


# 10 tests, 2 public: the first hidden one fails (the 7 after it skipped), or only the last one does
FIRST_HIDDEN_FAILS = _result(["accepted"] * 2 + ["wrong_answer"] + ["skipped"] * 7)
LAST_FAILS = _result(["accepted"] * 9 + ["wrong_answer"])


def _judged(user, task, result: dict) -> TaskEvaluation:
    evaluation = study.submit_task(user=user, task_id=task.id, language="python", code=ADD_PY)
    CodeRun.objects.filter(id=evaluation.run_id).update(status=RunStatus.DONE, verdict=result["verdict"],
                                                        finished_at=timezone.now(), result=result)
    return study.record_evaluation(run_id=evaluation.run_id)


@pytest.fixture
def path(candidate, monkeypatch):
    monkeypatch.setattr(tasks.execute_code_run, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(study, "_prepare_next_batch_on_commit", lambda path_id: None)
    return study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig(starting_level=1))


def test_the_share_of_tests_run():
    """passed / (total - skipped); every test passed is 1.0, a compile error (everything skipped) 0, and a result
    from before judging stopped early (no `skipped`) reads as it did."""
    share = sandbox.share_of_tests_run
    assert share(FIRST_HIDDEN_FAILS) == pytest.approx(2 / 3)
    assert share(LAST_FAILS) == pytest.approx(0.9)
    assert share(_result(["accepted"] * 10)) == 1.0
    assert share(_result(["skipped"] * 10)) == 0.0
    assert share({"passed": 7, "total": 10}) == pytest.approx(0.7)
    assert share({}) == 0.0


def test_a_submission_failing_the_first_hidden_test_scores_the_share_of_the_tests_that_ran(path, candidate):
    """Failing hidden test 1 of 8 scored 0.2 (2 of 10) and failing the last one 0.9, though each failed one test of
    those it ran: now 0.6667 (2 of the 3 run) and 0.9; mastery moves by the same score."""
    task = study.get_next_task(user=candidate)
    first = _judged(candidate, task, FIRST_HIDDEN_FAILS)
    assert (first.passed, first.total, first.score) == (2, 10, pytest.approx(0.6667))
    assert StudyTask.objects.get(id=task.id).score == pytest.approx(0.6667)
    mastery = TopicMastery.objects.get(user=candidate, topic=task.problem.topics[0])
    assert mastery.mastery == pytest.approx(round(study.MASTERY_RATE * 0.6667, 4))
    last = _judged(candidate, task, LAST_FAILS)
    assert (last.passed, last.total, last.score) == (9, 10, pytest.approx(0.9))


def test_the_dashboard_share_of_tests_passed_agrees_with_the_task_scores(path, candidate):
    """The dashboard's daily share of tests passed read 55 (20 and 90) beside task scores of 0.67 and 0.9."""
    task = study.get_next_task(user=candidate)
    scores = [_judged(candidate, task, result).score for result in (FIRST_HIDDEN_FAILS, LAST_FAILS)]
    trend = dashboard_summary(candidate)["score_trend"]
    study_points = [point["study"] for point in trend if point["study"] is not None]
    assert study_points == [round(sum(scores) / len(scores) * 100, 1)] == [78.3]
