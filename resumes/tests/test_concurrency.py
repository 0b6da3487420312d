"""Simultaneous uploads of one candidate on PostgreSQL: real threads, each with its own connection."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from interviewmaster.tests.pg_locks import held_while_the_other_runs
from resumes.models import Resume, ResumeStatus
from resumes.tests import documents
from resumes.tests.factories import ResumeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _upload_at_once(candidate, count: int) -> list:
    """`count` uploads of one PDF by `candidate`, released together; each one's status code, or the name of the
    exception a 500 surfaced as."""
    content = documents.pdf_bytes()
    barrier = Barrier(count)

    def post(_):
        client = APIClient()
        client.force_authenticate(candidate)
        barrier.wait(timeout=10)
        try:
            return client.post("/api/v1/resumes/", {"file": SimpleUploadedFile("r1.pdf", content)},
                               format="multipart").status_code
        except Exception as exc:  # noqa: BLE001 - a 500 surfaces here as the view's exception
            return type(exc).__name__
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(post, range(count)))


def test_simultaneous_first_uploads_all_succeed_with_one_active_and_no_file_without_its_row(settings):
    """Three first uploads at once (two tabs and a retry): each answers 202, exactly one resume is active, and every
    file in storage belongs to a row (the losers used to hit the one-active constraint: 500, and an orphaned file)."""
    candidate = CandidateFactory()
    assert _upload_at_once(candidate, 3) == [202, 202, 202]
    rows = Resume.objects.filter(owner=candidate)
    assert rows.count() == 3 and rows.filter(is_active=True).count() == 1
    assert set(rows.values_list("status", flat=True)) == {ResumeStatus.READY}
    stored = {str(p.relative_to(settings.MEDIA_ROOT)) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert stored == set(rows.values_list("file", flat=True))


def test_simultaneous_uploads_cannot_pass_the_quota_together(settings):
    """With room for one more resume, three uploads at once store one; the others get 409 and leave no file."""
    settings.RESUME_MAX_PER_USER = 1
    candidate = CandidateFactory()
    assert sorted(_upload_at_once(candidate, 3), key=str) == [202, 409, 409]
    rows = Resume.objects.filter(owner=candidate)
    assert rows.count() == 1
    stored = {str(p.relative_to(settings.MEDIA_ROOT)) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert stored == set(rows.values_list("file", flat=True))


def test_activating_one_resume_while_another_is_reparsed_does_not_deadlock(monkeypatch):
    """The contract run found it (a 503 "database is busy" on activate): a re-parse holds its resume's row and then
    records the event naming its actor (a foreign key to the user, which takes a key-share lock on the user row); an
    activation meanwhile holds the owner's row FOR UPDATE and waits for that resume's row to clear `is_active`. The
    owner lock was FOR UPDATE, which conflicts with a key-share lock: each waited for the other and PostgreSQL killed
    one. FOR NO KEY UPDATE serialises the owner's resume writes just the same and lets foreign keys to the user in."""
    from resumes import services

    candidate = CandidateFactory()
    reparsed = ResumeFactory(owner=candidate, is_active=True)
    chosen = ResumeFactory(owner=candidate)
    monkeypatch.setattr(services, "_enqueue_parse", lambda resume: None)  # the parse itself is not the point
    results = held_while_the_other_runs(
        monkeypatch, hold=(services, "transition"),  # the re-parse holds its resume row there
        first=lambda: services.reparse_resume(resume=Resume.objects.get(id=reparsed.id), actor=candidate).status,
        then=lambda: services.set_active_resume(resume=Resume.objects.get(id=chosen.id), actor=candidate).id)
    assert results == (ResumeStatus.UPLOADED, chosen.id)
    assert list(Resume.objects.filter(owner=candidate, is_active=True).values_list("id", flat=True)) == [chosen.id]
