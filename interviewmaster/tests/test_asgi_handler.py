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


async def _send(method: str, path: str, body: bytes, headers: list) -> dict:
    from interviewmaster.asgi import application

    communicator = HttpCommunicator(application, method, path, body=body,
                                    headers=[(b"host", b"testserver"), *headers])
    return await communicator.get_response(timeout=10)


@pytest.mark.django_db(transaction=True)
async def test_a_chunked_body_is_read_not_taken_for_empty():
    """Without a Content-Length (Transfer-Encoding: chunked) DRF took the body for empty: 200, nothing changed."""
    from accounts.models import User
    from accounts.services import issue_tokens

    user = await database_sync_to_async(CandidateFactory)(name="Old Name")
    access = (await database_sync_to_async(issue_tokens)(user=user))["access"]
    response = await _send("PATCH", "/api/v1/users/me", json.dumps({"name": "Chunked Name"}).encode(), [
        (b"authorization", f"Bearer {access}".encode()), (b"content-type", b"application/json"),
        (b"transfer-encoding", b"chunked")])
    assert response["status"] == 200, response["body"]
    assert (await database_sync_to_async(User.objects.get)(pk=user.pk)).name == "Chunked Name"


@pytest.mark.django_db(transaction=True)
async def test_a_body_past_the_ceiling_is_refused_before_it_is_stored(settings):
    """Django read any body whole (to a temporary file) before a view could refuse it: 3 GB to /health filled /tmp."""
    settings.REQUEST_BODY_MAX_BYTES = 1000
    declared = await _send("POST", "/api/v1/auth/token", b"", [(b"content-length", b"3000000000"),
                                                               (b"content-type", b"application/json")])
    assert declared["status"] == 413
    assert json.loads(declared["body"])["error"]["code"] == "request_too_large"
    undeclared = await _send("POST", "/health", b"x" * 5000, [(b"content-type", b"application/json")])
    assert undeclared["status"] == 413 and b"larger than" in undeclared["body"]
    for refused in (declared, undeclared):  # answered before the middleware, with its security headers all the same
        headers = {name.lower(): value for name, value in refused["headers"]}
        assert headers[b"x-content-type-options"] == b"nosniff"
        assert b"frame-ancestors 'none'" in headers[b"content-security-policy"]
    within = await _send("POST", "/api/v1/auth/token", b"{}", [(b"content-type", b"application/json")])
    assert within["status"] == 400  # an ordinary body goes on to the view


@pytest.mark.django_db(transaction=True)
async def test_a_pages_body_past_the_ceiling_gets_the_sites_413_page_or_a_fragment_or_the_envelope(settings):
    """A page's refusal was one text/plain line: no page around it, and htmx and fetch() could not show it in place.
    It goes through the middleware now (the signed-in user's header, the page's security headers), and the view it
    named never runs without its body. tests/test_browser_error_pages.py looks at it in Chromium."""
    settings.REQUEST_BODY_MAX_BYTES = 2 * 1024 * 1024
    user = await database_sync_to_async(CandidateFactory)()
    client = await database_sync_to_async(Client)()
    await database_sync_to_async(client.force_login)(user)
    cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
    form = (b"content-type", b"multipart/form-data; boundary=x")
    too_large = str(3 * 1024 * 1024).encode()

    page = await _send("POST", "/resumes/upload", b"", [cookie, form, (b"content-length", too_large)])
    assert page["status"] == 413
    body = page["body"].decode()
    assert "<title>Too large to send · InterviewMaster</title>" in body and 'href="/accounts/profile/"' in body
    assert "larger than 2 MB" in body and "at most 10 MB" in body
    assert {name.lower() for name, _ in page["headers"]} >= {b"x-request-id", b"content-security-policy"}

    fragment = await _send("POST", "/resumes/upload", b"x" * (3 * 1024 * 1024),
                           [cookie, form, (b"hx-request", b"true")])
    assert fragment["status"] == 413 and fragment["body"].startswith(b'<div class="request-error" role="alert">')

    script = await _send("POST", "/studypaths/problems/1/run/", b"", [
        cookie, (b"content-type", b"application/json"), (b"content-length", too_large)])
    assert script["status"] == 413
    assert json.loads(script["body"])["error"] == {"code": "request_too_large", "fields": {},
                                                   "message": "What you sent is larger than 2 MB, the most this "
                                                              "site accepts at once. Nothing was saved."}
