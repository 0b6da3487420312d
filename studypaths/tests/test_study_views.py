"""Pages of the practice loop: Today (create a path, next task, reviews due, streak), the path page (progress tables
charted by charts.js), the task page (practice page includes, hints, comments, submissions) and owners."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from studypaths import study
from studypaths.models import ReviewCard, StudyPath, StudyTask, TaskStatus
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = pytest.mark.django_db


def test_today_without_a_path_offers_the_form_and_creates_one(client, candidate):
    track = make_track()
    page = client.get("/studypaths/today/")
    assert page.status_code == 200 and b"Create my path" in page.content
    response = client.post("/studypaths/today/", {"track": track.slug, "hours_per_week": "5"})
    assert response.status_code == 302
    path = StudyPath.objects.get(user=candidate)
    page = client.get("/studypaths/today/").content.decode()
    task = study.get_next_task(user=candidate)
    assert task.problem.title in page and "Start task" in page
    assert "to review today" in page and "-day solving streak" in page
    assert path.tasks.count() >= 1


def test_bad_path_form_keeps_input_and_says_why(client, candidate):
    track = make_track()
    response = client.post("/studypaths/today/", {"track": track.slug, "hours_per_week": "0"})
    assert response.status_code == 400
    assert b"field-error" in response.content and not StudyPath.objects.exists()


def test_today_shows_reviews_due(client, candidate):
    track = make_track()
    path = study.create_study_path(user=candidate, track=track, config=study.PathConfig())
    for problem in track.modules.first().problems.all()[:2]:
        ReviewCard.objects.create(user=candidate, problem=problem, due=timezone.now() - timedelta(hours=1))
    assert "<strong>2</strong> problems to review today" in client.get("/studypaths/today/").content.decode()
    assert path


@pytest.mark.parametrize(("zone", "due", "listed"), [
    ("Pacific/Kiritimati", date(2026, 3, 11), True),  # 00:30 on the 11th there: due today (UTC's date is the 10th)
    ("Pacific/Pago_Pago", date(2026, 3, 10), False),  # 23:30 on the 9th there: due tomorrow (UTC's today)
])
def test_today_lists_the_tasks_due_on_the_candidates_own_day(client, candidate, monkeypatch, zone, due, listed):
    """The list was cut at the server's (UTC) date, not the candidate's."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 10, 10, 30, tzinfo=UTC))
    candidate.timezone = zone
    candidate.save(update_fields=["timezone"])
    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig(hours_per_week=10))
    path.tasks.update(due_date=due)
    later = [t.problem.title for t in path.tasks.order_by("id")[1:]]  # the first is the next task, shown above
    page = client.get("/studypaths/today/").content.decode()
    assert ("Also due" in page) is listed
    assert all(title in page for title in later) is listed


def test_task_page_reuses_the_practice_page_and_shows_hints_and_comments(client, candidate):
    track = make_track()
    study.create_study_path(user=candidate, track=track, config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    client.post(f"/studypaths/tasks/{task.id}/start/")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    study.add_comment(author=CandidateFactory(name="Mia Mentor"), task=task, text="Mind the negatives.")
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert 'id="code-form"' in page and 'class="practice-statement"' in page  # the practice page's includes
    assert f'/studypaths/tasks/{task.id}/submit/' in page
    assert f'data-hint-url="/api/v1/study-tasks/{task.id}/hint"' in page
    assert "Mind the negatives." in page and "Mia Mentor" in page


def test_comment_times_show_in_the_candidates_profile_zone(client, candidate):
    from zoneinfo import ZoneInfo

    from django.utils.dateformat import format as date_format

    candidate.timezone = "Pacific/Pago_Pago"  # UTC-11: the hour (and often the day) differ from UTC
    candidate.save(update_fields=["timezone"])
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    comment = study.add_comment(author=CandidateFactory(name="Mia Mentor"), task=task, text="Mind the negatives.")
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    local = date_format(timezone.localtime(comment.created_at, ZoneInfo("Pacific/Pago_Pago")), "j M H:i")
    utc = date_format(timezone.localtime(comment.created_at, ZoneInfo("UTC")), "j M H:i")
    assert f"Mia Mentor, {local}" in page and f"Mia Mentor, {utc}" not in page


def test_another_candidates_task_page_is_404(client, candidate):
    owner = CandidateFactory()
    study.create_study_path(user=owner, track=make_track(), config=study.PathConfig())
    task = StudyTask.objects.first()
    assert client.get(f"/studypaths/tasks/{task.id}/").status_code == 404
    assert client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": ADD_PY}).status_code \
        == 404
    assert client.get(f"/studypaths/tasks/{task.id}/status/").status_code == 404


def test_submitting_on_the_task_page_shows_the_verdict_and_the_next_task(client, candidate, bubblewrap,
                                                                         django_capture_on_commit_callbacks):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": ADD_PY},
                               HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "task-changed" in response["HX-Trigger"]
    status = client.get(f"/studypaths/tasks/{task.id}/status/").content.decode()
    assert 'data-task-status="passed"' in status and "data-next-task" in status


def test_empty_code_on_the_task_page_is_an_error_in_place(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    response = client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": " "},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and b"Write some code" in response.content


def test_submit_on_a_task_skipped_elsewhere_answers_an_alert_and_refreshes_the_status_panel(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    study.skip_task(user=candidate, task_id=task.id)  # another tab
    response = client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": ADD_PY},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode() and "skipped" in response.content.decode()
    assert response["HX-Trigger"] == "task-changed"  # the status panel reloads and says "Skipped"
    # Every page loads the script that shows 4xx answers in place (htmx leaves them out) and its status region.
    assert "js/htmx-errors.js" in page and 'id="request-status"' in page


def test_path_page_has_chartable_tables_and_updates_settings(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    page = client.get("/studypaths/path/").content.decode()
    assert 'data-chart="bar"' in page and "dist/charts.js" in page
    response = client.post("/studypaths/path/", {"hours_per_week": "8", "starting_level": "2"})
    assert response.status_code == 302
    assert StudyPath.objects.get(user=candidate).hours_per_week == 8


def test_start_and_skip_of_another_candidates_task_are_404(client, candidate):
    study.create_study_path(user=CandidateFactory(), track=make_track(), config=study.PathConfig())
    task = StudyTask.objects.first()
    assert client.post(f"/studypaths/tasks/{task.id}/start/").status_code == 404
    assert client.post(f"/studypaths/tasks/{task.id}/skip/").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_a_refused_skip_says_why_on_the_task_page(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    response = client.post(f"/studypaths/tasks/{task.id}/skip/", follow=True)
    assert response.redirect_chain[-1][0] == "/studypaths/today/" and "Task skipped." in response.content.decode()
    again = client.post(f"/studypaths/tasks/{task.id}/skip/", follow=True)  # a skipped task cannot be skipped
    assert again.redirect_chain[-1][0] == f"/studypaths/tasks/{task.id}/"
    assert 'class="message message-error"' in again.content.decode()
