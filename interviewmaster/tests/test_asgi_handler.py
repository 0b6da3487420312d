"""HTTP through the ASGI application: the middleware and the view run in one thread hop, with the same behaviour."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import AsyncToSync, SyncToAsync
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.test import Client

from accounts.tests.factories import CandidateFactory


async def _get(path: str, *, query: bytes = b"", headers: list | None = None) -> dict:
    from interviewmaster.asgi import application

    communicator = HttpCommunicator(application, "GET", path, headers=[(b"host", b"testserver"), *(headers or [])])
    communicator.scope["query_string"] = query
    return await communicator.get_response()


def _count_switches(monkeypatch) -> dict[str, int]:
    counts = {"async_to_sync": 0, "sync_to_async": 0}
    original_a2s, original_s2a = AsyncToSync.__call__, SyncToAsync.__call__

    def a2s(self, *args, **kwargs):
        counts["async_to_sync"] += 1
        return original_a2s(self, *args, **kwargs)

    def s2a(self, *args, **kwargs):
        counts["sync_to_async"] += 1
        return original_s2a(self, *args, **kwargs)

    monkeypatch.setattr(AsyncToSync, "__call__", a2s)
    monkeypatch.setattr(SyncToAsync, "__call__", s2a)
    return counts


@pytest.mark.django_db(transaction=True)
async def test_a_request_enters_the_synchronous_stack_once(monkeypatch):
    await _get("/health")  # warm (URL resolver, caches)
    counts = _count_switches(monkeypatch)
    response = await _get("/health")
    assert response["status"] == 200
    assert json.loads(response["body"]) == {"status": "ok"}
    # No return to the event loop inside the stack (Django's async chain had one async_to_sync around the URL
    # resolution and another sync_to_async for the view); the sync_to_async calls left are the chain itself and
    # the request_started / request_finished signals.
    assert counts["async_to_sync"] == 0
    assert counts["sync_to_async"] <= 3


@pytest.mark.django_db(transaction=True)
async def test_the_stack_keeps_its_behaviour_through_asgi():
    user = await database_sync_to_async(CandidateFactory)()
    client = await database_sync_to_async(Client)()
    await database_sync_to_async(client.force_login)(user)
    cookie = [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]

    page = await _get("/studypaths/", headers=cookie)
    assert page["status"] == 200
    assert b"<html" in page["body"]
    headers = {name.lower() for name, _ in page["headers"]}
    assert b"x-request-id" in headers and b"content-security-policy" in headers

    anonymous = await _get("/studypaths/")
    assert anonymous["status"] == 302  # login_required still redirects

    bad = await _get("/api/v1/problems", query=b"module=%00")
    assert bad["status"] == 400  # a middleware's refusal is still an answer, not an exception
    missing = await _get("/api/v1/no-such-thing")
    assert missing["status"] == 404
    assert json.loads(missing["body"])["error"]["code"] == "not_found"  # the JSON envelope
