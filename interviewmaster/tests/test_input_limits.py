"""Issue 17 item 6: no 500 from hostile input. Deep JSON on every JSON endpoint (the anonymous token endpoint
included) and over the websocket, NUL in query strings, oversized and empty bodies: each gets the error envelope."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts.tests.factories import CandidateFactory
from interviewmaster.input_limits import json_depth

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def _authed(client):
    client.force_login(CandidateFactory())
    return client


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/token/refresh", "/api/v1/users/me"])
def test_json_nested_100000_deep_is_a_400_envelope_not_a_recursion_error(client, path):
    method = client.patch if path == "/api/v1/users/me" else client.post
    if path == "/api/v1/users/me":
        _authed(client)
    response = method(path, DEEP, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    error = response.json()["error"]
    assert error["code"] == "malformed_request" and "nested more than" in error["message"]


def test_a_json_body_over_the_limit_is_a_413_envelope(client, settings):
    settings.API_MAX_JSON_BYTES = 1000
    response = client.post("/api/v1/auth/token", '{"email": "' + "a" * 2000 + '"}', content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_nesting_inside_strings_does_not_count():
    assert json_depth('{"a": "' + "[" * 500 + '"}', 32) == 1
    assert json_depth("[[[]]]" * 10, 2) == 3


@pytest.mark.parametrize("query", ["module=%00", "module=a%00b", "search=%01", "%00=1"])
def test_control_characters_in_query_parameters_are_a_400(client, query):
    _authed(client)
    response = client.get(f"/api/v1/problems?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_query"


def test_control_characters_on_a_page_are_a_plain_400(client):
    response = client.get("/studypaths/problems/?module=%00")
    assert response.status_code == 400


def test_an_empty_multipart_body_gets_the_json_envelope(client):
    _authed(client)
    response = client.generic("POST", "/api/v1/resumes/", b"", content_type="multipart/form-data; boundary=xyz")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"invalid", "malformed_request"}


def test_a_multipart_body_with_too_many_fields_gets_the_json_envelope(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    _authed(client)
    response = client.post("/api/v1/resumes/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_fields"


def test_a_multipart_field_over_the_memory_limit_gets_a_413_envelope(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    _authed(client)
    response = client.post("/api/v1/resumes/", {"target_role": "x" * 5000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_nested_validation_errors_are_plain_strings_not_python_reprs():
    from rest_framework import serializers

    from interviewmaster.api import flatten_field_errors

    class Item(serializers.Serializer):
        name = serializers.CharField()

    class Body(serializers.Serializer):
        items = Item(many=True)

    body = Body(data={"items": [{"name": "ok"}, {}]})
    assert not body.is_valid()
    assert flatten_field_errors(body.errors) == {"items.1.name": ["This field is required."]}


@pytest.mark.django_db(transaction=True)
async def test_websocket_survives_deep_json_binary_and_garbage_frames():
    from channels.db import database_sync_to_async

    from interviewmaster.asgi import application

    user = await database_sync_to_async(CandidateFactory)()
    client = await database_sync_to_async(Client)()
    await database_sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=[(b"cookie", cookie.encode()),
                                                                               (b"origin", b"http://localhost")])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.receive_json_from()  # hello
    await communicator.send_to(text_data=DEEP)  # the echo's own size limit answers first (PING_MAX_CHARS)
    assert (await communicator.receive_json_from())["code"] == "message_too_large"
    await communicator.send_to(text_data="[" * 1000 + "]" * 1000)  # small, and far deeper than API_MAX_JSON_DEPTH
    assert (await communicator.receive_json_from())["code"] == "message_too_deep"
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await communicator.receive_json_from())["code"] == "malformed_message"
    await communicator.send_json_to({"type": "ping", "payload": 1})
    assert (await communicator.receive_json_from())["type"] == "pong"  # still open
    await communicator.disconnect()


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO"])
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/studypaths/"])
def test_a_method_the_site_never_answers_is_501_on_a_page_before_any_view(client, method, path):
    """A function view that does not name its methods answered TRACE with the page (200)."""
    response = client.generic(method, path)
    assert response.status_code == 501
    assert "not supported" in response.content.decode()


@pytest.mark.parametrize("method", ["TRACE", "FOO"])
def test_the_api_answers_other_methods_itself_with_the_views_own_allow(client, method):
    response = _authed(client).generic(method, "/api/v1/users/me")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "TRACE" not in response["Allow"] and "GET" in response["Allow"] and "POST" not in response["Allow"]


def test_the_known_methods_still_reach_the_views(client):
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    assert client.options("/api/v1/users/me").status_code in {401, 200}


def test_the_refusals_before_any_view_carry_the_security_headers(client):
    for response in (client.generic("TRACE", "/"), client.get("/studypaths/?module=%00")):
        assert response.status_code in {400, 501}
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in response


def test_a_nul_in_a_pages_form_is_a_400_page_before_a_view_that_reads_post_itself_stores_it(client):
    """Views reading request.POST themselves (a run's code, an expert's plan comment) passed U+0000 on, which
    PostgreSQL cannot store: a 500. Django's form fields refuse it; a guard does for every page form."""
    from studypaths.models import CodeRun
    from studypaths.tests.factories import ProblemFactory

    client = _authed(client)
    problem = ProblemFactory()
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(f"/studypaths/problems/{problem.id}/run/", {"language": "python", "code": "x = 1\x00"},
                               **headers)
        assert response.status_code == 400
        assert "NUL character (U+0000)" in response.content.decode()
        assert "Log out" in response.content.decode()  # drawn for the signed-in user, not as if signed out
    multipart = client.post(f"/studypaths/problems/{problem.id}/submit/", {"language": "python\x00", "code": "x"})
    assert multipart.status_code == 400
    assert CodeRun.objects.count() == 0
    from resumes.tests.factories import ResumeFactory

    resume = ResumeFactory()
    client.force_login(resume.owner)
    api = client.post(f"/api/v1/resumes/{resume.id}/skills", "name=Go%00",
                      content_type="application/x-www-form-urlencoded")
    assert api.status_code == 400 and "name" in api.json()["error"]["fields"]  # the API's own fields answer there


