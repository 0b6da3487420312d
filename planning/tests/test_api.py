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


# --- the interview's length (PATCH /api/v1/plans/{id}/) -------------------------------------------------------------
# The admin could fix the length or let it follow the questions again; the API could only read `duration_minutes`.

def test_expert_fixes_the_length_and_lets_it_follow_the_questions_again(api, plan):
    from planning.models import PlanEvent

    as_user(api, plan.expert)
    url = f"/api/v1/plans/{plan.id}/"
    questions = plan.current_version.estimated_minutes
    fixed = api.patch(url, {"duration_minutes": 90}, format="json")
    assert fixed.status_code == 200, fixed.json()
    assert (fixed.json()["duration_minutes"], fixed.json()["duration_fixed"]) == (90, True)
    assert fixed.json()["questions"] and fixed.json()["version"] == 1  # the plan as GET reads it
    stored = InterviewPlan.objects.get(pk=plan.pk)
    assert (stored.duration_minutes, stored.duration_fixed) == (90, True)
    assert api.get(url).json()["duration_fixed"] is True

    follows = api.patch(url, {"duration_fixed": False}, format="json")
    assert follows.status_code == 200
    assert (follows.json()["duration_minutes"], follows.json()["duration_fixed"]) == (questions, False)
    assert api.patch(url, {"duration_minutes": 60}, format="json").json()["duration_minutes"] == 60
    assert api.patch(url, {"duration_minutes": None}, format="json").json()["duration_minutes"] == questions
    # `duration_fixed: true` alone keeps the length the interview has now, whatever its questions do later.
    kept = api.patch(url, {"duration_fixed": True}, format="json").json()
    assert (kept["duration_minutes"], kept["duration_fixed"]) == (questions, True)
    assert list(PlanEvent.objects.filter(plan=plan, kind__startswith="plan.length").values_list("kind", "data")) == [
        ("plan.length_fixed", {"duration_minutes": 90}), ("plan.length_follows", {"duration_minutes": questions}),
        ("plan.length_fixed", {"duration_minutes": 60}), ("plan.length_follows", {"duration_minutes": questions}),
        ("plan.length_fixed", {"duration_minutes": questions})]


@pytest.mark.parametrize("body", [{"duration_minutes": 10}, {"duration_minutes": 241}, {"duration_minutes": 0},
                                  {"duration_minutes": -60}, {"duration_minutes": 10**30}, {"duration_minutes": 60.5},
                                  {"duration_minutes": "an hour"}, {"duration_minutes": True}])
