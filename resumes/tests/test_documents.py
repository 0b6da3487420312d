"""Each kind of file a candidate may send, uploaded through the API (Celery eager), with its expected outcome."""

import re
import time

import pytest

from resumes.models import Resume, ResumeStatus
from resumes.tests import documents

pytestmark = pytest.mark.django_db


def test_one_column_pdf_is_parsed_to_ready_with_skills_and_facts(upload):
    response = upload(documents.pdf_bytes(), "jane.pdf")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.READY and resume.progress == 100
    names = set(resume.skills.values_list("name", flat=True))
    assert {"Python", "Django", "PostgreSQL", "Kubernetes", "Terraform", "Java", "Spring Boot", "Apache Kafka",
            "Celery", "REST APIs"} <= names
    assert resume.facts["titles"][:2] == ["Senior Backend Engineer", "Software Engineer"]
    assert resume.facts["education"][0]["institution"] == "University of Example"
    assert resume.facts["contacts"]["email"] == "jane.example@example.com"
    assert resume.page_count == 1
    assert resume.analysis["seniority"]["level"] in {"senior", "staff"}
    assert resume.analysis["suggested_roles"][0]["role"] == "backend_engineer"


def test_two_column_pdf_keeps_each_column_together(upload):
    left = ["EXPERIENCE", "Senior Data Engineer at Datacorp", "March 2019 - Present",
            "Built Spark and Airflow pipelines", "feeding Snowflake every hour", "Data Engineer at Beta",
            "2016 - 2019", "Wrote Kafka consumers in Scala"]
    right = ["SKILLS", "Python, SQL, Scala", "Apache Spark, Airflow", "Snowflake, dbt", "EDUCATION",
             "MSc Data Science", "University of Data", "2016"]
    response = upload(documents.two_column_pdf_bytes(left, right), "two-col.pdf")
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.READY
    text = resume.text
    # Row-by-row drawing would interleave the columns; we read the left column, then the right one.
    assert text.index("Built Spark and Airflow pipelines") < text.index("feeding Snowflake every hour")
    assert "Airflow pipelines\nfeeding Snowflake" in text
    assert text.index("Wrote Kafka consumers in Scala") < text.index("SKILLS")
    assert "Python, SQL, Scala\nApache Spark, Airflow" in text
    assert resume.facts["positions"][0]["title"] == "Senior Data Engineer"
    assert resume.facts["education"][0]["degree"] == "MSc Data Science"


def test_docx_with_table_header_and_footer_is_read_completely(upload):
    content = documents.docx_bytes(
        ["Alex Doe", "EXPERIENCE", "Frontend Developer at Webshop | 2021 - Present", "Built the checkout in React."],
        table=[["Skill", "Level"], ["TypeScript", "Expert"], ["GraphQL", "Good"]],
        header="Alex Doe · alex@example.org", footer="Portfolio: github.com/alexdoe",
    )
    response = upload(content, "alex.docx")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.READY and resume.kind == "docx"
    assert "TypeScript | Expert" in resume.text
    assert resume.text.startswith("Alex Doe · alex@example.org")
    assert resume.text.rstrip().endswith("Portfolio: github.com/alexdoe")
    assert {"React", "TypeScript", "GraphQL"} <= set(resume.skills.values_list("name", flat=True))
    assert resume.facts["contacts"]["github"] == "github.com/alexdoe"


def test_encrypted_pdf_fails_and_says_it_is_password_protected(upload):
    response = upload(documents.encrypted_pdf_bytes(), "locked.pdf")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.FAILED
    assert resume.failure_code == "encrypted_pdf"
    assert "password-protected" in resume.failure_reason


def test_image_only_pdf_fails_and_says_there_is_no_text_layer(upload):
    response = upload(documents.image_only_pdf_bytes(), "scan.pdf")
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.FAILED
    assert resume.failure_code == "no_text_layer"
    assert "no text layer" in resume.failure_reason and "scanned" in resume.failure_reason


def test_pdf_with_thousands_of_pages_fails_on_the_page_cap_without_reading_them(upload, settings):
    response = upload(documents.many_pages_pdf_bytes(3000), "huge.pdf")
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.FAILED
    assert resume.failure_code == "too_many_pages"
    assert f"has 3000 pages; a resume may have at most {settings.RESUME_MAX_PAGES}" in resume.failure_reason


