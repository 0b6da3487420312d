"""Session 40's product review (P): each figure says what it counts, one streak per candidate, the path form, the
mentor's view of an archived path, and wording."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from studypaths import study
from studypaths.models import CodeRun, RunStatus, StudyTask, TaskStatus
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = pytest.mark.django_db


def _judged(user, task: StudyTask, *, passed: int, total: int) -> None:
    """A submission of `task` judged by the sandbox worker (left out): `passed` of `total` tests passed."""
    evaluation = study.submit_task(user=user, task_id=task.id, language="python", code=ADD_PY)
    verdict = "accepted" if passed == total else "wrong_answer"
    CodeRun.objects.filter(id=evaluation.run_id).update(
        status=RunStatus.DONE, verdict=verdict, finished_at=timezone.now(),
        result={"passed": passed, "total": total, "tests": []})
    study.record_evaluation(run_id=evaluation.run_id)


@pytest.fixture
def candidate_with_a_path(client):
    user = CandidateFactory()
    client.force_login(user)
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    return user


def test_each_figure_says_what_it_counts_for_a_task_passed_on_its_second_attempt(client, candidate_with_a_path):
    """One task passed on its 2nd attempt read "100% of finished tasks" (Today), "50% (1/2)" (the path page and
    Progress, unnamed), "Score 100%" (the task page) and 83.3 (the score trend), with nothing saying which is which."""
    user = candidate_with_a_path
    task = study.get_next_task(user=user)
    _judged(user, task, passed=2, total=3)
    _judged(user, task, passed=3, total=3)
    task.refresh_from_db()
    assert task.status == TaskStatus.PASSED

    today = client.get("/studypaths/today/").content.decode()
    path_page = client.get("/studypaths/path/").content.decode()
    dashboard = client.get("/analytics/").content.decode()
    task_page = client.get(f"/studypaths/tasks/{task.id}/status/").content.decode()

    # the tasks' figure: the same words, from the same numbers, on Today and on the path page
    tasks_passed = "Tasks passed: <strong>1</strong> of 1 finished (100%)"
    assert tasks_passed in today and tasks_passed in path_page
    assert "of finished tasks" not in today and "tasks passed</p>" not in path_page
    assert "finished when passed or out of attempts" in today and "finished when passed or out of attempts" in path_page
    # the submissions' figure: named so on the path page and on Progress, its definition beside it
    assert "Submissions passed" in path_page and "50% (1 of 2)" in path_page
    assert ">Accuracy<" not in path_page and "Accuracy by topic" not in path_page
    assert "Submissions passed by module" in dashboard and "Accuracy by module" not in dashboard
    assert "share of your submissions that passed every test" in dashboard
    # the trend's study figure is the mean share of tests passed per submission: (66.7 + 100) / 2
    assert "83.3" in dashboard and "mean share of tests passed per submission" in dashboard
    # the task's score is its best submission's share of tests passed
    assert "Best score <strong>100%</strong>" in task_page and "best of 2 attempts" in task_page
    assert "share of tests passed" in task_page


def test_a_failed_tasks_score_is_its_best_attempts_in_the_page_the_api_and_the_export(client, candidate_with_a_path,
                                                                                     settings):
    """A task failed after three attempts showed the last one's score (20%), not its best (40%)."""
    from studypaths.export import task_rows

    settings.STUDY_TASK_MAX_ATTEMPTS = 3
    user = candidate_with_a_path
    task = study.get_next_task(user=user)
    for passed in (3, 4, 2):
        _judged(user, task, passed=passed, total=10)
    task.refresh_from_db()
    assert task.status == TaskStatus.FAILED and task.score == 0.4

    page = client.get(f"/studypaths/tasks/{task.id}/status/").content.decode()
    assert "Best score <strong>40%</strong>" in page and "best of 3 attempts" in page
    assert client.get(f"/api/v1/study-tasks/{task.id}").json()["score"] == 0.4
    assert [row["score"] for row in task_rows(user=user) if row["problem"] == task.problem.slug] == [0.4]


def test_today_and_progress_read_the_one_practice_streak_of_the_candidate_across_paths(client,
                                                                                        candidate_with_a_path):
    """After archiving a path and starting another, Today said "No solving streak running: pass a task today to
    start one" although a task was passed today; Progress said 1 day."""
    user = candidate_with_a_path
    task = study.get_next_task(user=user)
    _judged(user, task, passed=3, total=3)
    study.archive_path(path=task.path)
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())

    today = client.get("/studypaths/today/").content.decode()
    path_page = client.get("/studypaths/path/").content.decode()
    dashboard = client.get("/analytics/").content.decode()

    assert '<p class="dash-number">1 day</p>' in dashboard
    streak = "Practice streak: <strong>1</strong> day in a row"
    assert streak in today and streak in path_page
    assert "No solving streak" not in today and "Solving streak" not in today
    assert "any practice" in today  # what it counts, in the Progress page's words


