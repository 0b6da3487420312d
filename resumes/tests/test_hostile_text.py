"""Issue 17 item 1: one resume must not freeze the server. Uploads through the API with text built to make the parser
slow, a parse that never ends, and the web process's responsiveness while a parse holds the GIL in C."""

from __future__ import annotations

import re
import threading
import time

import pytest

from resumes import isolation, services
from resumes.models import Resume, ResumeStatus
from resumes.tests import documents

pytestmark = pytest.mark.django_db


def test_docx_with_one_150000_letter_word_parses_quickly_through_the_api(upload, api):
    """The email pattern was quadratic on a long run of letters: this upload took 23 s and blocked /health."""
    word = "a" * 150_000
    started = time.monotonic()
    body = upload(documents.docx_bytes(["Jane Doe", "jane@example.com", "Skills", "Python, Django", word]),
                  "cv.docx").json()
    elapsed = time.monotonic() - started
    resume = Resume.objects.get(id=body["id"])
    assert resume.status == ResumeStatus.READY, resume.events.values_list("detail", flat=True)
    assert resume.facts["contacts"]["email"] == "jane@example.com"
    assert elapsed < 10


def test_text_of_a_million_letters_without_spaces_is_cut_to_the_bound(settings, upload):
    settings.RESUME_MAX_TEXT_CHARS = 50_000
    body = upload(documents.docx_bytes(["Jane Doe", "Skills: Python, Django", "x" * 1_100_000]), "cv.docx").json()
    resume = Resume.objects.get(id=body["id"])
    assert resume.status == ResumeStatus.READY
    assert len(resume.text) <= 50_000


def _never_ends(data: bytes, kind: str):
    while True:
        pass


def test_a_parse_that_never_ends_is_killed_at_the_deadline_and_the_resume_fails_with_a_reason(
        settings, monkeypatch, upload, api):
    settings.RESUME_PARSE_TIMEOUT_SECONDS = 1
    monkeypatch.setattr(services, "read_and_parse", _never_ends)
    started = time.monotonic()
    body = upload(documents.pdf_bytes(), "cv.pdf").json()
    assert time.monotonic() - started < 5
    task = api.get(body["status_url"]).json()
    assert task["state"] == "failed" and task["failure_code"] == "timeout"
    assert "took too long" in task["failure_reason"]


def _quadratic_regex(text: str):
    """The pattern issue 17 found: a C-level regex that holds the GIL and ignores signals."""
    return re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").search(text)


def test_the_web_process_stays_responsive_while_a_parse_holds_the_gil_and_the_deadline_really_stops_it():
    outcome = {}

    def parse():
        started = time.monotonic()
        try:
            isolation.call_with_deadline(_quadratic_regex, "a" * 400_000, seconds=1.5)
        except isolation.ParseTimedOut:
            outcome["timed_out_after"] = time.monotonic() - started

    worker = threading.Thread(target=parse)
    worker.start()
    gaps, last = [], time.monotonic()
    while worker.is_alive():  # the "web process": a tick every 10 ms; a held GIL would stall it for seconds
        time.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now
    worker.join()
    assert 1.4 < outcome["timed_out_after"] < 3
    assert max(gaps) < 0.5


def test_an_error_in_the_child_comes_back_as_extraction_failed_or_runtime_error():
    from resumes.errors import ExtractionFailed

    with pytest.raises(ExtractionFailed) as failed:
        isolation.call_with_deadline(services.read_and_parse, b"not a pdf", "pdf", seconds=10)
    assert failed.value.code == "corrupt_pdf"
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        isolation.call_with_deadline(lambda: 1 / 0, seconds=10)


def test_a_child_over_its_memory_cap_fails_with_too_complex():
    from resumes.errors import ExtractionFailed

    def hog():
        return bytearray(400 * 1024 * 1024)

    with pytest.raises(ExtractionFailed) as failed:
        isolation.call_with_deadline(hog, seconds=10, memory_mb=64)
    assert failed.value.code == "too_complex"