def test_docx_zip_bomb_fails_before_being_unpacked(upload):
    bomb = documents.zip_bomb_docx_bytes(200)
    assert len(bomb) < 1_000_000  # small on the wire, 200 MB unpacked
    response = upload(bomb, "bomb.docx")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.FAILED
    assert resume.failure_code == "docx_zip_bomb"
    assert re.search(r"would unpack to 20\d MB", resume.failure_reason)
    assert resume.text == ""


def test_pdf_decompression_bomb_fails_fast_as_too_large_not_as_damaged(upload):
    bomb = documents.deflate_bomb_pdf_bytes(300)
    assert len(bomb) < 1_500_000  # about 1 MB on the wire, 300 MB of page content unpacked
    started = time.monotonic()
    response = upload(bomb, "bomb.pdf")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.FAILED
    assert resume.failure_code == "pdf_too_large"
    assert "more text than a resume can (over 75 MB once unpacked)" in resume.failure_reason
    assert "DOCX" in resume.failure_reason and "damaged" not in resume.failure_reason
    assert resume.text == ""
    assert time.monotonic() - started < 20  # stopped at the unpacking limit, not read to the end


def test_corrupt_pdf_is_rejected_at_upload_with_415(upload):
    response = upload(documents.corrupt_pdf_bytes(), "broken.pdf")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_file"
    assert "cannot be opened" in response.json()["error"]["message"]
    assert not Resume.objects.exists()


def test_pdf_damaged_in_storage_after_upload_fails_with_a_reason(upload, django_capture_on_commit_callbacks):
    response = upload(documents.pdf_bytes(), "ok.pdf")
    resume = Resume.objects.get(id=response.json()["id"])
    with resume.file.open("wb") as handle:
        handle.write(documents.corrupt_pdf_bytes())
    from resumes.services import reparse_resume

    with django_capture_on_commit_callbacks(execute=True):
        reparse_resume(resume=resume, actor=resume.owner)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED
    assert resume.failure_code == "corrupt_pdf" and "damaged" in resume.failure_reason


def test_renamed_exe_is_rejected_by_content_with_415(upload):
    response = upload(documents.exe_bytes(), "resume.pdf")
    assert response.status_code == 415
    assert "Windows program" in response.json()["error"]["message"]
    assert not Resume.objects.exists()


def test_pdf_named_docx_is_accepted_by_its_content(upload):
    response = upload(documents.pdf_bytes(), "resume.docx")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.kind == "pdf" and resume.status == ResumeStatus.READY
    assert resume.file.name.endswith(".pdf")


def test_plain_zip_is_not_a_docx(upload):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    response = upload(out.getvalue(), "resume.docx")
    assert response.status_code == 415
    assert "not a Word (DOCX) document" in response.json()["error"]["message"]


def test_empty_file_is_rejected_with_400(upload):
    response = upload(b"", "empty.pdf")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty_file"


def test_file_over_10_mb_is_rejected_with_413(upload):
    big = documents.pdf_bytes() + b"%" + b"0" * (10 * 1024 * 1024)
    response = upload(big, "big.pdf")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert not Resume.objects.exists()


@pytest.mark.parametrize(("message", "figure"), [
    ("Limit reached while decompressing. 1024 bytes remaining.", " (over 75 MB once unpacked)"),
    ("Stream decoding exceeded the maximum accumulated decoding work of 300000000 bytes.", " once unpacked"),
    ("Limit reached while decompressing.", " (over 75 MB once unpacked)")])
def test_a_pdf_stopped_at_either_unpacking_limit_is_too_large_and_names_only_a_size_it_knows(message, figure):
    """pypdf stops a stream at its zlib output limit (a size) or at its accumulated decoding work (other filters, no
    size of text): both are "too large", and only the first gives a figure (the message named the zlib limit's
    75 MB for either). Other limits (a loop in the page tree) stay "damaged"."""
    from pypdf.errors import LimitReachedError

    from resumes.extraction import ExtractionFailed, _pages_text

    class Reader:
        def __init__(self, error):
            self.error = error

        @property
        def pages(self):
            raise self.error

    with pytest.raises(ExtractionFailed) as failed:
        _pages_text(Reader(LimitReachedError(message)))
    assert failed.value.code == "pdf_too_large"
    assert f"more text than a resume can{figure}; it was not read" in str(failed.value)
    with pytest.raises(ExtractionFailed) as failed:
        _pages_text(Reader(LimitReachedError("Maximum recursion depth reached during page flattening.")))
    assert failed.value.code == "corrupt_pdf"