# --- 3. the path form ------------------------------------------------------------------------------------------------

def test_the_path_forms_focus_modules_say_their_tracks_and_a_script_shows_the_chosen_tracks_only(client):
    """Focus modules listed every module of the bank, whatever the track chosen."""
    import re

    client.force_login(CandidateFactory())
    backend, frontend = make_track(), make_track()
    page = client.get("/studypaths/today/").content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="focus_modules" value="([^"]+)"[^>]*data-tracks="([^"]*)"',
                            page))
    for track in (backend, frontend):
        for slug in track.modules.values_list("slug", flat=True):
            assert boxes[slug].split() == [track.slug]
    assert "data-path-form" in page and "js/path-form.js" in page


def test_a_focus_module_of_another_track_is_refused_by_the_server_in_its_display_name(client):
    """The error read "Not modules of Backend engineer: dynamic-programming, two-pointers" (internal slugs)."""
    from studypaths.models import StudyPath
    from studypaths.tests.factories import ModuleFactory

    client.force_login(CandidateFactory())
    backend = make_track()
    ModuleFactory(slug="dynamic-programming", title="Dynamic programming")
    ModuleFactory(slug="two-pointers", title="Two pointers")
    response = client.post("/studypaths/today/", {"track": backend.slug, "hours_per_week": "5",
                                                  "focus_modules": ["two-pointers", "dynamic-programming"]})
    page = response.content.decode()
    assert response.status_code == 400 and not StudyPath.objects.exists()
    assert f"Not modules of {backend.title}: Dynamic programming, Two pointers." in page
    assert "dynamic-programming," not in page


