"""Session 40 (K): a study task and the practice pages agree on a problem solved, and a path's focus keeps its
progress and its next task in step."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from analytics.selectors import next_action
from studypaths import progress, selectors, study
from studypaths.errors import TaskFinished
from studypaths.models import (
    CodeRun,
    EventKind,
    ReviewCard,
    RunKind,
    RunStatus,
    StudyPath,
    StudyTask,
    TaskEvaluation,
    TaskEvent,
    TaskKind,
    TaskStatus,
)
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = pytest.mark.django_db

WRONG_PY = "def add(a, b):\n    return a - b\n"


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _path(user, track, **config) -> StudyPath:
    path = study.create_study_path(user=user, track=track, config=study.PathConfig(**config))
    return StudyPath.objects.select_related("track", "user").get(id=path.id)


def _practice_run(user, problem, verdict: str, **fields) -> CodeRun:
    return CodeRun.objects.create(user=user, problem=problem, language="python", code=ADD_PY,
                                  kind=fields.pop("kind", RunKind.SUBMISSION), status=RunStatus.DONE,
                                  verdict=verdict, finished_at=timezone.now(), **fields)


# --- 1. an accepted practice submission and the open task of the same problem -----------------------------------------

def test_an_accepted_practice_submission_made_while_the_task_is_open_is_its_attempt(
        client, candidate, bubblewrap, django_capture_on_commit_callbacks):
    """The task page said "In progress · Attempts 0 of 3" while its own runs listed "Submission · Accepted", the module
    counted the problem solved, and the next step still sent the candidate to it (where three failures then recorded
    a failure on a problem already solved). The accepted practice submission is now the task's attempt: it passes."""
    path = _path(candidate, make_track())
    task = study.get_next_task(user=candidate)
    assert client.get(f"/studypaths/tasks/{task.id}/").status_code == 200  # opened: in progress
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(candidate).post(f"/api/v1/problems/{task.problem_id}/submit",
                                        {"language": "python", "code": ADD_PY}, format="json")
    assert response.status_code == 202
    assert CodeRun.objects.get(id=response.json()["id"]).verdict == "accepted"
    task.refresh_from_db()
    assert (task.status, task.attempts, task.score) == (TaskStatus.PASSED, 1, 1.0)
    evaluation = TaskEvaluation.objects.get(task=task)
    assert (evaluation.run_id, evaluation.attempt, evaluation.verdict) == (response.json()["id"], 1, "accepted")
    submitted = TaskEvent.objects.get(task=task, kind=EventKind.SUBMITTED)
    assert submitted.data["source"] == "practice page"
    assert ReviewCard.objects.filter(user=candidate, problem_id=task.problem_id).exists()
    # every page and API now says the same: the task is done and the next one is another problem
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert 'data-task-status="passed"' in page and "Attempt <strong>1</strong>" in page
    following = study.get_next_task(user=candidate)
    assert following is not None and following.problem_id != task.problem_id
    assert _api(candidate).get("/api/v1/study-tasks/next").json()["problem"] != task.problem_id
    assert next_action(candidate)["url"] != f"/studypaths/tasks/{task.id}/"
    assert progress.path_progress(path)["tasks"]["passed"] == 1
    with pytest.raises(TaskFinished):  # no failure can be recorded on it afterwards
        study.submit_task(user=candidate, task_id=task.id, language="python", code=WRONG_PY)


def test_a_practice_submission_that_fails_or_came_before_the_task_leaves_the_task_alone(candidate, track_two):
    """Practice stays free: a wrong answer on the practice page spends none of the task's attempts, and an accepted
    one made before the task was set (a review's, a problem solved earlier) is not the task's."""
    _path(candidate, track_two)
    task = study.get_next_task(user=candidate)
    earlier = _practice_run(candidate, task.problem, "accepted")
    CodeRun.objects.filter(id=earlier.id).update(created_at=task.created_at - timezone.timedelta(minutes=5))
    wrong = _practice_run(candidate, task.problem, "wrong_answer")
    assert study.count_practice_submission(run_id=earlier.id) is None
    assert study.count_practice_submission(run_id=wrong.id) is None
    examples = _practice_run(candidate, task.problem, "accepted", kind=RunKind.EXAMPLES)
    assert study.count_practice_submission(run_id=examples.id) is None
    task.refresh_from_db()
    assert (task.status, task.attempts) == (TaskStatus.PENDING, 0)
    assert not TaskEvaluation.objects.filter(task=task).exists()


