"""POST /api/v1/questions/generate: cache, then bank, then the AI layer; exactly `count` or a clear error."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.tests.factories import CandidateFactory, ExpertFactory, MentorFactory
from interviewmaster.ai.offline.questions import candidates
from interviewmaster.testing import error_of
from interviewmaster.tests.conftest import StubServer
from interviews.errors import InvalidGenerationRequest
from interviews.generation import request_question_generation
from interviews.models import Question, QuestionGenerationJob
from interviews.tasks import generate_questions_for_job
from interviews.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/questions/generate"
SPEC = {"role": "backend_engineer", "difficulty": "medium", "count": 4, "categories": ["coding"],
        "language": "python"}


@pytest.fixture
def expert_client(client, django_capture_on_commit_callbacks):
    """An expert's client whose POSTs run the after-commit Celery task (eager) as a real commit would."""
    client.force_login(ExpertFactory())
    plain_post = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return plain_post(*args, **kwargs)

    client.post = post
    return client


def generate(client, payload) -> dict:
    """POST (202, queued), then read the job the way an API client polls it."""
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    return client.get(response.json()["status_url"]).json()


def test_bank_questions_come_first_and_the_ai_fills_the_shortfall(expert_client):
    bank = QuestionFactory.create_batch(2, category="coding", difficulty="medium", roles=["backend_engineer"])
    QuestionFactory(category="coding", difficulty="hard")  # wrong difficulty: not picked
    QuestionFactory(category="coding", difficulty="medium", roles=["frontend_engineer"])  # wrong role
    body = generate(expert_client, SPEC)
    assert body["status"] == "done" and body["status_url"].endswith(f"/api/v1/questions/generate/{body['id']}")
    questions = body["questions"]
    assert len(questions) == 4
    assert [q["cache"] for q in questions] == ["bank", "bank", "generated", "generated"]
    assert [q["id"] for q in questions[:2]] == [q.id for q in bank]
    generated = Question.objects.filter(id__in=[q["id"] for q in questions[2:]])
    assert all(not q.is_active and q.source == "ai:offline" and q.category == "coding" for q in generated)
    assert all(q.status == "pending_review" for q in generated)
    assert all(q.roles == ["backend_engineer"] and q.languages == ["python"] for q in generated)
    assert body["provider"] == "offline"


def test_the_same_request_again_is_answered_from_the_cache(expert_client):
    first = generate(expert_client, SPEC)
    second = generate(expert_client, SPEC)
    assert [q["id"] for q in second["questions"]] == [q["id"] for q in first["questions"]]
    assert {q["cache"] for q in second["questions"]} == {"hit"}
    assert Question.objects.count() == 4


def test_generated_questions_never_near_duplicate_the_bank(expert_client):
    offline_first = candidates(role="backend_engineer", difficulty="medium", categories=["coding"],
                               language="python")[0]
    QuestionFactory(prompt=offline_first["prompt"] + " ", category="coding", difficulty="hard")
    body = generate(expert_client, {**SPEC, "count": 3})
    prompts = [q["prompt"] for q in body["questions"]]
    assert offline_first["prompt"] not in prompts and len(prompts) == 3


def test_a_remote_provider_generates_and_its_invalid_questions_are_dropped(expert_client, settings):
    stub = StubServer()
    try:
        good = {"prompt": "Implement an LRU cache in Python with O(1) get and put operations.", "category": "coding",
                "difficulty": "medium", "tags": ["caching", "hashing", "not-a-tag"],
                "expected_points": [{"point": "Hash map plus doubly linked list", "keywords": ["hash", "linked"]}],
                "follow_up_seeds": ["How would you make it thread-safe?"], "reference_answer": "..."}
        wrong_category = {**good, "prompt": "Design a global CDN for video delivery at scale.",
                          "category": "system_design"}
        stub.ok({"questions": [good, wrong_category]})
        settings.AI_PROVIDERS = json.dumps([{"name": "stub", "base_url": stub.base_url, "model": "m",
                                             "api_key": "k", "max_retries": 0}])
        body = generate(expert_client, {**SPEC, "count": 1})
    finally:
        stub.close()
    (question,) = body["questions"]
    assert question["prompt"] == good["prompt"] and question["cache"] == "generated"
    assert question["source"] == "ai:stub" and question["tags"] == ["caching", "hashing"]
    assert "Design a global CDN" not in Question.objects.values_list("prompt", flat=True)


