"""The resumes REST API: upload → 202 with task id, task status, detail, skills edits, owner checks, limits."""

import pytest
from rest_framework.test import APIClient

from interviewmaster.testing import error_of
from resumes.models import Resume, ResumeStatus, SkillStatus
from resumes.tests import documents
from resumes.tests.factories import ResumeFactory, ResumeSkillFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_upload_answers_202_with_id_and_task_id_and_the_task_reports_success(upload, api):
    response = upload(documents.pdf_bytes(), "cv.pdf")
    assert response.status_code == 202
    body = response.json()
    resume = Resume.objects.get(id=body["id"])
    assert body["task_id"] == str(resume.task_id)
    assert body["status_url"] == f"/api/v1/tasks/{resume.task_id}"
    task = api.get(body["status_url"]).json()
    assert task["state"] == "succeeded" and task["done"] is True
    assert task["status"] == "ready" and task["progress"] == 100 and task["resume_id"] == resume.id


def test_detail_shows_status_skills_facts_and_analysis(upload, api):
    resume_id = upload(documents.pdf_bytes()).json()["id"]
    body = api.get(f"/api/v1/resumes/{resume_id}").json()
    assert body["status"] == "ready" and body["failure_reason"] == ""
    names = {s["name"] for s in body["skills"]}
    assert {"Python", "Django", "Kubernetes"} <= names
    assert all(0 <= s["confidence"] <= 1 and s["category"] for s in body["skills"])
    assert body["facts"]["years_experience"] > 5
    assert body["analysis"]["suggested_roles"][0]["role"] == "backend_engineer"
    assert body["file_url"] == f"/api/v1/resumes/{resume_id}/file"


def test_failed_parse_is_visible_in_task_status_with_the_reason(upload, api):
    body = upload(documents.encrypted_pdf_bytes()).json()
    task = api.get(body["status_url"]).json()
    assert task["state"] == "failed" and task["failure_code"] == "encrypted_pdf"
    assert "password-protected" in task["failure_reason"]