def test_the_task_pages_runs_say_which_count_as_its_attempts(client, candidate, track_two):
    """"Your runs" listed a practice submission the task's status ignored, without saying so."""
    _path(candidate, track_two)
    task = study.get_next_task(user=candidate)
    client.get(f"/studypaths/tasks/{task.id}/")
    attempt = _practice_run(candidate, task.problem, "wrong_answer")
    TaskEvaluation.objects.create(task=task, run=attempt, attempt=1, status="done")
    _practice_run(candidate, task.problem, "wrong_answer")  # on the practice page
    _practice_run(candidate, task.problem, "accepted", kind=RunKind.EXAMPLES)

    def whats(html: str) -> list[str]:
        import re

        return [re.sub(r"<[^>]+>|\s+", " ", cell).strip()
                for cell in re.findall(r'data-label="What">(.*?)</td>', html, flags=re.S)]

    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert whats(page) == ["Examples · not an attempt", "Submission · practice page, not counted",
                           "Submission · attempt 1"]
    assert "count as this task" in page
    runs_url = f"/studypaths/problems/{task.problem_id}/runs/?task={task.id}"
    assert f'hx-get="{runs_url}"' in page.replace("&amp;", "&")
    partial = client.get(runs_url, HTTP_HX_REQUEST="true").content.decode()
    assert whats(partial) == whats(page)
    # the practice page itself keeps its plain list
    plain = client.get(f"/studypaths/problems/{task.problem_id}/runs/", HTTP_HX_REQUEST="true").content.decode()
    assert whats(plain) == ["Examples", "Submission", "Submission"]


# --- 2. changing a path's focus modules -------------------------------------------------------------------------------

@pytest.fixture
def track_two():
    return make_track(modules=2)


def _slugs(track):
    return [m.slug for m in track.modules.order_by("track_modules__position")]


def test_a_module_dropped_from_focus_keeps_its_progress_marked_not_in_focus(client, candidate, track_two):
    """Focusing on another module hid the two problems solved in the first ("Hash maps & sets 0/6" alone) while "1
    of 2 tasks passed" stayed. A module with work done stays in the table, marked as not in focus."""
    first, second = _slugs(track_two)
    path = _path(candidate, track_two)
    solved = track_two.modules.get(slug=first).problems.first()
    _practice_run(candidate, solved, "accepted")
    response = _api(candidate).patch(f"/api/v1/study-paths/{path.id}", {"focus_modules": [second]}, format="json")
    assert response.status_code == 200
    body = _api(candidate).get(f"/api/v1/study-paths/{path.id}/progress").json()
    assert [(m["slug"], m["completed"], m["in_focus"]) for m in body["modules"]] == [(first, 1, False),
                                                                                     (second, 0, True)]
    page = client.get("/studypaths/path/").content.decode()
    assert "not in focus" in page
    # a module out of focus with nothing done stays out of the table
    response = _api(candidate).patch(f"/api/v1/study-paths/{path.id}", {"focus_modules": [first]}, format="json")
    body = _api(candidate).get(f"/api/v1/study-paths/{path.id}/progress").json()
    assert [(m["slug"], m["in_focus"]) for m in body["modules"]] == [(first, True)]
    assert [m["slug"] for m in progress.path_summary(StudyPath.objects.get(id=path.id))["modules"]] == [first]


def test_the_open_task_of_a_module_dropped_from_focus_is_skipped_and_the_next_follows_the_focus(
        client, candidate, track_two, django_capture_on_commit_callbacks):
    """The next task was still one of a module no longer in focus."""
    first, second = _slugs(track_two)
    path = _path(candidate, track_two)
    task = study.get_next_task(user=candidate)
    assert task.problem.module.slug == first
    client.get(f"/studypaths/tasks/{task.id}/")  # opened, even: still replaced
    review_problem = track_two.modules.get(slug=first).problems.exclude(id=task.problem_id).first()
    review = StudyTask.objects.create(path=path, problem=review_problem, kind=TaskKind.REVIEW,
                                      due_date=study.today(candidate))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/studypaths/path/", {"hours_per_week": "5", "focus_modules": [second]})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.SKIPPED
    reason = TaskEvent.objects.filter(task=task, kind=EventKind.STATUS_CHANGED).order_by("-id").first().data["reason"]
    assert reason == "its module is no longer in the path's focus"
    review.refresh_from_db()
    assert review.status == TaskStatus.PENDING  # a review is of a problem solved: focus is for new practice
    review.status = TaskStatus.SKIPPED
    review.save(update_fields=["status"])
    following = study.get_next_task(user=candidate)
    assert following.problem.module.slug == second
    assert _api(candidate).get("/api/v1/study-tasks/next").json()["id"] == following.id
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert "no longer in the path" in page and "focus" in page
    assert selectors.next_open_task(StudyPath.objects.get(id=path.id)).problem.module.slug == second
