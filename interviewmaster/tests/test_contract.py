"""Issue 17 item 10: what schemathesis found, pinned at the level it was found (the schema and the API)."""

from __future__ import annotations

import pytest
import yaml
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    client = APIClient()
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(CandidateFactory())
    return client


def test_every_list_get_is_documented_as_the_paginated_envelope_with_bounded_parameters(schema):
    for path in ("/api/v1/problems", "/api/v1/resumes/", "/api/v1/mentors/", "/api/v1/mentees/"):
        operation = schema["paths"][path]["get"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert set(schema["components"]["schemas"][ref]["required"]) == {"items", "total", "limit", "offset",
                                                                         "has_more"}
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")["schema"]
        assert (limit["minimum"], limit["maximum"]) == (1, 100)


def test_every_operation_documents_the_error_envelope_for_its_4xx(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"400", "403", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code in codes - {"200", "201", "202", "204"}:
                if code.startswith("4"):
                    content = operation["responses"][code].get("content", {})
                    assert content, (method, path, code)


def test_a_body_with_required_fields_is_required_delete_me_included(schema):
    body = schema["paths"]["/api/v1/users/me"]["delete"]["requestBody"]
    assert body["required"] is True


def test_profile_enums_include_the_blank_value_they_return(api, schema):
    level = schema["components"]["schemas"]["Profile"]["properties"]["experience_level"]
    refs = [item["$ref"].rsplit("/", 1)[-1] for item in level["oneOf"]]
    assert "BlankEnum" in refs
    assert api.get("/api/v1/users/me").json()["experience_level"] == ""


def test_numbers_are_not_silently_stored_as_strings(api):
    from resumes.tests.factories import ResumeFactory

    resume = ResumeFactory(owner=api.handler._force_user)
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"name": ["Not a valid string."]}


def test_a_resume_whose_file_left_storage_is_a_404_not_a_500(api, settings, tmp_path):
    from resumes.tests.factories import ResumeFactory

    settings.MEDIA_ROOT = tmp_path
    resume = ResumeFactory(owner=api.handler._force_user)
    resume.file.storage.delete(resume.file.name)
    response = api.get(f"/api/v1/resumes/{resume.id}/file")
    assert response.status_code == 404 and response.json()["error"]["code"] == "file_missing"


def test_a_malformed_multipart_body_gets_the_envelope(api):
    response = api.generic("POST", "/api/v1/auth/logout", b"--abc--\r\n",
                           content_type="multipart/form-data; boundary=abc")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"malformed_request", "invalid"}