def test_a_length_out_of_range_is_a_400_on_the_field_and_changes_nothing(api, plan, body):
    as_user(api, plan.expert)
    before = InterviewPlan.objects.values_list("duration_minutes", "duration_fixed").get(pk=plan.pk)
    response = api.patch(f"/api/v1/plans/{plan.id}/", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert list(response.json()["error"]["fields"]) == ["duration_minutes"]
    assert InterviewPlan.objects.values_list("duration_minutes", "duration_fixed").get(pk=plan.pk) == before


def test_the_range_error_is_the_services_and_the_admins(api, plan):
    from planning import services

    as_user(api, plan.expert)
    low, high = services.LENGTH_RANGE
    assert (low, high) == (11, 240)
    for minutes in (low - 1, high + 1):
        fields = api.patch(f"/api/v1/plans/{plan.id}/", {"duration_minutes": minutes}, format="json") \
            .json()["error"]["fields"]
        assert fields == {"duration_minutes": [f"The interview lasts between {low} and {high} minutes."]}
    for minutes in (low, high):
        assert api.patch(f"/api/v1/plans/{plan.id}/", {"duration_minutes": minutes},
                         format="json").json()["duration_minutes"] == minutes


@pytest.mark.parametrize("body", [{}, {"duration_fixed": False, "duration_minutes": 60},
                                  {"duration_fixed": True, "duration_minutes": None}, {"duration_fixed": None},
                                  {"duration_fixed": "false"},
                                  [{"duration_minutes": 60}]])
def test_an_empty_or_contradictory_length_change_is_a_400(api, plan, body):
    as_user(api, plan.expert)
    response = api.patch(f"/api/v1/plans/{plan.id}/", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert not InterviewPlan.objects.get(pk=plan.pk).duration_fixed


def test_the_length_is_json_only(api, plan):
    """A form body cannot say null ("null" is text there): 415, as the study path settings."""
    as_user(api, plan.expert)
    response = api.patch(f"/api/v1/plans/{plan.id}/", {"duration_minutes": "90"}, format="multipart")
    assert response.status_code == 415
    assert not InterviewPlan.objects.get(pk=plan.pk).duration_fixed


def test_another_expert_a_candidate_or_a_mentor_cannot_set_the_length(api, plan):
    as_user(api, ExpertFactory())
    response = api.patch(f"/api/v1/plans/{plan.id}/", {"duration_minutes": 90}, format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    for user in (CandidateFactory(email=plan.candidate_email), MentorFactory()):
        as_user(api, user)
        response = api.patch(f"/api/v1/plans/{plan.id}/", {"duration_minutes": 90}, format="json")
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert api.patch(f"/api/v1/plans/{2**70}/", {"duration_minutes": 90}, format="json").status_code == 403
    as_user(api, plan.expert)
    assert api.patch(f"/api/v1/plans/{2**70}/", {"duration_minutes": 90}, format="json").status_code == 404
    assert InterviewPlan.objects.values_list("duration_fixed", flat=True).get(pk=plan.pk) is False


def test_another_experts_plan_is_404_whatever_the_body_says(api, plan):
    """The plan is looked up before the body is read (R1: an invalid body on another expert's plan was a 400), for the
    length change and for approval alike; approval reads JSON only (a form body parsed to nothing passed for "no
    fields")."""
    as_user(api, ExpertFactory())
    url = f"/api/v1/plans/{plan.id}/"
    for response in (api.patch(url, {"duration_minutes": "many"}, format="json"),
                     api.patch(url, {"duration_minutes": "90"}, format="multipart"),
                     api.post(f"{url}approve", {"version": "x"}, format="json"),
                     api.post(f"{url}approve", {"override_critique": "1"}, format="multipart")):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    as_user(api, plan.expert)
    response = api.post(f"{url}approve", {"override_critique": "1"}, format="multipart")
    assert response.status_code == 415
    assert InterviewPlan.objects.get(pk=plan.pk).state == plan.state


def test_keeping_a_length_no_expert_may_set_is_a_400_on_duration_fixed(api, plan):
    """`duration_fixed: true` alone keeps the length the interview has now; twenty hard questions take 440 minutes,
    past the 240 an expert may fix: the refusal named `duration_minutes`, a field the client never sent (R1)."""
    as_user(api, plan.expert)
    InterviewPlan.objects.filter(pk=plan.pk).update(duration_minutes=440)
    response = api.patch(f"/api/v1/plans/{plan.id}/", {"duration_fixed": True}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["duration_fixed"] and "440 minutes" in fields["duration_fixed"][0]
    assert InterviewPlan.objects.values_list("duration_fixed", flat=True).get(pk=plan.pk) is False


def test_an_approved_plans_length_cannot_change(api, plan):
    as_user(api, plan.expert)
    assert api.post(f"/api/v1/plans/{plan.id}/approve", {}, format="json").status_code == 200
    response = api.patch(f"/api/v1/plans/{plan.id}/", {"duration_minutes": 90}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "plan_not_editable"
    assert InterviewPlan.objects.values_list("duration_fixed", flat=True).get(pk=plan.pk) is False


def test_the_schema_documents_the_length_change(api):
    import yaml

    schema = yaml.safe_load(api.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/plans/{plan_id}/"]["patch"]
    assert list(operation["requestBody"]["content"]) == ["application/json"]
    assert {"200", "400", "403", "404", "409"} <= set(operation["responses"])
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    minutes = schema["components"]["schemas"][ref]["properties"]["duration_minutes"]
    assert (minutes["minimum"], minutes["maximum"], minutes["nullable"]) == (11, 240, True)
    assert "duration_fixed" in schema["components"]["schemas"]["PlanDetail"]["properties"]
