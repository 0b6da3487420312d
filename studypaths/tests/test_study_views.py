"""Pages of the practice loop: Today (create a path, next task, reviews due, streak), the path page (progress tables
charted by charts.js), the task page (practice page includes, hints, comments, submissions) and owners."""

from __future__ import annotations

import re
import time
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
    assert "to review today" in page and "No practice streak running" in page
    assert path.tasks.count() >= 1


def test_bad_path_form_keeps_input_and_says_why(client, candidate):
    track = make_track()
    response = client.post("/studypaths/today/", {"track": track.slug, "hours_per_week": "0"})
    assert response.status_code == 400
    assert b"field-error" in response.content and not StudyPath.objects.exists()


def test_starting_paths_on_the_page_is_rate_limited_and_says_when_to_try_again(client, candidate, settings):
    settings.STUDY_PATH_CREATE_RATE = "2/day"
    track = make_track()
    for _ in range(2):
        assert client.post("/studypaths/today/", {"track": track.slug, "hours_per_week": "5"}).status_code == 302
        study.archive_path(path=StudyPath.objects.get(user=candidate, status="active"))
    refused = client.post("/studypaths/today/", {"track": track.slug, "hours_per_week": "5"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 86_000
    page = refused.content.decode()
    assert "You have started 2 study paths lately; you can start another in 24 hours." in page
    assert "Create my path" in page  # the form stays, with the choices made
    assert StudyPath.objects.filter(user=candidate).count() == 2


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


def test_a_comments_paragraphs_and_line_breaks_show_and_its_markup_stays_text(client, candidate):
    """The API keeps a comment's line breaks; the page ran every line into one ("Nice. Next: - try X - try Y")."""
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    study.add_comment(author=CandidateFactory(name="Mia Mentor"), task=task,
                      text="Nice work.\n\nNext:\n- try <b>X</b>\n- try Y")
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert "<p>Nice work.</p>" in page
    assert "<p>Next:<br>- try &lt;b&gt;X&lt;/b&gt;<br>- try Y</p>" in page


def test_comment_times_show_in_the_candidates_profile_zone(client, candidate):
    from zoneinfo import ZoneInfo

    from django.utils.dateformat import format as date_format

    candidate.timezone = "Pacific/Pago_Pago"  # UTC-11: the hour (and often the day) differ from UTC
    candidate.save(update_fields=["timezone"])
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    comment, _ = study.add_comment(author=CandidateFactory(name="Mia Mentor"), task=task, text="Mind the negatives.")
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    local = date_format(timezone.localtime(comment.created_at, ZoneInfo("Pacific/Pago_Pago")), "j M Y, H:i")
    utc = date_format(timezone.localtime(comment.created_at, ZoneInfo("UTC")), "j M Y, H:i")
    assert re.search(rf"Mia Mentor, <time datetime=\"[^\"]+-11:00\">{local} SST</time>", page) and utc not in page


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


# --- the task's clock starts when its page opens ----------------------------------------------------------------------

OPENED = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() reads `clock.now`, which the test moves on."""

    class Clock:
        now = OPENED

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def _judge_accepted(evaluation) -> None:
    """What the sandbox worker does with the submission, the sandbox left out: every test passed, then the task's
    evaluation is recorded (`tasks.execute_code_run`)."""
    from studypaths.models import CodeRun, RunStatus

    CodeRun.objects.filter(id=evaluation.run_id).update(status=RunStatus.DONE, verdict="accepted",
                                                        finished_at=timezone.now(),
                                                        result={"passed": 9, "total": 9, "tests": []})
    study.record_evaluation(run_id=evaluation.run_id)


def test_opening_a_pending_task_starts_its_clock_so_a_clean_pass_after_15_minutes_is_good_not_easy(client, candidate,
                                                                                                     clock):
    """Only the Today page's "Start task" set started_at; a task reached by a link (the dashboard's next step, the
    Today list, "Next task") started at its first submission, so a clean pass took 0 s: rated Easy (first review 8
    days out, not 2), 0 s on the path page and nothing in the time practised."""
    from fsrs import Rating

    from studypaths import progress
    from studypaths.models import EventKind, TaskEvaluation

    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    assert client.get(f"/studypaths/tasks/{task.id}/").status_code == 200
    task.refresh_from_db()
    assert (task.status, task.started_at) == (TaskStatus.IN_PROGRESS, OPENED)
    clock.now = OPENED + timedelta(minutes=5)
    client.get(f"/studypaths/tasks/{task.id}/")  # opening it again changes nothing
    task.refresh_from_db()
    assert task.started_at == OPENED
    assert task.events.filter(kind=EventKind.STARTED).count() == 1
    clock.now = OPENED + timedelta(minutes=15)  # difficulty 1: 15 minutes expected, Easy within 7.5
    response = client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": ADD_PY})
    assert response.status_code == 302
    _judge_accepted(TaskEvaluation.objects.get(task=task))
    task.refresh_from_db()
    assert task.status == TaskStatus.PASSED and task.finished_at - task.started_at == timedelta(minutes=15)
    card = ReviewCard.objects.get(user=candidate, problem=task.problem)
    assert card.last_rating == Rating.Good
    assert card.due - clock.now < timedelta(days=3)  # Good's first interval, not Easy's eight days
    path = StudyPath.objects.select_related("track", "user").get(id=path.id)
    module = next(m for m in progress.path_progress(path)["modules"] if m["completed"])
    assert module["average_seconds"] == 15 * 60


@pytest.mark.parametrize("header", [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
                                    {"HTTP_PURPOSE": "prefetch"}, {"HTTP_X_MOZ": "prefetch"},
                                    {"HTTP_X_PURPOSE": "preview"}])
def test_a_browsers_speculative_load_of_the_task_page_does_not_start_it(client, candidate, header):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    assert client.get(f"/studypaths/tasks/{task.id}/", **header).status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING and task.started_at is None


def test_opening_another_candidates_task_page_starts_nothing(client, candidate):
    study.create_study_path(user=CandidateFactory(), track=make_track(), config=study.PathConfig())
    task = StudyTask.objects.first()
    assert client.get(f"/studypaths/tasks/{task.id}/").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING and task.started_at is None


def test_opening_a_finished_task_page_leaves_it_finished(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    study.skip_task(user=candidate, task_id=task.id)
    assert client.get(f"/studypaths/tasks/{task.id}/").status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.SKIPPED and task.started_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_opening_a_pending_task_at_once_start_it_once():
    """Both pages answer 200 and the task is started once: one `started` event, one start time (the row is locked
    while the first tab starts it; the second finds it in progress)."""
    import threading

    from django.db import connection
    from django.test import Client

    from studypaths.models import EventKind

    user = CandidateFactory()
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=user)
    statuses, barrier = [], threading.Barrier(2)

    def open_page():
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            statuses.append(client.get(f"/studypaths/tasks/{task.id}/").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_page) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.started_at is not None
    assert task.events.filter(kind=EventKind.STARTED).count() == 1
    assert task.events.filter(kind=EventKind.STATUS_CHANGED).count() == 1


def test_the_task_page_shows_the_latest_comments_and_links_the_older_ones(client, candidate):
    # 46 comments (kept for good) made the page 71,000 px tall: every one of them was shown.
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    mentor = CandidateFactory(name="Mia Mentor")
    for i in range(46):
        study.add_comment(author=mentor, task=task, text=f"Comment number {i}.")
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    shown = [int(n) for n in re.findall(r"Comment number (\d+)\.", page)]
    assert shown == list(range(26, 46))
    older = re.search(r'href="([^"]+before=\d+[^"]*)">Show older comments', page).group(1).replace("&amp;", "&")
    page = client.get(older).content.decode()
    assert [int(n) for n in re.findall(r"Comment number (\d+)\.", page)] == list(range(6, 26))
    assert "Show the latest comments" in page
    older = re.search(r'href="([^"]+before=\d+[^"]*)">Show older comments', page).group(1)
    page = client.get(older).content.decode()
    assert [int(n) for n in re.findall(r"Comment number (\d+)\.", page)] == list(range(0, 6))
    assert "Show older comments" not in page
    assert client.get(f"/studypaths/tasks/{task.id}/?before=nonsense").status_code == 200


@pytest.mark.parametrize("before", ["%C2%B2", "%E2%91%A0", "1%C2%B9", "0", "-5", "99999999999999999999"])
def test_a_page_of_comments_that_is_not_an_ascii_id_shows_the_latest(client, candidate, before):
    # "²" and "①" are str.isdigit() but not int(): the page was a 500; 0 showed "No comments yet" with no way back.
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    study.add_comment(author=CandidateFactory(name="Mia Mentor"), task=task, text="The only comment.")
    response = client.get(f"/studypaths/tasks/{task.id}/?before={before}")
    assert response.status_code == 200
    assert "The only comment." in response.content.decode()


def test_a_page_before_every_comment_says_there_are_no_older_ones(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    study.add_comment(author=CandidateFactory(name="Mia Mentor"), task=task, text="The only comment.")
    page = client.get(f"/studypaths/tasks/{task.id}/?before=1").content.decode()  # ids start at 1: none before it
    assert "No older comments." in page and "No comments yet" not in page
    assert "Show the latest comments" in page


def test_the_task_pages_breadcrumb_is_an_ordered_list_with_separators_and_the_current_page(client, candidate):
    """It read "Today Backend engineer Reverse the words": Pico draws separators only for aria-label="breadcrumb" with
    a <ul>, which ours was not; every breadcrumb now takes the app's one pattern, whose "›" app.css draws."""
    from pathlib import Path

    from django.conf import settings

    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    nav = re.search(r'<nav aria-label="Breadcrumb" class="breadcrumb">(.*?)</nav>', page, re.S).group(1)
    items = re.findall(r"<li(.*?)>(.*?)</li>", " ".join(nav.split()), re.S)
    assert nav.split()[0] == "<ol>" and len(items) == 3
    assert [re.sub(r"<[^>]+>", "", text).strip() for _, text in items] == [
        "Today", task.path.track.title, task.problem.title]
    assert [attributes for attributes, _ in items] == ["", "", ' aria-current="page"']
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    separator = re.search(r"\.breadcrumb li \+ li::before \{([^}]*)\}", css).group(1)
    assert 'content: "›"' in separator
    templates = [p for p in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
                 if 'aria-label="Breadcrumb"' in p.read_text()]
    assert len(templates) >= 4
    for template in templates:  # one pattern: the class that draws the separators, an ordered list
        text = template.read_text()
        assert text.count('<nav aria-label="Breadcrumb" class="breadcrumb"><ol>') + \
            text.count('<nav aria-label="Breadcrumb" class="breadcrumb">\n  <ol>') == 1, template


def _code_form(page: str) -> str:
    return re.search(r'<form id="code-form"[^>]*>', page).group(0)


def test_the_task_page_gives_the_editor_the_last_submissions_time_so_a_newer_browser_draft_wins(client, candidate):
    """The last submission's code was sent as code the editor must show (data-code-from-server="true") over any
    browser draft: a draft typed after it was lost on reload. Now the page says when the submission was made (and the
    server's time, for the browser's clock) and the editor restores whichever is newer."""
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    wrong = "def add(a, b):\n    return a - b\n"
    client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": wrong}, HTTP_HX_REQUEST="true")
    run = task.evaluations.get().run
    before = int(timezone.now().timestamp() * 1000)
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    form = _code_form(page)
    assert 'data-code-from-server="false"' in form
    assert f'data-code-saved-at="{int(run.created_at.timestamp() * 1000)}"' in form
    assert 'data-code-saved-language="python"' in form
    server_now = int(re.search(r'data-server-now="(\d+)"', form).group(1))
    assert before <= server_now <= int(timezone.now().timestamp() * 1000)
    assert "return a - b" in page  # without JavaScript the text box still shows the last submission


def test_a_task_without_submissions_or_after_a_refused_post_gives_no_submission_time(client, candidate):
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    before = int(timezone.now().timestamp() * 1000)
    form = _code_form(client.get(f"/studypaths/tasks/{task.id}/").content.decode())
    assert "data-code-saved-at" not in form
    # The server's clock all the same (the final reading): a draft typed before the first submission was dated by
    # the browser's clock, and a slow one made it look older than the submission on the next reload.
    assert before <= int(re.search(r'data-server-now="(\d+)"', form).group(1)) <= time.time() * 1000
    client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": ADD_PY}, HTTP_HX_REQUEST="true")
    # A refused post without JavaScript shows the code just posted, as it is: no draft may replace it.
    response = client.post(f"/studypaths/tasks/{task.id}/submit/", {"language": "python", "code": "x = 1\n"})
    form = _code_form(response.content.decode())
    assert response.status_code == 409 and 'data-code-from-server="true"' in form and "data-code-saved-at" not in form


def test_the_status_panel_says_when_the_task_is_finished_so_the_hint_button_goes(client, candidate):
    """After a pass the "Get a hint" button stayed until a reload and a click was a 409 task_finished: the panel,
    which reloads itself on each result, now tells the page's script the task is done."""
    study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=candidate)
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert 'data-task-finished="false"' in page and "data-hint-url" in page
    assert 'data-task-finished="false"' in client.get(f"/studypaths/tasks/{task.id}/status/").content.decode()
    study.skip_task(user=candidate, task_id=task.id)
    assert 'data-task-finished="true"' in client.get(f"/studypaths/tasks/{task.id}/status/").content.decode()
    page = client.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert 'data-task-finished="true"' in page and "data-hint-url" not in page


def test_the_path_page_says_where_the_starting_level_came_from_and_where_placement_put_it(client, candidate):
    """A path "From my profile and resume" said only "started at level 1" for a resume read as Senior, about 9 years,
    with an empty profile; the level comes from the resume now, and the page names its source and the placement's
    result."""
    from resumes.tests.factories import ResumeFactory

    ResumeFactory(owner=candidate, is_active=True, facts={"years_experience": 9.1, "positions": []},
                  analysis={"seniority": {"level": "senior", "reason": "about 9.1 years"}, "summary": "Engineer."})
    client.post("/studypaths/today/", {"track": make_track().slug, "hours_per_week": "5", "placement": "on"})
    page = client.get("/studypaths/path/").content.decode()
    assert "started at level 3 (from your resume: Senior, about 9 years; your profile has no experience level)" in page
    assert "placement set under way" in page
    StudyPath.objects.filter(user=candidate).update(placed_level=4)
    from studypaths import selectors

    selectors.forget_active_path(candidate.id)
    assert "placed at level 4 by your placement set" in client.get("/studypaths/path/").content.decode()