def test_too_many_questions_for_a_narrow_spec_fails_with_a_clear_reason(expert_client):
    body = generate(expert_client, {"role": "ml_engineer", "difficulty": "hard", "count": 20,
                                    "categories": ["ml_concepts"]})
    assert body["status"] == "failed" and body["questions"] == []
    assert body["error"]["code"] == "not_enough_questions"
    assert "of 20 hard questions for ml_engineer in ml_concepts" in body["error"]["message"]


@pytest.mark.parametrize(("payload", "field"), [
    ({**SPEC, "role": "astronaut"}, "role"),
    ({**SPEC, "difficulty": "extreme"}, "difficulty"),
    ({**SPEC, "count": 0}, "count"),
    ({**SPEC, "count": 21}, "count"),
    ({**SPEC, "categories": ["cooking"]}, "categories"),
    ({**SPEC, "language": "cobol"}, "language"),
    ({"difficulty": "easy", "count": 1}, "role"),
])
def test_bad_requests_get_a_clear_error_and_create_nothing(expert_client, payload, field):
    response = expert_client.post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert QuestionGenerationJob.objects.count() == 0 and Question.objects.count() == 0


def test_candidates_cannot_generate_questions(client):
    client.force_login(CandidateFactory())
    response = client.post(URL, SPEC, content_type="application/json")
    assert error_of(response) == (403, "permission_denied") and QuestionGenerationJob.objects.count() == 0


def test_another_users_job_is_not_found(expert_client, client):
    job_id = generate(expert_client, SPEC)["id"]
    client.force_login(MentorFactory())
    assert error_of(client.get(f"{URL}/{job_id}")) == (404, "not_found")


def test_job_status_is_read_with_a_bounded_number_of_queries(expert_client, django_assert_max_num_queries):
    job_id = generate(expert_client, {**SPEC, "count": 8})["id"]
    with django_assert_max_num_queries(4):
        body = expert_client.get(f"{URL}/{job_id}").json()
    assert len(body["questions"]) == 8


def test_redelivered_task_does_not_run_the_job_twice(expert_client):
    job_id = generate(expert_client, SPEC)["id"]
    before = list(Question.objects.values_list("id", flat=True))
    generate_questions_for_job.apply(args=[job_id])
    assert list(Question.objects.values_list("id", flat=True)) == before
    generate_questions_for_job.apply(args=[999_999])  # a deleted job is ignored quietly


def test_generation_task_is_routed_to_the_ai_queue_with_a_time_limit():
    from interviewmaster.celery import app

    route = app.amqp.router.route({}, "interviews.ai.generate_questions")
    assert route["queue"].name == "ai"
    assert generate_questions_for_job.time_limit > 0 and generate_questions_for_job.soft_time_limit > 0


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(min_value=1, max_value=20),
       categories=st.lists(st.sampled_from(["coding", "system_design", "behavioral", "databases", "debugging",
                                            "testing", "language_knowledge"]), min_size=0, max_size=3, unique=True),
       difficulty=st.sampled_from(["easy", "medium", "hard"]))
def test_the_number_returned_always_equals_count_or_the_job_says_why_not(count, categories, difficulty,
                                                                         django_capture_on_commit_callbacks):
    user = ExpertFactory()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = request_question_generation(user=user, role="backend_engineer", difficulty=difficulty,
                                              count=count, categories=categories, language="python")
    except InvalidGenerationRequest as exc:  # e.g. easy system design is not offered: said up front
        assert exc.fields["categories"].startswith(f"{difficulty} is not offered for")
        return
    job.refresh_from_db()
    if job.status == QuestionGenerationJob.Status.DONE:
        assert len(job.result) == count
        assert len({row["question_id"] for row in job.result}) == count
    else:
        assert job.status == QuestionGenerationJob.Status.FAILED
        assert job.error_code == "not_enough_questions" and str(count) in job.error_message


def test_a_job_left_running_by_a_dead_worker_is_taken_over_but_a_live_one_is_not(settings):
    from datetime import timedelta

    from django.utils import timezone

    from interviews.errors import GenerationJobHeld
    from interviews.generation import generate_questions_for_job as generate

    job = QuestionGenerationJob.objects.create(requested_by=ExpertFactory(), role="backend_engineer",
                                               difficulty="medium", count=2, categories=["coding"],
                                               status=QuestionGenerationJob.Status.RUNNING,
                                               started_at=timezone.now())
    with pytest.raises(GenerationJobHeld):
        generate(job_id=job.id)
    job.refresh_from_db()
    assert job.status == "running" and job.result == []  # another worker is within its time limit
    QuestionGenerationJob.objects.filter(id=job.id).update(
        started_at=timezone.now() - timedelta(seconds=settings.AI_TASK_TIME_LIMIT + 1))
    generate_questions_for_job.apply(args=[job.id])
    job.refresh_from_db()
    assert job.status == "done" and len(job.result) == 2


