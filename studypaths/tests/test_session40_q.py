"""Session 40 (Q): tasks the system skipped are not counted, focus changes are limited, a skipped placement set
places nothing, a task's counted runs stay on its page, and a run's tests read as passed, failed and not run."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from interviewmaster.testing import error_of
from studypaths import progress, study
from studypaths.models import CodeRun, RunKind, RunStatus, StudyPath, StudyTask, TaskEvaluation, TaskKind, TaskStatus
from studypaths.tests.factories import ADD_PY, ProblemFactory, make_track
from studypaths.tests.test_views import finished_run

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _path(user, track, **config) -> StudyPath:
    path = study.create_study_path(user=user, track=track, config=study.PathConfig(**config))
    return StudyPath.objects.select_related("track", "user").get(id=path.id)


def _slugs(track):
    return [m.slug for m in track.modules.order_by("track_modules__position")]


def _finish(task, status):
    task = StudyTask.objects.select_related("path", "problem").get(id=task.id)
    study.transition_task(task, TaskStatus.SUBMITTED)
    study.transition_task(task, status)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- 1. focus churn -------------------------------------------------------------------------------------------------

def test_tasks_the_system_skipped_are_not_counted_in_tasks_passed_anywhere(
        client, candidate, django_capture_on_commit_callbacks):
    """Alternating a path's focus 40 times made 40 tasks and skipped 40: the path page read "1 of 45 tasks passed".
    A task skipped by a focus change or an archive is not one the candidate had to do: `total` counts the others
    (progress API, the mentor's summary; the pages now say "N of F finished"), a task the candidate skipped counts."""
    track = make_track(modules=2, problems=[(i, d, [f"t{i}{d}{n}"]) for i in range(2) for d in (1, 2)
                                            for n in range(3)])
    first, second = _slugs(track)
    path = _path(candidate, track)
    api = _api(candidate)
    for focus in (second, first, second, first):
        with django_capture_on_commit_callbacks(execute=True):
            assert api.patch(f"/api/v1/study-paths/{path.id}", {"focus_modules": [focus]},
                             format="json").status_code == 200
    assert StudyTask.objects.filter(path=path, status=TaskStatus.SKIPPED).count() == 4
    _finish(study.get_next_task(user=candidate), TaskStatus.PASSED)
    with django_capture_on_commit_callbacks(execute=True):
        study.generate_tasks(path=path)
    study.skip_task(user=candidate, task_id=study.get_next_task(user=candidate).id)  # the candidate's own skip counts
    total = StudyTask.objects.filter(path=path).count() - 4
    counts = progress.path_progress(path)["tasks"]
    assert (counts["passed"], counts["total"], counts["withdrawn"]) == (1, total, 4)
    assert api.get(f"/api/v1/study-paths/{path.id}/progress").json()["tasks"] == counts
    assert progress.path_summary(path)["tasks"] == counts
    page = _text(client.get("/studypaths/path/").content.decode())
    assert "Tasks passed: 1 of 1 finished (100%)" in page
    open_before = StudyTask.objects.filter(path=path, status__in=[TaskStatus.PENDING]).count()
    study.archive_path(path=path)
    counts = progress.path_progress(StudyPath.objects.get(id=path.id))["tasks"]
    assert (counts["total"], counts["withdrawn"]) == (total - open_before, 4 + open_before)


def test_focus_changes_are_limited_with_a_clear_message_and_other_changes_are_free(client, candidate, settings):
    """Focus changes had no limit (40 in 0.9 s, each making a task and skipping one), which also got around the limit
    on starting paths. STUDY_PATH_FOCUS_RATE counts the changes of a candidate's focus modules (API and page share
    it); a settings change that keeps the focus, and a refused one, cost nothing."""
    settings.STUDY_PATH_FOCUS_RATE = "2/day"
    track = make_track()
    first, second = _slugs(track)
    path = _path(candidate, track)
    api, url = _api(candidate), f"/api/v1/study-paths/{path.id}"
    assert api.patch(url, {"focus_modules": ["nope"]}, format="json").status_code == 400  # free
    assert api.patch(url, {"focus_modules": [first]}, format="json").status_code == 200
    assert api.patch(url, {"focus_modules": [first], "hours_per_week": 7}, format="json").status_code == 200  # same
    assert api.patch(url, {"hours_per_week": 8}, format="json").status_code == 200  # free
    assert api.patch(url, {"focus_modules": [second]}, format="json").status_code == 200
    tasks = StudyTask.objects.filter(path=path).count()
    refused = api.patch(url, {"focus_modules": [first]}, format="json")
    assert error_of(refused) == (429, "throttled")
    assert 86_000 <= int(refused["Retry-After"]) <= 86_400
    message = ("You have changed your path's focus modules 2 times lately; you can change them again in 24 hours. "
               "Your other settings can be changed now.")
    assert refused.json()["error"]["message"] == message
    path.refresh_from_db()
    assert path.focus_modules == [second] and StudyTask.objects.filter(path=path).count() == tasks
    assert api.patch(url, {"hours_per_week": 9}, format="json").status_code == 200
    page = client.post("/studypaths/path/", {"hours_per_week": "9", "focus_modules": [first]})
    assert page.status_code == 429 and int(page["Retry-After"]) > 86_000
    assert message in html.unescape(page.content.decode())
    assert client.post("/studypaths/path/", {"hours_per_week": "10", "focus_modules": [second]}).status_code == 302
    other = make_track()
    from accounts.tests.factories import CandidateFactory

    someone = CandidateFactory()
    theirs = _path(someone, other)
    assert _api(someone).patch(f"/api/v1/study-paths/{theirs.id}", {"focus_modules": [_slugs(other)[0]]},
                               format="json").status_code == 200  # per candidate


# --- 2. a skipped placement set -------------------------------------------------------------------------------------

def _bank_like_track():
    return make_track(modules=2, problems=[(0, d, [f"a{i}"]) for i, d in enumerate((1, 1, 1, 1, 2, 3))]
                      + [(1, d, [f"h{i}"]) for i, d in enumerate((1, 1, 2, 2, 3, 3))])


def test_a_skipped_placement_set_does_not_place_the_path(client, candidate):
    """Skipping all three placement tasks of a path started at level 3 read "placed at level 1 by your placement
    set", as if all three were failed. Only judged placement tasks place a path; skipped ones leave it at its level."""
    path = _path(candidate, _bank_like_track(), starting_level=3, placement=True)
    for _ in range(3):
        task = study.get_next_task(user=candidate)
        assert task.kind == TaskKind.PLACEMENT
        study.skip_task(user=candidate, task_id=task.id)
    path.refresh_from_db()
    assert path.placed_level is None and path.starting_level == 3
    following = study.get_next_task(user=candidate)
    assert following.kind == TaskKind.PRACTICE and following.problem.difficulty == 3
    page = _text(client.get("/studypaths/path/").content.decode())
    assert "started at level 3 (chosen by you) · placement skipped" in page
    assert "placed at level" not in page and "placement set under way" not in page


def test_a_placement_set_partly_skipped_is_placed_by_the_tasks_judged(candidate):
    path = _path(candidate, _bank_like_track(), starting_level=3, placement=True)
    tasks = sorted(StudyTask.objects.filter(path=path, kind=TaskKind.PLACEMENT).select_related("problem"),
                   key=lambda t: t.problem.difficulty)
    _finish(tasks[0], TaskStatus.PASSED)
    study.skip_task(user=candidate, task_id=tasks[1].id)
    study.skip_task(user=candidate, task_id=tasks[2].id)
    path.refresh_from_db()
    assert path.placed_level == tasks[0].problem.difficulty


# --- 3. the counted run stays on the task page ---------------------------------------------------------------------

def _run(user, problem, verdict, kind=RunKind.SUBMISSION):
    return CodeRun.objects.create(user=user, problem=problem, language="python", code=ADD_PY, kind=kind,
                                  status=RunStatus.DONE, verdict=verdict, finished_at=timezone.now())


def test_a_tasks_counted_attempts_stay_in_its_runs_list_however_many_runs_follow(client, candidate):
    """Ten example runs after the accepted practice submission pushed it out of "Your runs" while the header said
    "Attempt 1 of 3 · Score 100%": the task's page lists its attempts and the latest other runs."""
    _path(candidate, make_track())
    task = study.get_next_task(user=candidate)
    counted = _run(candidate, task.problem, "accepted")
    TaskEvaluation.objects.create(task=task, run=counted, attempt=1, status="done", verdict="accepted")
    for _ in range(10):
        _run(candidate, task.problem, "accepted", kind=RunKind.EXAMPLES)

    def whats(html: str) -> list[str]:
        return [_text(cell) for cell in re.findall(r'data-label="What">(.*?)</td>', html, flags=re.S)]

    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert whats(page) == ["Examples · not an attempt"] * 10 + ["Submission · attempt 1"]
    partial = client.get(f"/studypaths/problems/{task.problem_id}/runs/?task={task.id}", **HTMX).content.decode()
    assert whats(partial) == whats(page)
    plain = client.get(f"/studypaths/problems/{task.problem_id}/runs/", **HTMX).content.decode()
    assert whats(plain) == ["Examples"] * 10  # the practice page keeps its latest ten


# --- 4. passed, failed and not run ------------------------------------------------------------------------------

def test_a_runs_tests_read_as_passed_failed_and_not_run(client, candidate):
    """"2/12 tests passed" beside "Wrong answer" read as 10 failures when 9 were not run."""
    example = {"name": "example 1", "verdict": "accepted", "runtime_ms": 7, "peak_memory_kb": 0, "stdout": "3",
               "stderr": "", "args": [1, 2], "expected": 3, "public": True}
    hidden = [{"name": "basic", "verdict": "accepted", "public": False},
              {"name": "empty string", "verdict": "wrong_answer", "public": False},
              *({"name": f"case {n}", "verdict": "skipped", "public": False} for n in range(9))]
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="wrong_answer", tests=[example, *hidden],
                       passed=2, total=12, skipped=9)
    html = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    summary = _text(re.search(r'<header class="run-summary">(.*?)</header>', html, re.S).group(1))
    assert "2 passed · 1 failed · 9 not run" in summary and "2/12" not in summary
    assert ("Stopped at the first failing hidden test (“Empty string”); the 9 after it were not run." in summary)
    past = client.get(reverse("studypaths:problem", args=[run.problem.slug])).content.decode()
    cell = _text(re.search(r'data-label="Tests">(.*?)</td>', past, re.S).group(1))
    assert cell == "2 passed · 1 failed · 9 not run"
    accepted = finished_run(user=candidate, problem=ProblemFactory(), verdict="accepted", passed=5, total=5)
    html = client.get(reverse("studypaths:code-run", args=[accepted.id]), **HTMX).content.decode()
    assert "5 passed" in _text(html) and "failed" not in _text(html) and "not run" not in _text(html)
