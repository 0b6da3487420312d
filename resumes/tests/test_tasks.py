"""The parse runs end to end on a real Celery worker through Redis (CI), default and ai queues."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from resumes.models import Resume, ResumeStatus
from resumes.tests import documents


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_upload_is_parsed_to_ready_by_a_real_worker(celery_worker_real, settings, tmp_path):
    from interviewmaster.celery import app

    assert app.conf.broker_url.startswith("redis://") and not app.conf.task_always_eager
    client = APIClient()
    client.force_authenticate(CandidateFactory())
    response = client.post("/api/v1/resumes/", {"file": SimpleUploadedFile("cv.pdf", documents.pdf_bytes())},
                           format="multipart")
    assert response.status_code == 202
    status_url = response.json()["status_url"]
    seen, deadline = [], time.monotonic() + 30
    while time.monotonic() < deadline:
        body = client.get(status_url).json()
        seen.append(body["status"])
        if body["done"]:
            break
        time.sleep(0.05)
    assert body["state"] == "succeeded", body
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.READY and resume.progress == 100
    assert resume.skills.filter(name="Kubernetes").exists()
    assert resume.analysis["suggested_roles"]
    statuses = list(resume.events.values_list("to_status", flat=True))
    assert statuses == ["uploaded", "extracting", "analysing", "ready"]
