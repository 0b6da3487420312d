import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("interviewmaster.tests.urls_for_tests")]


@pytest.fixture
def api():
    client = APIClient()
    client.raise_request_exception = False
    return client


def test_validation_error_lists_each_field(api):
    response = api.post("/api/v1/echo", {"name": "far too long", "count": 0}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "count"}
    assert "5 characters" in error["fields"]["name"][0]


def test_malformed_json_body_is_a_clear_400(api):
    response = api.generic("POST", "/api/v1/echo", '{"name": "ab", "count":', content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "malformed_request"
    assert "could not be parsed" in error["message"]


def test_domain_error_keeps_its_status_code_and_fields(api):
    response = api.get("/api/v1/fail/quota")
    assert response.status_code == 429
    assert response.json() == {"error": {"code": "quota_exceeded", "message": "Daily quota used up.",
                                         "fields": {"provider": ["offline"]}}}


def test_conflict_maps_to_409(api):
    response = api.get("/api/v1/fail/conflict")
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "Someone else changed it."


def test_unexpected_exception_is_a_json_500_without_internals(api):
    response = api.get("/api/v1/fail/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "internal_error"
    assert "a real bug" not in response.content.decode()


def test_a_locked_database_is_a_retryable_503_in_the_envelope(api):
    response = api.get("/api/v1/fail/locked")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["error"]["code"] == "service_unavailable"


def test_a_locked_table_is_a_retryable_503_too(api):
    response = api.get("/api/v1/fail/table-locked")
    assert response.status_code == 503 and response["Retry-After"] == "2"


@pytest.mark.parametrize("kind", ["no-table", "blocked"])
def test_other_database_errors_stay_internal_errors(api, kind):
    """"blocked by" is no SQLite lock: the substring match on "locked" took PostgreSQL's deadlock report for one."""
    response = api.get(f"/api/v1/fail/{kind}")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"


def test_a_postgresql_deadlock_is_a_retryable_503_logged_with_its_traceback(api, caplog):
    """Everything was rolled back and a retry succeeds, so the client gets a 503; but a deadlock is a lock-order bug
    of ours, so it is logged as an error with its traceback (the contract run fails on a Traceback in the log)."""
    with caplog.at_level("ERROR", logger="interviewmaster.api"):
        response = api.get("/api/v1/fail/deadlock")
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert response.json()["error"]["code"] == "service_unavailable"
    records = [r for r in caplog.records if r.levelname == "ERROR" and "40P01" in r.getMessage()]
    assert records and records[0].exc_info


def test_anonymous_request_to_private_api_is_401_in_the_envelope(api):
    response = api.get("/api/v1/private")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unsupported_media_type_is_415(api):
    response = api.generic("POST", "/api/v1/echo", "name=x", content_type="text/csv")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_pagination_shape(api, django_assert_max_num_queries):
    for i in range(5):
        UserFactory(email=f"p{i}@example.com")
    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/users-list?limit=2&offset=2")
    body = response.json()
    assert body == {"items": ["p2@example.com", "p3@example.com"], "total": 5, "limit": 2, "offset": 2,
                    "has_more": True}
    last = api.get("/api/v1/users-list?limit=2&offset=4").json()
    assert last["has_more"] is False and last["items"] == ["p4@example.com"]


@pytest.mark.parametrize(("query", "field"), [
    ("limit=-1", "limit"), ("limit=0", "limit"), ("limit=1000000000", "limit"), ("limit=101", "limit"),
    ("limit=abc", "limit"), ("offset=abc", "offset"), ("offset=true", "offset"), ("offset=-5", "offset"),
    ("limit=1.5", "limit"), ("limit=%EF%BC%91", "limit"),  # a full-width digit is not a number here
])
def test_bad_pagination_is_a_400_with_a_field_error_not_a_silent_clamp(api, query, field):
    """Issue 17 item 6."""
    response = api.get(f"/api/v1/users-list?{query}")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid" and field in body["fields"]


def test_pagination_accepts_its_bounds(api):
    assert api.get("/api/v1/users-list?limit=100&offset=0").json()["limit"] == 100
