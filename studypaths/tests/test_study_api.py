"""The practice loop over the REST API: paths, next task, submissions (202/404/409), hints (SSE, graduation, limits),
progress, events, export (streamed, constant memory) and import."""

from __future__ import annotations

import json
import tracemalloc
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from interviewmaster import downloads
from interviewmaster.testing import error_of
from studypaths import export, study
from studypaths.models import CodeRun, StudyPath, StudyTask, TaskEvent, TaskHint, TaskStatus
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    client.user = user or CandidateFactory()
    client.force_authenticate(client.user)
    return client


@pytest.fixture
def api():
    return _client()


@pytest.fixture
def track():
    return make_track()


def _start(api, track, **extra):
    response = api.post("/api/v1/study-paths", {"track": track.slug, "hours_per_week": 5, **extra}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _sse(response) -> list[tuple[str, dict]]:
    text = b"".join(response.streaming_content).decode()
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_create_path_then_next_task_and_a_second_active_path_is_409(api, track):
    path = _start(api, track)
    assert path["status"] == "active" and path["track"] == track.slug
    task = api.get("/api/v1/study-tasks/next").json()
    assert task["path"] == path["id"] and task["status"] == "pending"
    again = api.post("/api/v1/study-paths", {"track": track.slug}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "active_path_exists"


def test_bad_path_input_is_400_with_fields(api, track):
    response = api.post("/api/v1/study-paths", {"track": track.slug, "hours_per_week": 0,
                                                "focus_modules": ["nope"]}, format="json")
    assert response.status_code == 400 and "hours_per_week" in response.json()["error"]["fields"]
    response = api.post("/api/v1/study-paths", {"track": track.slug, "focus_modules": ["nope"]}, format="json")
    assert response.json()["error"]["code"] == "invalid_path_config"
    assert not StudyPath.objects.exists()


def test_starting_paths_is_rate_limited_with_a_clear_message_and_refused_starts_cost_nothing(api, track, settings):
    """Looping "start a path, archive it" made 743 paths and 3,711 tasks in 90 s for one account: starts are
    counted per candidate (STUDY_PATH_CREATE_RATE); a start refused anyway (invalid, or a path is active) is free."""
    settings.STUDY_PATH_CREATE_RATE = "2/day"
    path = _start(api, track, hours_per_week=40)
    assert api.post("/api/v1/study-paths", {"track": track.slug}, format="json").status_code == 409  # free
    assert api.post(f"/api/v1/study-paths/{path['id']}/archive").status_code == 200
    assert api.post("/api/v1/study-paths", {"track": track.slug, "hours_per_week": 0},
                    format="json").status_code == 400  # free
    path = _start(api, track, hours_per_week=40)
    assert api.post(f"/api/v1/study-paths/{path['id']}/archive").status_code == 200
    refused = api.post("/api/v1/study-paths", {"track": track.slug, "hours_per_week": 40}, format="json")
    assert error_of(refused) == (429, "throttled")
    assert 86_000 <= int(refused["Retry-After"]) <= 86_400
    assert refused.json()["error"]["message"] == (
        "You have started 2 study paths lately; you can start another in 24 hours. Your archived paths are kept.")
    assert StudyPath.objects.filter(user=api.user).count() == 2
    assert _start(_client(), track)["status"] == "active"  # per candidate


def test_next_task_without_a_path_is_404(api):
    response = api.get("/api/v1/study-tasks/next")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_another_candidates_task_and_path_are_404(api, track):
    path = _start(api, track)
    task = StudyTask.objects.filter(path_id=path["id"]).first()
    other = _client()
    base = f"/api/v1/study-tasks/{task.id}"
    for method, url in [("get", base), ("get", f"{base}/events"), ("post", f"{base}/submit"),
                        ("post", f"{base}/hint"), ("post", f"{base}/skip")]:
        body = {"language": "python", "code": ADD_PY} if url.endswith("submit") else {}
        response = getattr(other, method)(url, body, format="json")
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    response = other.get(f"/api/v1/study-paths/{path['id']}/progress")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert TaskEvent.objects.filter(task=task).count() == 1  # nothing happened to it


def test_submit_is_202_and_the_evaluation_is_stored(api, track, bubblewrap, django_capture_on_commit_callbacks):
    _start(api, track)
    task = api.get("/api/v1/study-tasks/next").json()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/study-tasks/{task['id']}/submit", {"language": "python", "code": ADD_PY},
                            format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["task"]["status"] == "submitted" and body["run"]
    detail = api.get(f"/api/v1/study-tasks/{task['id']}").json()
    assert detail["status"] == "passed"
    evaluation = detail["evaluations"][0]
    assert (evaluation["verdict"], evaluation["score"], evaluation["total"]) == ("accepted", 1.0, 9)
    assert [e["kind"] for e in detail["events"]][:3] == ["created", "started", "status_changed"]
    finished = api.post(f"/api/v1/study-tasks/{task['id']}/submit", {"language": "python", "code": ADD_PY},
                        format="json")
    assert finished.status_code == 409 and finished.json()["error"]["code"] == "task_finished"


def test_expired_task_is_409_and_bad_code_loses_nothing(api, track):
    _start(api, track)
    task = StudyTask.objects.first()
    empty = api.post(f"/api/v1/study-tasks/{task.id}/submit", {"language": "python", "code": "   "}, format="json")
    assert empty.status_code == 400 and empty.json()["error"]["code"] in {"empty_code", "invalid"}
    task.refresh_from_db()
    assert (task.status, task.attempts) == (TaskStatus.PENDING, 0)
    StudyTask.objects.filter(id=task.id).update(due_date=timezone.localdate() - timedelta(days=10))
    study.expire_overdue_tasks()
    response = api.post(f"/api/v1/study-tasks/{task.id}/submit", {"language": "python", "code": ADD_PY},
                        format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "task_finished"


def test_task_submit_refusals_answer_as_the_pages_and_leave_the_run_budget(api, track, settings):
    settings.SANDBOX_RUN_RATE = "2/min"
    _start(api, track, hours_per_week=10)
    first, second = StudyTask.objects.order_by("id")[:2]

    def submit(task_id, code=ADD_PY):
        return api.post(f"/api/v1/study-tasks/{task_id}/submit", {"language": "python", "code": code}, format="json")

    assert error_of(submit(first.id, "x" * 100_001)) == (413, "code_too_long")
    assert error_of(submit(first.id, "")) == (400, "empty_code")
    assert error_of(submit(first.id, " \n\t")) == (400, "empty_code")
    assert error_of(submit(999_999)) == (404, "not_found")
    assert submit(first.id).status_code == 202  # spends one run
    assert error_of(submit(first.id)) == (409, "task_being_judged")  # refused: spends nothing
    assert submit(second.id).status_code == 202  # spends the second
    assert error_of(submit(second.id)) == (429, "throttled")
    assert CodeRun.objects.count() == 2


def test_hints_stream_graduate_count_and_stop_at_three(api, track, django_capture_on_commit_callbacks):
    _start(api, track)
    task = StudyTask.objects.select_related("problem").first()
    texts = []
    for level in (1, 2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(f"/api/v1/study-tasks/{task.id}/hint", {"code": "def add(a, b):\n    pass\n"},
                                format="json")
        assert response.status_code == 200 and response["Content-Type"] == "text/event-stream"
        events = _sse(response)
        assert events[0][0] == "queued" and events[-1][0] == "done"
        done = events[-1][1]
        assert done["level"] == level
        assert "".join(e[1]["text"] for e in events if e[0] == "delta").strip() == done["text"]
        texts.append(done["text"])
    assert len(set(texts)) == 3 and texts[2].startswith("Outline")
    task.refresh_from_db()
    assert task.hints_used == 3
    assert list(TaskEvent.objects.filter(task=task, kind="hint_requested").values_list("data__level", flat=True)) \
        == [1, 2, 3]
    fourth = api.post(f"/api/v1/study-tasks/{task.id}/hint", {}, format="json")
    assert fourth.status_code == 409 and fourth.json()["error"]["code"] == "hints_exhausted"


def test_a_hint_body_that_is_not_json_is_refused_and_spends_no_hint(api, track):
    """`code` is optional, so a multipart body that parsed to nothing (the contract fuzzer's kind) passed for "no code"
    and spent one of the three hints. Only a JSON object (or no body) is read now: 415, nothing spent."""
    _start(api, track)
    task = StudyTask.objects.first()
    for content_type, body in (("multipart/form-data; boundary=b", b'--b\r\n[1, {"x": null}]--b--\r\n'),
                               ("application/x-www-form-urlencoded", b"code=print(1)")):
        response = api.generic("POST", f"/api/v1/study-tasks/{task.id}/hint", body, content_type=content_type)
        assert (response.status_code, response.json()["error"]["code"]) == (415, "unsupported_media_type")
    task.refresh_from_db()
    assert task.hints_used == 0 and not TaskHint.objects.exists()


def test_hints_are_rate_limited_per_user(api, track, settings):
    settings.STUDY_HINT_RATE = "2/hour"
    _start(api, track, hours_per_week=10)
    tasks = list(StudyTask.objects.all()[:2])
    assert api.post(f"/api/v1/study-tasks/{tasks[0].id}/hint", {}, format="json").status_code == 200
    assert api.post(f"/api/v1/study-tasks/{tasks[1].id}/hint", {}, format="json").status_code == 200
    limited = api.post(f"/api/v1/study-tasks/{tasks[1].id}/hint", {}, format="json")
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "throttled"
    assert TaskHint.objects.count() == 2


def test_progress_reports_modules_topics_difficulty_and_streak(api, track):
    path = _start(api, track, hours_per_week=10, starting_level=2)
    now = timezone.now()
    for offset, task in enumerate(StudyTask.objects.filter(path_id=path["id"]).order_by("id")[:2]):
        StudyTask.objects.filter(id=task.id).update(status=TaskStatus.PASSED, started_at=now - timedelta(days=offset,
                                                                                                      minutes=10),
                                                    finished_at=now - timedelta(days=offset), score=1.0)
        _submission(task.path.user, task.problem, "accepted")  # a task passes on such a run
    body = api.get(f"/api/v1/study-paths/{path['id']}/progress").json()
    assert body["streak"] == 2
    first = body["modules"][0]
    assert (first["completed"], first["total"], first["accuracy"]) == (2, 2, 1.0)
    assert first["average_seconds"] == 600
    assert len(body["difficulty_over_time"]) == 2
    assert body["tasks"]["passed"] == 2


def _submission(user, problem, verdict: str) -> CodeRun:
    return CodeRun.objects.create(user=user, problem=problem, language="python", code=ADD_PY, kind="submission",
                                  status="done", verdict=verdict, finished_at=timezone.now())


def test_a_modules_accuracy_is_the_dashboards_for_a_problem_solved_outside_the_path(api, track):
    """A problem solved on the practice page: the progress said "completed 1, accuracy null" of its module (the path
    had no finished task there) while the dashboard showed the module at 100% (1/1). Both read one function now."""
    path = _start(api, track, hours_per_week=10)
    user = StudyPath.objects.get(id=path["id"]).user
    module = track.modules.order_by("track_modules__position").first()
    problem = module.problems.order_by("id").first()
    _submission(user, problem, "wrong_answer")
    _submission(user, problem, "accepted")
    progress = api.get(f"/api/v1/study-paths/{path['id']}/progress").json()
    dashboard = api.get("/api/v1/analytics/summary").json()["topics"]
    shown = next(m for m in progress["modules"] if m["slug"] == module.slug)
    assert (shown["completed"], shown["accuracy"], shown["passed"], shown["attempts"]) == (1, 0.5, 1, 2)
    assert [(t["topic"], t["accuracy"], t["passed"], t["attempts"]) for t in dashboard] == [(module.slug, 0.5, 1, 2)]
    untouched = [m for m in progress["modules"] if m["slug"] != module.slug]
    assert untouched and all(m["accuracy"] is None and m["attempts"] == 0 for m in untouched)


def _many_tasks(user, count: int):
    track = make_track(modules=1, problems=[(0, 1, ["arrays"])])
    path = StudyPath.objects.create(user=user, track=track, status="archived")
    problem = track.modules.first().problems.first()
    now = timezone.now()
    StudyTask.objects.bulk_create([StudyTask(path=path, problem=problem, status=TaskStatus.PASSED,
                                             due_date=now.date(), finished_at=now, score=1.0)
                                   for _ in range(count)], batch_size=2000)


def _export_peak(api, fmt: str) -> tuple[int, int]:
    tracemalloc.start()
    response = api.get(f"/api/v1/study-tasks/export?format={fmt}")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size


def test_export_streams_in_constant_memory(api, monkeypatch):
    # Made whole before it is sent: in memory up to SPOOL_MEMORY_BYTES, on disk past it. Both exports here go past
    # a small spool, so memory is the reading's and the writing's alone, whatever the history.
    monkeypatch.setattr(downloads, "SPOOL_MEMORY_BYTES", 128 * 1024)
    _many_tasks(api.user, 2_000)
    small_peak, small_size = _export_peak(api, "json")
    _many_tasks(api.user, 8_000)
    large_peak, large_size = _export_peak(api, "json")
    assert large_size > 4 * small_size
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)  # 5x the rows, not 5x the memory
    assert large_peak < 8 * 1024 * 1024


def test_export_json_and_csv_round_trip_through_the_import_command(api, track, tmp_path, bubblewrap,
                                                                 django_capture_on_commit_callbacks):
    _start(api, track)
    task = StudyTask.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/study-tasks/{task.id}/submit", {"language": "python", "code": ADD_PY}, format="json")
    for fmt in ("json", "csv"):
        response = api.get(f"/api/v1/study-tasks/export?format={fmt}")
        assert response.status_code == 200
        file = tmp_path / f"history.{fmt}"
        file.write_bytes(b"".join(response.streaming_content))
        newcomer = CandidateFactory()
        call_command("import_study_history", str(file), user=newcomer.email, dry_run=True)
        assert not StudyTask.objects.filter(path__user=newcomer).exists()
        call_command("import_study_history", str(file), user=newcomer.email)
        imported = StudyTask.objects.filter(path__user=newcomer)
        rows = StudyTask.objects.filter(path__user=api.user).count()
        assert imported.count() == rows
        assert imported.filter(status=TaskStatus.PASSED).count() == 1
        call_command("import_study_history", str(file), user=newcomer.email)  # idempotent
        assert StudyTask.objects.filter(path__user=newcomer).count() == rows
        call_command("import_study_history", str(file), user=newcomer.email, revert=True)
        assert not StudyTask.objects.filter(path__user=newcomer).exists()
        assert not StudyPath.objects.filter(user=newcomer).exists()


def test_export_rejects_bad_parameters(api):
    assert api.get("/api/v1/study-tasks/export?format=xml").json()["error"]["fields"]["format"]
    response = api.get("/api/v1/study-tasks/export?from=2026-02-01&to=2026-01-01")
    assert response.status_code == 400 and "to" in response.json()["error"]["fields"]
    assert api.get("/api/v1/study-tasks/export?from=yesterday").status_code == 400


def test_export_is_rate_limited(api, settings):
    settings.STUDY_EXPORT_RATE = "1/hour"
    assert api.get("/api/v1/study-tasks/export").status_code == 200
    assert api.get("/api/v1/study-tasks/export").status_code == 429


@pytest.mark.parametrize("status", ["", "bogus"])
def test_task_list_status_filter_must_name_a_status(api, status):
    response = api.get("/api/v1/study-tasks", {"status": status})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "status" in response.json()["error"]["fields"]


def test_path_settings_are_json_only_a_form_body_cannot_carry_null_or_lists(api, track):
    """Found by the contract run: a multipart PATCH (hours_per_week=5, starting_level=null) answered 400 "A valid
    integer is required": the update merged the form's value lists into the settings, and "null" is text there."""
    import yaml

    path_id = _start(api, track)["id"]
    form = api.patch(f"/api/v1/study-paths/{path_id}", {"hours_per_week": "5"}, format="multipart")
    assert form.status_code == 415
    assert api.post("/api/v1/study-paths", {"track": track.slug}, format="multipart").status_code == 415
    response = api.patch(f"/api/v1/study-paths/{path_id}", {"hours_per_week": 7, "starting_level": None},
                         format="json")
    assert response.status_code == 200 and response.json()["hours_per_week"] == 7
    schema = yaml.safe_load(api.get("/api/schema/").content)
    for method, path in (("patch", "/api/v1/study-paths/{path_id}"), ("post", "/api/v1/study-paths")):
        assert list(schema["paths"][path][method]["requestBody"]["content"]) == ["application/json"], path


def test_an_archived_paths_plan_cannot_be_changed(api, track):
    path_id = _start(api, track)["id"]
    assert api.post(f"/api/v1/study-paths/{path_id}/archive").status_code == 200
    response = api.patch(f"/api/v1/study-paths/{path_id}", {"hours_per_week": 7}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "path_archived"
    assert StudyPath.objects.get(id=path_id).hours_per_week != 7


def test_start_starts_a_pending_task_once_and_is_safe_to_repeat(api, track, monkeypatch):
    """What opening the task's page does, for API clients: the clock runs from here, not from the first submission."""
    from datetime import UTC, datetime

    opened = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: opened)
    _start(api, track)
    task_id = api.get("/api/v1/study-tasks/next").json()["id"]
    first = api.post(f"/api/v1/study-tasks/{task_id}/start")
    assert first.status_code == 200 and first.json()["status"] == "in_progress"
    monkeypatch.setattr(timezone, "now", lambda: opened + timedelta(minutes=9))
    again = api.post(f"/api/v1/study-tasks/{task_id}/start")
    assert again.status_code == 200 and again.json()["started_at"] == first.json()["started_at"]
    assert StudyTask.objects.get(id=task_id).started_at == opened
    assert TaskEvent.objects.filter(task_id=task_id, kind="started").count() == 1


def test_start_of_another_candidates_task_is_404(api, track):
    study.create_study_path(user=CandidateFactory(), track=track, config=study.PathConfig())
    task = StudyTask.objects.first()
    response = api.post(f"/api/v1/study-tasks/{task.id}/start")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert StudyTask.objects.get(id=task.id).status == TaskStatus.PENDING


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_is_made_before_a_byte_is_sent(api, fmt):
    """No query runs while the export is sent: a client that stops reading holds no connection or cursor."""
    _many_tasks(api.user, 1_500)
    response = api.get(f"/api/v1/study-tasks/export?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="study-history.{fmt}"'
    with CaptureQueriesContext(connection) as sending:
        body = b"".join(response.streaming_content)
    assert not sending.captured_queries, sending.captured_queries
    if fmt == "json":
        assert len(json.loads(body)["tasks"]) == 1_500
    else:
        assert body.decode().count("\r\n") == 1_501


def test_export_runs_one_at_a_time_per_user_and_frees_its_turn_on_errors(api, monkeypatch, settings):
    settings.STUDY_EXPORT_RATE = "3/hour"
    _many_tasks(api.user, 3)
    second = _client(api.user)
    seen = {}
    rows = export.task_rows

    def slow_rows(**kwargs):
        yield from rows(**kwargs)
        seen["while_made"] = second.get("/api/v1/study-tasks/export?format=csv")

    monkeypatch.setattr(export, "task_rows", slow_rows)
    assert api.get("/api/v1/study-tasks/export").status_code == 200
    refused = seen["while_made"]
    assert refused.status_code == 409  # errors come as JSON text, under ?format=csv too
    assert json.loads(refused.content)["error"]["message"] == ("Your data is still being prepared for another "
                                                               "download; try again when it has finished.")

    def broken_rows(**kwargs):
        raise RuntimeError("boom")
        yield

    monkeypatch.setattr(export, "task_rows", broken_rows)
    api.raise_request_exception = False
    assert api.get("/api/v1/study-tasks/export").status_code == 500
    monkeypatch.setattr(export, "task_rows", rows)
    assert api.get("/api/v1/study-tasks/export").status_code == 200  # the failed one gave its turn back
    assert api.get("/api/v1/study-tasks/export").status_code == 429  # 3 counted: the refused one gave its hit back