def test_a_form_posted_to_an_address_with_no_view_is_not_parsed(client, monkeypatch):
    """The guard reads request.POST only once the address has resolved to a view: a POST to nowhere is a plain 404,
    its body never parsed (nor copied to a temporary file)."""
    from django.http.request import HttpRequest

    parsed = []
    real = HttpRequest._load_post_and_files
    monkeypatch.setattr(HttpRequest, "_load_post_and_files", lambda self: (parsed.append(self.path), real(self))[1])
    response = client.post("/no-such-page/", {"field": "x\x00"})
    assert response.status_code == 404 and parsed == []
    assert client.post("/accounts/login/", {"login": "x\x00"}).status_code == 400 and parsed == ["/accounts/login/"]


def test_a_nul_in_an_experts_plan_comment_is_refused_and_nothing_is_approved(client):
    from planning.models import InterviewPlan, PlanVersion
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

    plan = InterviewPlanFactory(state="pending_review")
    version = PlanVersionFactory(plan=plan)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    client.force_login(plan.expert)
    response = client.post(f"/admin/planning/interviewplan/{plan.id}/act/approve/", {"comment": "fine\x00"})
    assert response.status_code == 400 and "NUL character" in response.content.decode()
    assert InterviewPlan.objects.get(pk=plan.pk).state == "pending_review"
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_a_visit_to_an_address_that_only_takes_a_form_is_the_sites_405_page(client):
    """require_POST's 405 has an empty body, which the browser showed as a blank error of its own."""
    client = _authed(client)
    response = client.get("/studypaths/path/archive/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    html = response.content.decode()
    assert "This address takes a form" in html and "Log out" in html  # the site's page, for the signed-in user
    assert "'nonce-" in response["Content-Security-Policy"]
    assert client.put("/studypaths/path/archive/").content == b""  # only a browser's visit gets the page
    api = client.get("/api/v1/study-paths/1/archive")
    assert api.status_code in {404, 405} and api["Content-Type"].startswith("application/json")


def test_a_field_error_quoting_the_clients_value_is_cut(client):
    """DRF's ChoiceField answered a 100 KB value with '"<the 100 KB>" is not a valid choice.'."""
    from rest_framework.test import APIClient

    from accounts.tests.factories import CandidateFactory

    api = APIClient()
    api.force_authenticate(CandidateFactory())
    response = api.patch("/api/v1/users/me", {"target_role": "r" * 100_000}, format="json")
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["target_role"][0]
    assert len(message) <= 201 and message.endswith("…") and message.startswith('"rrr')
    assert len(response.content) < 2000


@pytest.mark.parametrize(("method", "url", "body", "field"), [
    ("post", "/api/v1/interviews/", {"mode": "\ud800"}, "mode"),
    ("post", "/api/v1/interviews/", {"mode": "quick_start", "config": {"\ud800": 1}}, "config"),
    ("patch", "/api/v1/users/me", {"target_role": "\ud800"}, "target_role"),
    ("patch", "/api/v1/users/me", {"\ud800": "x"}, "\ufffd"),
])
def test_a_lone_surrogate_an_api_error_quotes_is_a_400_not_a_500(method, url, body, field):
    """DRF's '"\\ud800" is not a valid choice.' (or an unknown key holding one) could not be written as UTF-8: the
    renderer raised and the API answered 500. The parser now refuses the surrogate first, naming the field (a key
    that is one shows as U+FFFD)."""
    import json

    from rest_framework.test import APIClient

    from accounts.tests.factories import CandidateFactory

    api = APIClient()
    api.force_authenticate(CandidateFactory())
    response = getattr(api, method)(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == [field], error
    assert error["fields"][field][0].startswith("Surrogate characters are not allowed: U+D800")


def test_the_envelope_writes_a_quoted_surrogate_as_a_replacement_character():
    """Behind the parser, an error quoting a surrogate (a message, a field's name) is still writable as UTF-8."""
    import json

    from interviewmaster.api import error_body

    body = error_body("invalid", '"\ud800" is not a valid choice.', {"\ud800": ['"\udfff" no']})
    written = json.dumps(body, ensure_ascii=False).encode("utf-8")
    assert "\ufffd" in written.decode() and b"\\ud800" not in written


@pytest.mark.parametrize("body", [
    {"mode": "quick_start", "config": {"role": "\ud800"}},
    {"mode": "quick_start", "config": {"topics": ["x", "\udfff"]}},
    {"mode": "quick_start", "config": {"nested": {"deeper": "\ud800"}}},
    {"mode": "quick_start", "config": {"\ud800": 1}},
])
def test_a_lone_surrogate_anywhere_in_a_json_body_is_a_400_naming_its_field(body):
    """A serializer refuses a surrogate only in its text fields; inside a JSON value each view's own checks had to
    (an interview's config refused it as an unknown key or value; PostgreSQL's jsonb refuses one with a 500). The
    parser refuses it wherever it is, with one message, naming the top-level field."""
    import json

    from rest_framework.test import APIClient

    from accounts.tests.factories import CandidateFactory
    from interviews.models import InterviewSession

    api = APIClient()
    api.force_authenticate(CandidateFactory())
    response = api.post("/api/v1/interviews/", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["fields"] == {"config": [error["fields"]["config"][0]]}
    assert error["fields"]["config"][0].startswith("Surrogate characters are not allowed")
    assert not InterviewSession.objects.exists()


def test_a_surrogate_pair_is_text_not_a_refusal(client):
    """An escaped pair (an emoji written as \\ud83d\\ude00) is one character, not a lone surrogate."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(CandidateFactory())
    response = api.patch("/api/v1/users/me", data='{"name": "Ana \\ud83d\\ude00"}',
                         content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["name"] == "Ana \U0001f600"


@pytest.mark.parametrize("body", ['{"%s": "\\ud800"}' % ("k" * 200_000), '{"\\ud800%s": 1}' % ("k" * 200_000)])
def test_the_surrogate_refusal_names_a_long_field_bounded(body):
    """The refusal named the field by its whole key: a 200 KB key came back whole in a 400."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(CandidateFactory())
    response = api.patch("/api/v1/users/me", data=body, content_type="application/json")
    assert response.status_code == 400
    assert len(response.content) < 2000
    (field,) = response.json()["error"]["fields"]
    assert len(field) == 40
