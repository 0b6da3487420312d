"""REST /api/v1/plans/: an expert's own plans only; candidates never see plan content."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory, ExpertFactory, MentorFactory
from planning.models import InterviewPlan
from planning.tests.conftest import run_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def plan(make_plan, bank):
    return make_plan()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_expert_lists_and_reads_own_plans(api, plan, make_plan, django_assert_max_num_queries):
    make_plan()  # another expert's plan
    as_user(api, plan.expert)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/plans/").json()
    assert body["total"] == 1 and body["items"][0]["id"] == plan.id and body["has_more"] is False
    assert api.get("/api/v1/plans/", {"state": "approved"}).json()["total"] == 0
    bad = api.get("/api/v1/plans/", {"state": "dreaming"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    detail = api.get(f"/api/v1/plans/{plan.id}/").json()
    assert detail["state"] == "pending_review"
    assert len(detail["questions"]) == 4 and detail["critique"]["verdict"] in ("approve", "revise")


def test_another_experts_plan_is_not_found(api, plan):
    as_user(api, ExpertFactory())
    for response in (api.get(f"/api/v1/plans/{plan.id}/"), api.post(f"/api/v1/plans/{plan.id}/approve", {}),
                     api.post(f"/api/v1/plans/{plan.id}/request-changes", {"reason": "too_easy"})):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert InterviewPlan.objects.get(pk=plan.pk).state == "pending_review"


@pytest.mark.parametrize("factory", [CandidateFactory, MentorFactory])
def test_candidates_and_mentors_never_see_plan_content(api, plan, factory):
    user = factory(email=plan.candidate_email) if factory is CandidateFactory else factory()
    InterviewPlan.objects.filter(pk=plan.pk).update(candidate=user if factory is CandidateFactory else None)
    as_user(api, user)
    for response in (api.get("/api/v1/plans/"), api.get(f"/api/v1/plans/{plan.id}/")):
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
        assert plan.current_version.questions[0]["prompt"] not in response.content.decode()


def test_approve_and_refused_second_approval(api, plan):
    as_user(api, plan.expert)
    response = api.post(f"/api/v1/plans/{plan.id}/approve", {"comment": "good"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    again = api.post(f"/api/v1/plans/{plan.id}/approve", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"


def test_a_plan_running_past_the_length_its_expert_set_is_not_approved(api, make_plan, bank):
    from planning import services

    plan = make_plan(duration_minutes=61)  # without a length set, the interview would follow the questions
    longer = [dict(q, difficulty="hard") if i == 0 else q for i, q in enumerate(plan.current_version.questions)]
    with run_on_commit():
        services.edit_questions(plan=plan, expert=plan.expert, questions=longer)
    as_user(api, plan.expert)
    response = api.post(f"/api/v1/plans/{plan.id}/approve", {}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "plan_not_approvable"
    assert "66 minutes with transitions" in response.json()["error"]["message"]
    assert InterviewPlan.objects.get(pk=plan.pk).state == "pending_review"


def test_request_changes_needs_a_known_reason_and_writes_a_new_version(api, plan):
    as_user(api, plan.expert)
    missing = api.post(f"/api/v1/plans/{plan.id}/request-changes", {"comment": "x"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    unknown = api.post(f"/api/v1/plans/{plan.id}/request-changes", {"reason": "vibes"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "invalid"
    with run_on_commit():
        response = api.post(f"/api/v1/plans/{plan.id}/request-changes", {"reason": "too_hard"}, format="json")
    assert response.status_code == 202
    detail = api.get(f"/api/v1/plans/{plan.id}/").json()
    assert detail["version"] == 2 and detail["state"] == "pending_review"


def test_unauthenticated_is_refused(api, plan):
    response = api.get("/api/v1/plans/")
    assert response.status_code in (401, 403)


def test_ids_beyond_the_database_range_are_not_found(api):
    as_user(api, ExpertFactory())
    for response in (api.get(f"/api/v1/plans/{2**70}/"), api.post(f"/api/v1/plans/{2**70}/approve", {})):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
