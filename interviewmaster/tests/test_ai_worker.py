"""Worker mode: a real Celery worker (Redis broker) runs the AI tasks while the provider misbehaves (issue 18)."""

from __future__ import annotations

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from interviewmaster.ai.chain import get_chain
from interviewmaster.models import ProviderUsage
from resumes.models import Resume, ResumeStatus
from resumes.tests import documents

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

BUDGET = 2.0


@pytest.fixture
def hanging_provider(misbehaving_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.AI_TASK_BUDGETS = {"analyze_resume": BUDGET}
    settings.AI_USAGE_FLUSH_SECONDS = 0
    settings.AI_PROVIDERS = json.dumps([misbehaving_server.provider_entry(backoff=0.05, max_backoff=0.5)])
    misbehaving_server.mode = "hang"
    misbehaving_server.retry_after = 0.1
    misbehaving_server.drip_interval = 0.1
    return misbehaving_server


def _wait_until_done(client, status_url: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(status_url).json()
        if body["done"]:
            return body
        time.sleep(0.05)
    raise AssertionError(f"not done after {timeout}s: {body}")


def test_resume_uploaded_while_the_provider_hangs_is_parsed_with_the_offline_analysis(celery_worker_real,
                                                                                      hanging_provider):
    from interviewmaster.celery import app

    assert app.conf.broker_url.startswith("redis://") and not app.conf.task_always_eager
    client = APIClient()
    client.force_authenticate(CandidateFactory())
    started = time.monotonic()
    response = client.post("/api/v1/resumes/", {"file": SimpleUploadedFile("cv.pdf", documents.pdf_bytes())},
                           format="multipart")
    assert response.status_code == 202
    body = _wait_until_done(client, response.json()["status_url"], timeout=30)
    took = time.monotonic() - started
    assert body["state"] == "succeeded", body
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.READY
    assert resume.analysis["source"] == "taxonomy" and resume.analysis["suggested_roles"]
    assert hanging_provider.tasks == ["analyze_resume"]  # the provider was asked, and hung
    assert took < BUDGET + 8, f"{took:.1f}s"  # parse + the analysis budget + worker pick-up, not minutes
    usage = ProviderUsage.objects.get(provider="misbehaving")
    assert usage.failures == 1 and "timed out" in usage.last_error
    status = {row["name"]: row for row in get_chain().status()}["misbehaving"]
    assert status["healthy"] is False


MODES = ["500", "429", "hang", "drip", "malformed", "bad_usage", "deep_json", "huge_valid", "huge_invalid",
         "injection"]


def test_every_misbehaviour_becomes_the_offline_analysis_on_a_real_worker(celery_worker_real, hanging_provider):
    from resumes.tasks import analyse_resume

    owner = CandidateFactory()
    for mode in MODES:
        get_chain().breakers["misbehaving"].reset()  # each mode meets a closed circuit
        hanging_provider.mode = mode
        resume = Resume.objects.create(
            owner=owner, original_filename="cv.pdf", kind="pdf", size_bytes=100, sha256=f"{mode:0>64}"[:64],
            status=ResumeStatus.ANALYSING, text="Backend engineer since 2019: Python, Django, PostgreSQL, Redis.",
            facts={"years_experience": 6, "positions": [{"title": "Backend Engineer", "company": "Acme"}]})
        started = time.monotonic()
        outcome = analyse_resume.delay(resume.id).get(timeout=30)
        took = time.monotonic() - started
        resume.refresh_from_db()
        assert (mode, outcome, resume.analysis.get("source")) == (mode, "ready", "taxonomy")
        assert took < BUDGET + 2, f"{mode}: {took:.1f}s"
    usage = ProviderUsage.objects.get(provider="misbehaving")
    assert usage.failures == usage.calls == len(MODES)
    # every HTTP request the server saw is counted: retries of 500/429 and the repair of the injection included
    assert usage.requests == len(hanging_provider.requests) >= len(MODES) + 5