@pytest.mark.parametrize("form_of", ["today", "settings"])
def test_the_path_form_reports_every_fields_error_at_once(client, form_of):
    """A too-large hours value hid the past-date error: the date was checked only once the rest was valid."""
    user = CandidateFactory()
    client.force_login(user)
    track = make_track()
    data = {"track": track.slug, "hours_per_week": "99", "target_date": "2020-01-01", "starting_level": "9"}
    if form_of == "settings":
        study.create_study_path(user=user, track=track, config=study.PathConfig())
        response = client.post("/studypaths/path/", data)
    else:
        response = client.post("/studypaths/today/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 60." in page
    assert "The target date is in the past." in page
    assert "Select a valid choice. 9 is not one of the available choices." in page


# --- 4. the mentor's view of an archived path ------------------------------------------------------------------------

@pytest.fixture
def mentor_of_a_candidate_with_a_path():
    from rest_framework.test import APIClient

    from accounts.tests.factories import MentorAssignmentFactory, MentorFactory

    candidate, mentor = CandidateFactory(), MentorFactory()
    MentorAssignmentFactory(candidate=candidate, mentor=mentor)
    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    api = APIClient()
    api.force_authenticate(mentor)
    return candidate, path, api


def test_a_mentee_whose_path_is_archived_shows_that_path_with_its_status_and_one_without_a_path_null(
        mentor_of_a_candidate_with_a_path):
    """After the candidate archived their path, GET /api/v1/mentees/<id>/ said "study_path": {}."""
    from accounts.tests.factories import MentorAssignmentFactory

    candidate, path, api = mentor_of_a_candidate_with_a_path
    study.archive_path(path=path)
    summary = api.get(f"/api/v1/mentees/{candidate.id}/").json()["progress"]["study_path"]
    assert summary["path"] == path.id and summary["status"] == "archived"
    # the tasks archiving skipped are withdrawn, not counted in the total (session 40, Q)
    assert summary["tasks"]["total"] + summary["tasks"]["withdrawn"] == path.tasks.count()
    assert summary["tasks"]["withdrawn"] == path.tasks.filter(status="skipped").count() >= 1

    newcomer = CandidateFactory()
    MentorAssignmentFactory(candidate=newcomer, mentor=api.handler._force_user)
    assert api.get(f"/api/v1/mentees/{newcomer.id}/").json()["progress"]["study_path"] is None


def test_a_mentors_next_action_has_no_url_to_a_page_only_the_candidate_can_open(mentor_of_a_candidate_with_a_path,
                                                                                 client):
    """`next_action.url` pointed to the candidate's task page, which a mentor cannot open."""
    candidate, path, api = mentor_of_a_candidate_with_a_path
    action = api.get(f"/api/v1/mentees/{candidate.id}/analytics").json()["next_action"]
    assert action["kind"] == "study_task" and action["url"] is None
    client.force_login(candidate)
    own = client.get("/api/v1/analytics/summary").json()["next_action"]
    assert own["url"].startswith("/studypaths/tasks/")  # the candidate's own still links the page


def test_the_export_says_why_a_task_was_skipped_and_reads_files_without_the_reason(mentor_of_a_candidate_with_a_path):
    """Archiving quietly marked the open tasks "skipped" and the export showed them so, with nothing saying why."""
    from studypaths.export import COLUMNS, FORMAT, as_csv, read_rows, task_rows

    candidate, path, _ = mentor_of_a_candidate_with_a_path
    first, *others = list(path.tasks.order_by("id"))
    study.skip_task(user=candidate, task_id=first.id)
    study.archive_path(path=path)
    rows = {row["key"].rsplit(":", 1)[1]: row for row in task_rows(user=candidate)}
    assert rows[str(first.id)]["status"] == "skipped"
    assert rows[str(first.id)]["skipped_reason"] == "skipped by the candidate"
    assert all(rows[str(t.id)]["skipped_reason"] == "path archived" for t in others)
    assert FORMAT == "interviewmaster-study-history/1"  # an optional column more: a /1 reader reads it
    text = "".join(as_csv(task_rows(user=candidate)))
    assert text.splitlines()[0].split(",")[-1] == "skipped_reason"
    # a /1 file written before the column was added still imports
    old = "\n".join([",".join(c for c in COLUMNS if c != "skipped_reason"),
                     *[",".join(line.split(",")[:-1]) for line in text.splitlines()[1:]]])
    assert len(read_rows(old)) == path.tasks.count()


# --- 5. wording ------------------------------------------------------------------------------------------------------

def test_a_submissions_summary_says_the_hidden_tests_ran_too(client):
    """A submission's result said "Ran the examples in 40 ms", as if only the examples had run."""
    import re

    from django.urls import reverse

    from studypaths.models import RunKind
    from studypaths.tests.factories import ProblemFactory
    from studypaths.tests.test_views import HTMX, finished_run

    user = CandidateFactory()
    client.force_login(user)
    example = {"name": "example 1", "verdict": "accepted", "runtime_ms": 40, "peak_memory_kb": 0, "stdout": "3",
               "stderr": "", "args": [1, 2], "expected": 3, "public": True}
    run = finished_run(user=user, problem=ProblemFactory(), verdict="accepted", kind=RunKind.SUBMISSION,
                       runtime_ms=40, tests=[example])
    html = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    summary = " ".join(re.search(r'<header class="run-summary">(.*?)</header>', html, re.S).group(1).split())
    assert "Ran the examples in" not in summary
    assert "Ran the examples and the hidden tests: the examples took <strong>40 ms</strong> of CPU time" in summary


def test_the_score_trends_title_says_the_span_its_axis_draws():
    """"Score trend, last 90 days" drew a 1–7 Dec axis: a week, the data's few days padded to it."""
    from analytics.charts import dashboard_charts

    summary = {"generated_at": "2026-12-07T12:00:00+00:00", "time_zone": "UTC",
               "score_trend": [{"date": "2026-12-06", "interview": None, "study": 83.3},
                               {"date": "2026-12-07", "interview": 70.0, "study": None}]}
    trend = dashboard_charts(summary)[0]
    assert trend.x_min == -5 and trend.x_max == 1  # 1–7 Dec
    assert "last 90 days" not in trend.caption and "1–7 Dec 2026" in trend.caption
    long = {**summary, "score_trend": [{"date": "2026-10-01", "interview": 60.0, "study": None},
                                       *summary["score_trend"]]}
    assert "1 Oct – 7 Dec 2026" in dashboard_charts(long)[0].caption


def test_the_resume_page_drops_confirm_all_and_the_confirm_step_once_every_skill_is_confirmed(client):
    """"Confirm all suggested" and "Next: confirm the skills…" stayed after every skill was confirmed."""
    from django.urls import reverse

    from resumes.tests.factories import ResumeFactory, ResumeSkillFactory

    user = CandidateFactory()
    client.force_login(user)
    resume = ResumeFactory(owner=user, status="ready", is_active=True)
    skill = ResumeSkillFactory(resume=resume, name="Python", skill_id="python")
    page = client.get(reverse("resumes:detail", args=[resume.id])).content.decode()
    assert "Confirm all suggested" in page and "Next: confirm the skills that are yours" in page
    partial = client.post(reverse("resumes:skill-status", args=[resume.id, skill.id]), {"status": "confirmed"},
                          HTTP_HX_REQUEST="true").content.decode()
    assert "Confirm all suggested" not in partial
    # the step above the skills, outside the swapped section, is swapped out of band
    assert 'id="next-step" hx-swap-oob="true"' in partial and "confirm the skills" not in partial
    assert "start a practice interview" in partial
    page = client.get(reverse("resumes:detail", args=[resume.id])).content.decode()
    assert "Confirm all suggested" not in page and "confirm the skills" not in page
    assert "start a practice interview" in page
    # "Confirm all suggested" says what it did in words (its note read a bare "2")
    ResumeSkillFactory(resume=resume, name="Go", skill_id="go")
    ResumeSkillFactory(resume=resume, name="SQL", skill_id="sql")
    partial = client.post(reverse("resumes:skill-confirm-all", args=[resume.id]), HTTP_HX_REQUEST="true")
    assert '<p class="form-note" role="status">Confirmed 2 skills.</p>' in partial.content.decode()
