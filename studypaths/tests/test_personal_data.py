"""The practice loop in "download my data" and in account deletion: a candidate's tasks come with their evaluations,
tutor hints (and the code sent with them) and history, mentor comments included; nothing of another candidate's; and
all of it goes with the account."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory, MentorFactory
from accounts.tests.stored_text import tables_holding
from interviewmaster import downloads
from interviewmaster.testing import body_of
from studypaths import export, study
from studypaths.models import CodeRun, EventKind, StudyPath, StudyTask, TaskEvaluation, TaskEvent, TaskHint, TaskStatus
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


def _practised(user, *, tag: str) -> StudyTask:
    """A task with a judged submission, a written hint with the code sent along and a mentor's comment."""
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=user)
    run = CodeRun.objects.create(user=user, problem=task.problem, kind="submission", language="python",
                                 code=f"def add(a, b):  # {tag}-run\n    return a + b\n", status="done",
                                 verdict="wrong_answer")
    TaskEvaluation.objects.create(task=task, run=run, status="done", verdict="wrong_answer", score=0.5, passed=4,
                                  total=8, output_excerpt=f"{tag}-output")
    hint = study.request_hint(user=user, task_id=task.id, code=f"def add(a, b):  # {tag}-hint-code\n")
    TaskHint.objects.filter(id=hint.id).update(status="ready", text=f"Think about negatives, {tag}-hint-text.")
    study.add_comment(author=MentorFactory(name=f"Mentor {tag}"), task=task, text=f"{tag}-comment: nearly there")
    return task


def test_the_export_holds_evaluations_hints_with_their_code_and_comments_of_the_owner_only():
    owner, other = CandidateFactory(), CandidateFactory()
    task = _practised(owner, tag="kestrel")
    _practised(other, tag="puffin")
    client = APIClient()
    client.force_authenticate(owner)
    response = client.get("/api/v1/users/me/export")

    body = body_of(response)
    study_section = json.loads(body)["study_paths"]
    key = export.task_key(task_id=task.id, import_key=None, source=export.installation_id())
    [evaluation] = study_section["task_evaluations"]
    assert (evaluation["task"], evaluation["passed"], evaluation["output_excerpt"]) == (key, 4, "kestrel-output")
    [hint] = study_section["hints"]
    assert hint["task"] == key and "kestrel-hint-text" in hint["text"] and "kestrel-hint-code" in hint["code"]
    comments = [e for e in study_section["task_events"] if e["kind"] == "comment"]
    assert [c["data"]["text"] for c in comments] == ["kestrel-comment: nearly there"]
    assert {"created", "hint_requested"} <= {e["kind"] for e in study_section["task_events"]}
    assert "puffin" not in body.decode()


def test_deleting_the_account_erases_hints_their_code_evaluations_and_comments_on_its_tasks(
        django_capture_on_commit_callbacks):
    owner, other = CandidateFactory(), CandidateFactory()
    _practised(owner, tag="kestrel")
    _practised(other, tag="puffin")
    with django_capture_on_commit_callbacks(execute=True):
        account_services.delete_account(user=owner, password=DEFAULT_PASSWORD)

    for text in ("kestrel-run", "kestrel-output", "kestrel-hint-code", "kestrel-hint-text", "kestrel-comment"):
        assert tables_holding(text) == [], text
    assert tables_holding("puffin-hint-code") == ["studypaths_taskhint"]
    assert tables_holding("puffin-comment") == ["studypaths_taskevent"]
    assert TaskEvaluation.objects.filter(task__path__user=other, output_excerpt="puffin-output").exists()


def _history(user, track, count: int) -> None:
    """`count` archived tasks, each with its creation event (what looping "create a path, archive it" leaves)."""
    path = StudyPath.objects.create(user=user, track=track, status="archived")
    problem = track.modules.first().problems.first()
    now = timezone.now()
    tasks = StudyTask.objects.bulk_create([StudyTask(path=path, problem=problem, status=TaskStatus.SKIPPED,
                                                     due_date=now.date(), finished_at=now) for _ in range(count)],
                                          batch_size=2000)
    TaskEvent.objects.bulk_create([TaskEvent(task=t, kind=EventKind.CREATED, data={}) for t in tasks], batch_size=2000)


def _download_peak(client) -> tuple[int, int]:
    tracemalloc.start()
    response = client.get("/accounts/my-data/")
    size = sum(len(chunk) for chunk in response.streaming_content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200
    return peak, size


def test_download_my_data_streams_in_memory_that_does_not_grow_with_the_history(settings, monkeypatch):
    """A history five times longer is a file five times larger, not five times the server's memory (it was built
    whole: json.dumps of the whole history). It is written to a spooled file before it is sent: in memory up to
    SPOOL_MEMORY_BYTES, on disk past it; both downloads here go past a small spool."""
    monkeypatch.setattr(downloads, "SPOOL_MEMORY_BYTES", 64 * 1024)
    settings.PERSONAL_DATA_EXPORT_RATE = "10/hour"
    user = CandidateFactory()
    track = make_track(modules=1, problems=[(0, 1, ["arrays"])])
    client = Client()
    client.force_login(user)
    _history(user, track, 800)
    small_peak, small_size = _download_peak(client)
    _history(user, track, 3_200)
    large_peak, large_size = _download_peak(client)
    assert large_size > 4 * small_size
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