def test_file_download_returns_the_original_bytes_as_an_attachment_from_a_random_storage_name(upload, api):
    content = documents.pdf_bytes()
    resume_id = upload(content, "My CV.pdf").json()["id"]
    response = api.get(f"/api/v1/resumes/{resume_id}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert "My_CV.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    stored = Resume.objects.get(id=resume_id).file.name
    assert "CV" not in stored and len(stored.split("/")[-1]) == 32 + len(".pdf")


@pytest.mark.parametrize("accept", ["application/pdf", "application/octet-stream", "*/*", "text/html"])
def test_file_download_answers_whatever_the_client_accepts(upload, api, other_candidate, accept):
    """Accept: application/pdf (what a download client names) was a 406: only the JSON renderer was offered."""
    content = documents.pdf_bytes()
    resume_id = upload(content, "My CV.pdf").json()["id"]
    response = api.get(f"/api/v1/resumes/{resume_id}/file", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    intruder = client_for(other_candidate).get(f"/api/v1/resumes/{resume_id}/file", HTTP_ACCEPT=accept)
    assert error_of(intruder) == (404, "not_found")  # errors stay the JSON envelope


def test_another_candidate_gets_404_on_resume_file_status_and_edits(other_candidate, candidate):
    resume = ResumeFactory(owner=candidate)
    skill = ResumeSkillFactory(resume=resume)
    intruder = client_for(other_candidate)
    assert error_of(intruder.get(f"/api/v1/resumes/{resume.id}")) == (404, "not_found")
    assert error_of(intruder.get(f"/api/v1/resumes/{resume.id}/file")) == (404, "not_found")
    assert error_of(intruder.get(f"/api/v1/tasks/{resume.task_id}")) == (404, "not_found")
    assert error_of(intruder.patch(f"/api/v1/resumes/{resume.id}/skills/{skill.id}", {"status": "removed"},
                                   format="json")) == (404, "not_found")
    assert error_of(intruder.post(f"/api/v1/resumes/{resume.id}/skills", {"name": "Go"},
                                  format="json")) == (404, "not_found")
    assert error_of(intruder.delete(f"/api/v1/resumes/{resume.id}")) == (404, "not_found")
    assert error_of(intruder.post(f"/api/v1/resumes/{resume.id}/activate")) == (404, "not_found")
    assert intruder.get("/api/v1/resumes/").json()["total"] == 0
    skill.refresh_from_db()
    resume.refresh_from_db()
    assert skill.status == SkillStatus.SUGGESTED and resume.deleted_at is None


def test_anonymous_requests_are_refused():
    client = APIClient()
    assert client.get("/api/v1/resumes/").status_code in (401, 403)
    assert client.post("/api/v1/resumes/", {}, format="multipart").status_code in (401, 403)


def test_eleventh_upload_in_a_minute_gets_429_with_retry_after(upload):
    small = documents.pdf_bytes(["Python developer", "Skills: Python, Django, Flask and more words here"])
    for _ in range(10):
        assert upload(small).status_code == 202
    response = upload(small)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 61
    assert Resume.objects.count() == 10


def test_upload_without_a_file_is_a_field_error(api):
    response = api.post("/api/v1/resumes/", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_upload_with_unknown_target_role_is_rejected_and_nothing_is_stored(upload):
    response = upload(documents.pdf_bytes(), target_role="astronaut")
    assert response.status_code == 400
    assert "target_role" in response.json()["error"]["fields"]
    assert not Resume.objects.exists()


def test_list_is_paginated_newest_first_with_pinned_query_count(api, candidate, django_assert_max_num_queries):
    for _ in range(5):
        resume = ResumeFactory(owner=candidate)
        ResumeSkillFactory.create_batch(3, resume=resume)
    ResumeFactory()  # someone else's
    with django_assert_max_num_queries(4):
        body = api.get("/api/v1/resumes/?limit=3").json()
    assert body["total"] == 5 and len(body["items"]) == 3 and body["has_more"] is True
    assert all(item["skill_count"] == 3 for item in body["items"])
    ids = [item["id"] for item in body["items"]]
    assert ids == sorted(ids, reverse=True)


def test_candidate_confirms_removes_and_adds_skills_through_the_api(api, candidate):
    resume = ResumeFactory(owner=candidate)
    skill = ResumeSkillFactory(resume=resume, skill_id="python", name="Python")
    response = api.patch(f"/api/v1/resumes/{resume.id}/skills/{skill.id}", {"status": "confirmed"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": "k8s"}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "Kubernetes" and response.json()["status"] == "confirmed"
    response = api.patch(f"/api/v1/resumes/{resume.id}/skills/{skill.id}", {"status": "removed"}, format="json")
    assert response.json()["status"] == "removed"
    names = {s["name"] for s in api.get(f"/api/v1/resumes/{resume.id}").json()["skills"]}
    assert names == {"Kubernetes"}


def test_invalid_skill_status_and_empty_name_are_field_errors(api, candidate):
    resume = ResumeFactory(owner=candidate)
    skill = ResumeSkillFactory(resume=resume)
    response = api.patch(f"/api/v1/resumes/{resume.id}/skills/{skill.id}", {"status": "maybe"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["error"]["fields"]
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": ""}, format="json")
    assert response.status_code == 400 and "name" in response.json()["error"]["fields"]


def test_delete_is_soft_removes_the_file_and_then_404s(api, candidate, django_capture_on_commit_callbacks):
    resume = ResumeFactory(owner=candidate)
    storage, name = resume.file.storage, resume.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/resumes/{resume.id}").status_code == 204
    assert not storage.exists(name)
    resume.refresh_from_db()
    assert resume.deleted_at is not None and resume.file.name == ""
    assert error_of(api.get(f"/api/v1/resumes/{resume.id}")) == (404, "not_found")
    assert error_of(api.get(f"/api/v1/resumes/{resume.id}/file")) == (404, "not_found")


def test_reparse_while_parsing_is_a_conflict(api, candidate):
    resume = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING, progress=15)
    response = api.post(f"/api/v1/resumes/{resume.id}/reparse")
    assert response.status_code == 409 and response.json()["error"]["code"] == "resume_busy"


def test_openapi_schema_lists_the_resume_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"] if response["Content-Type"].endswith("json") else response.content.decode()
    for path in ["/api/v1/resumes/", "/api/v1/resumes/{resume_id}", "/api/v1/tasks/{task_id}"]:
        assert path in paths


@pytest.mark.parametrize("name", ["\u200b", "\u202eevil", "a\x1bb"])
def test_a_typed_skill_name_follows_the_name_rule_which_the_schema_documents(api, candidate, name):
    """The field checked only for a non-blank character: "\u200b" and "\u202eevil" were added (an empty row, "live")."""
    resume = ResumeFactory(owner=candidate)
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": name}, format="json")
    assert response.status_code == 400 and "name" in response.json()["error"]["fields"]
    assert not resume.skills.exists()
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    # documented as a person's name is (PATCH /api/v1/users/me): the one rule, accounts/validators.py
    assert components["SkillAddInputRequest"]["properties"]["name"]["pattern"] == (
        components["MeInputRequest"]["properties"]["name"]["pattern"])


def test_a_failed_resume_cannot_be_made_the_active_one(api, candidate):
    good = ResumeFactory(owner=candidate, is_active=True)
    failed = ResumeFactory(owner=candidate, status=ResumeStatus.FAILED, failure_code="docx_zip_bomb")
    assert error_of(api.post(f"/api/v1/resumes/{failed.id}/activate")) == (409, "resume_failed")
    good.refresh_from_db()
    failed.refresh_from_db()
    assert good.is_active and not failed.is_active
    # one still being read may be chosen: it is on its way to being ready
    parsing = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING)
    assert api.post(f"/api/v1/resumes/{parsing.id}/activate").status_code == 200


def test_the_list_never_shows_a_failed_resume_as_the_active_one(upload, api):
    upload(documents.encrypted_pdf_bytes(), "enc.pdf")
    upload(documents.pdf_bytes(), "r1.pdf")
    items = {item["original_filename"]: item for item in api.get("/api/v1/resumes/").json()["items"]}
    assert (items["enc.pdf"]["status"], items["enc.pdf"]["is_active"]) == ("failed", False)
    assert (items["r1.pdf"]["status"], items["r1.pdf"]["is_active"]) == ("ready", True)
    assert api.delete(f"/api/v1/resumes/{items['r1.pdf']['id']}").status_code == 204
    assert [item["is_active"] for item in api.get("/api/v1/resumes/").json()["items"]] == [False]


def test_reading_again_shares_the_upload_budget(upload, api, settings, django_capture_on_commit_callbacks):
    settings.RESUME_UPLOADS_PER_MINUTE = 3
    resume_id = upload(documents.pdf_bytes()).json()["id"]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert api.post(f"/api/v1/resumes/{resume_id}/reparse").status_code == 202
    response = api.post(f"/api/v1/resumes/{resume_id}/reparse")
    assert error_of(response) == (429, "throttled") and int(response["Retry-After"]) >= 1
    assert "read again" in response.json()["error"]["message"]
    assert error_of(upload(documents.pdf_bytes())) == (429, "throttled")  # one budget for both
    assert Resume.objects.get(id=resume_id).events.filter(kind="status.uploaded").count() == 3


def test_an_upload_over_the_quota_is_a_409_with_a_reason_and_nothing_is_stored(upload, candidate, settings):
    settings.RESUME_MAX_PER_USER = 1
    assert upload(documents.pdf_bytes()).status_code == 202
    response = upload(documents.pdf_bytes())
    assert error_of(response) == (409, "resume_quota_exceeded")
    assert "delete one" in response.json()["error"]["message"]
    assert Resume.objects.filter(owner=candidate).count() == 1


def test_adding_a_skill_answers_201_when_new_and_200_when_already_there(api, candidate):
    resume = ResumeFactory(owner=candidate)
    url = f"/api/v1/resumes/{resume.id}/skills"
    ids = []
    for name in ["Битрикс", "Тестирование ПО", "数据分析"]:
        response = api.post(url, {"name": name}, format="json")
        assert response.status_code == 201 and response.json()["name"] == name
        ids.append(response.json()["skill_id"])
    assert len(set(ids)) == 3
    response = api.post(url, {"name": "битрикс"}, format="json")
    assert response.status_code == 200 and response.json()["skill_id"] == ids[0]
    assert sorted(s["name"] for s in api.get(f"/api/v1/resumes/{resume.id}").json()["skills"]) == sorted(
        ["Битрикс", "Тестирование ПО", "数据分析"])


def test_a_name_listing_several_skills_is_a_400_and_never_the_one_skill_the_taxonomy_knows(api, candidate):
    """{"name": "a,b,c"} added and confirmed the C language; "Rust, Terraform" made one skill of that name."""
    resume = ResumeFactory(owner=candidate)
    url = f"/api/v1/resumes/{resume.id}/skills"
    for name in ["a,b,c", "Rust, Terraform", "Go; Rust"]:
        response = api.post(url, {"name": name}, format="json")
        assert error_of(response) == (400, "invalid_skill"), name
        assert "add one skill per request" in response.json()["error"]["fields"]["name"][0]
    assert "“a”, “b” and “C”" in api.post(url, {"name": "a,b,c"}, format="json").json()["error"]["message"]
    assert not resume.skills.exists()
    response = api.post(url, {"name": "Kubernetes (container orchestration, scheduling)"}, format="json")
    assert response.status_code == 201 and response.json()["skill_id"] == "kubernetes"
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "One skill per request" in schema["paths"]["/api/v1/resumes/{resume_id}/skills"]["post"]["description"]


def test_deleting_the_active_resume_hands_over_as_the_schema_documents(api, candidate):
    """The DELETE answers 204 without a body (the contract); the resume that took over is the list's active one, as
    the operation's description says."""
    active = ResumeFactory(owner=candidate, is_active=True)
    newer = ResumeFactory(owner=candidate, original_filename="frontend.docx")
    assert api.delete(f"/api/v1/resumes/{active.id}").status_code == 204
    items = api.get("/api/v1/resumes/").json()["items"]
    assert [(item["id"], item["is_active"]) for item in items] == [(newer.id, True)]
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    description = schema["paths"]["/api/v1/resumes/{resume_id}"]["delete"]["description"]
    assert "another takes its place" in description and "is_active" in description


def test_a_long_file_name_downloads_with_its_extension(upload, api):
    resume_id = upload(documents.pdf_bytes(), "a" * 300 + ".pdf").json()["id"]
    disposition = api.get(f"/api/v1/resumes/{resume_id}/file")["Content-Disposition"]
    assert disposition.endswith('.pdf"') and "a" * 196 + ".pdf" in disposition


@pytest.mark.parametrize("name", ["Go\n", "\tRust", "Kotlin\r\n", " Elixir ", "C++", "Node.js", "  \u00a0Zig"])
def test_a_typed_skill_name_is_accepted_exactly_when_the_schema_pattern_matches_it_untrimmed(api, candidate, name):
    """A trimming field took "Go\\n", which the documented pattern refuses (a line break is a control character):
    the contract run's fuzzer fails a schema-violating request that is accepted."""
    import re

    from accounts.validators import NAME_PATTERN

    resume = ResumeFactory(owner=candidate)
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": name}, format="json")
    schema_valid = re.search(NAME_PATTERN, name) is not None
    assert (response.status_code in {200, 201}) == schema_valid, (name, response.json())


def test_a_resume_holds_at_most_resume_max_skills_and_a_skill_already_there_can_still_be_confirmed(
        api, candidate, settings, client):
    """Skills were unbounded: 600 adds a minute under the API-wide limit (the page had none) made a resume of 10,000
    skills in 17 minutes, its page 9 MB and 6.7 s to render, and every planned interview's skill list and the
    admin's page as long. A removed skill stays a row (the page lists it to restore), so every row counts."""
    from django.urls import reverse

    settings.RESUME_MAX_SKILLS = 3
    resume = ResumeFactory(owner=candidate)
    ResumeSkillFactory(resume=resume, skill_id="python", name="Python", status=SkillStatus.SUGGESTED)
    ResumeSkillFactory(resume=resume, skill_id="go", name="Go", status=SkillStatus.REMOVED)
    assert api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": "Blorptastic"}, format="json").status_code == 201
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": "k8s"}, format="json")
    assert error_of(response) == (409, "skill_limit_reached")
    assert "3 skills" in response.json()["error"]["message"]
    # one already there is confirmed (nothing is added), whatever the count
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": "python"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    client.force_login(candidate)
    response = client.post(reverse("resumes:skill-add", args=[resume.id]), {"name": "Rust"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409 and "3 skills" in response.content.decode()
    assert resume.skills.count() == 3