def test_a_job_redelivered_at_once_after_its_pool_process_was_killed_is_finished_when_its_claim_runs_out(
        settings, monkeypatch):
    """A killed prefork process gives its message back at once (reject_on_worker_lost), long before the claim's time
    is up: the delivery is retried when it is, not acknowledged with the job "running" for ever."""
    from datetime import timedelta

    from celery.exceptions import Retry
    from django.utils import timezone

    job = QuestionGenerationJob.objects.create(requested_by=ExpertFactory(), role="backend_engineer",
                                               difficulty="medium", count=2, categories=["coding"],
                                               status=QuestionGenerationJob.Status.RUNNING,
                                               started_at=timezone.now() - timedelta(seconds=20))  # died 20 s in
    retries = []

    def retry(*, exc, countdown):
        retries.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(generate_questions_for_job, "retry", retry)
    with pytest.raises(Retry):
        generate_questions_for_job(job.id)  # the redelivered message
    assert len(retries) == 1 and settings.AI_TASK_TIME_LIMIT - 20 <= retries[0] <= settings.AI_TASK_TIME_LIMIT - 18
    QuestionGenerationJob.objects.filter(id=job.id).update(  # the retry arrives when the claim has run out
        started_at=timezone.now() - timedelta(seconds=settings.AI_TASK_TIME_LIMIT + 1))
    generate_questions_for_job(job.id)
    job.refresh_from_db()
    assert job.status == "done" and len(job.result) == 2


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_the_ai_queue_completes_the_job(celery_worker_real, client):
    import time

    client.force_login(ExpertFactory())
    response = client.post(URL, {**SPEC, "count": 3}, content_type="application/json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    deadline = time.monotonic() + 30
    body = response.json()
    while body["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        body = client.get(response.json()["status_url"]).json()
    assert body["status"] == "done" and len(body["questions"]) == 3


def test_admin_lists_generation_jobs_and_ai_questions_pending_review(admin_client, expert_client):
    generate(expert_client, {**SPEC, "count": 2})
    assert admin_client.get("/admin/interviews/questiongenerationjob/").status_code == 200
    pending = admin_client.get("/admin/interviews/question/", {"is_active__exact": "0", "source": "ai:offline"})
    assert pending.status_code == 200
    page = pending.content.decode()
    generated = Question.objects.filter(source="ai:offline", is_active=False)
    assert generated.count() == 2 and all(q.title in page for q in generated)


def test_expert_approves_or_rejects_pending_ai_questions_in_admin(admin_client, expert_client):
    generate(expert_client, {**SPEC, "count": 2})
    first, second = Question.objects.filter(status="pending_review").order_by("id")
    listing = admin_client.get("/admin/interviews/question/", {"status__exact": "pending_review"})
    assert first.title in listing.content.decode()

    # "Activate" alone cannot smuggle an unreviewed question into interviews.
    admin_client.post("/admin/interviews/question/", {"action": "activate", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.is_active is False and first.status == "pending_review"

    admin_client.post("/admin/interviews/question/", {"action": "approve", "_selected_action": [first.pk]})
    admin_client.post("/admin/interviews/question/", {"action": "reject", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.is_active) == ("approved", True)
    assert (second.status, second.is_active) == ("rejected", False)


def test_database_refuses_an_active_question_that_was_not_approved():
    from django.db import IntegrityError, transaction

    question = QuestionFactory(is_active=False, status="pending_review")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(is_active=True)


def test_an_unexpected_error_fails_the_job_instead_of_leaving_it_running(expert_client, monkeypatch):
    from interviews import generation

    def broken(*, job):
        raise KeyError("role vanished from the capabilities")

    monkeypatch.setattr(generation, "run_question_generation", broken)
    body = generate(expert_client, {**SPEC, "count": 2})
    assert body["status"] == "failed"
    job = QuestionGenerationJob.objects.get()
    assert job.error_code == "internal_error" and "internal error" in job.error_message


def test_generation_has_its_own_per_user_rate_limit(expert_client, settings):
    settings.AI_GENERATE_RATE = "2/hour"
    for _ in range(2):
        assert expert_client.post(URL, {**SPEC, "count": 1}, content_type="application/json").status_code == 202
    refused = expert_client.post(URL, {**SPEC, "count": 1}, content_type="application/json")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled" and "Retry-After" in refused
