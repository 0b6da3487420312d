"""The practice loop's streamed responses through the ASGI application (uvicorn serves it in production): the hint
stream sends `queued` at once and the hint when the tutor has written it, and the exports (the task history, "download
my data") are read as they are sent, not into a list first (Django's warning for a synchronous iterator under ASGI)."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from celery.contrib.testing.worker import start_worker
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import CandidateFactory
from studypaths import study
from studypaths.models import HintStatus, StudyPath, StudyTask, TaskHint, TaskStatus
from studypaths.tests.factories import make_track

SYNC_ITERATOR_WARNING = "must consume synchronous iterators"


def _candidate_with_a_task() -> tuple[StudyTask, str]:
    user = CandidateFactory()
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    return study.get_next_task(user=user), str(AccessToken.for_user(user))


def _communicator(method: str, path: str, token: str, body: bytes = b"") -> HttpCommunicator:
    from interviewmaster.asgi import application

    headers = [(b"host", b"testserver"), (b"authorization", f"Bearer {token}".encode()),
               (b"content-type", b"application/json")]
    return HttpCommunicator(application, method, path, body=body, headers=headers)


async def _rest_of_body(communicator: HttpCommunicator, *, timeout: float) -> list[bytes]:
    parts = []
    while True:
        message = await communicator.receive_output(timeout)
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return parts


def _events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
async def test_the_hint_stream_sends_queued_before_the_tutor_has_replied_then_the_hint(settings, recwarn):
    settings.STUDY_HINT_WAIT_SECONDS = 30
    task, token = await database_sync_to_async(_candidate_with_a_task)()
    communicator = _communicator("POST", f"/api/v1/study-tasks/{task.id}/hint", token, b'{"code": ""}')
    await communicator.send_input({"type": "http.request", "body": b'{"code": ""}'})
    start = await communicator.receive_output(5)
    assert start["type"] == "http.response.start" and start["status"] == 200
    # No worker is running: the tutor cannot have replied, and `queued` is already here (it used to come with the
    # rest, after the whole wait, because Django read the synchronous stream to its end first).
    first = await communicator.receive_output(2)
    assert _events(first["body"].decode()) == [("queued", {"hint": (await TaskHint.objects.aget(task=task)).id})]
    assert (await TaskHint.objects.aget(task=task)).status == HintStatus.PENDING

    from interviewmaster.celery import app

    worker = start_worker(app, pool="solo", perform_ping_check=False, queues=["live", "default", "ai", "sandbox"],
                          shutdown_timeout=20)
    await sync_to_async(worker.__enter__, thread_sensitive=False)()
    try:
        rest = await _rest_of_body(communicator, timeout=25)
    finally:
        await sync_to_async(worker.__exit__, thread_sensitive=False)(None, None, None)
    events = _events(b"".join(rest).decode())
    hint = await TaskHint.objects.aget(task=task)
    assert hint.status == HintStatus.READY
    assert [kind for kind, _ in events][-1] == "done" and {kind for kind, _ in events[:-1]} == {"delta"}
    assert "".join(data["text"] for _, data in events[:-1]).strip() == hint.text == events[-1][1]["text"]
    assert not [w for w in recwarn if SYNC_ITERATOR_WARNING in str(w.message)]


def _many_finished_tasks(count: int) -> str:
    task, token = _candidate_with_a_task()
    path = StudyPath.objects.get(id=task.path_id)
    now = timezone.now()
    StudyTask.objects.bulk_create([StudyTask(path=path, problem=task.problem, status=TaskStatus.PASSED,
                                             due_date=now.date(), finished_at=now, score=1.0)
                                   for _ in range(count)])
    return token


@pytest.mark.django_db(transaction=True)
async def test_the_export_is_sent_as_it_is_read_under_asgi(recwarn):
    token = await database_sync_to_async(_many_finished_tasks)(600)
    communicator = _communicator("GET", "/api/v1/study-tasks/export", token)
    communicator.scope["query_string"] = b"format=json"
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(5)
    assert start["status"] == 200
    parts = await _rest_of_body(communicator, timeout=10)
    assert len([part for part in parts if part]) > 1  # row batches, as they are made
    assert len(json.loads(b"".join(parts))["tasks"]) == 601
    assert not [w for w in recwarn if SYNC_ITERATOR_WARNING in str(w.message)]


@pytest.mark.django_db(transaction=True)
async def test_download_my_data_is_sent_as_it_is_read_under_asgi(recwarn):
    token = await database_sync_to_async(_many_finished_tasks)(600)
    communicator = _communicator("GET", "/api/v1/users/me/export", token)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(5)
    assert start["status"] == 200
    parts = await _rest_of_body(communicator, timeout=10)
    assert len([part for part in parts if part]) > 1  # pieces, as they are made
    document = json.loads(b"".join(parts))
    assert document["format"] == "interviewmaster-personal-data/1" and len(document["study_paths"]["tasks"]) == 601
    assert not [w for w in recwarn if SYNC_ITERATOR_WARNING in str(w.message)]
