"""Browser flow: upload a PDF, watch the progress bar reach ready, edit skills (Playwright + Debian Chromium)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.tests.factories import CandidateFactory
from resumes import services
from resumes.models import Resume
from resumes.tests import documents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_upload_watch_progress_to_ready_and_edit_skills(live_server, page, screenshot, tmp_path, monkeypatch,
                                                        settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The parse is driven step by step from the test so each stage of the progress bar can be seen.
    monkeypatch.setattr(services, "_enqueue_parse", lambda resume: None)
    login(page, live_server, CandidateFactory(name="Jane Example"))
    pdf = tmp_path / "jane-resume.pdf"
    pdf.write_bytes(documents.pdf_bytes())

    page.goto(live_server.url + "/resumes/")
    page.set_input_files("#id_file", str(pdf))
    page.select_option("#id_target_role", "backend_engineer")
    screenshot(page, "1-upload-form")
    page.click("button:has-text('Upload and analyse')")
    page.wait_for_url("**/resumes/*/")
    progress = page.locator("#parse-progress progress")
    assert progress.get_attribute("value") == "5"
    assert page.locator("#parse-progress").get_attribute("data-status") == "uploaded"

    resume = Resume.objects.get()
    assert services.parse_resume(resume_id=resume.id) is True  # → analysing, 70 %
    # (no wait_for_function: it evaluates a string, which the Content-Security-Policy rightly refuses)
    expect(page.locator("#parse-progress progress")).to_have_js_property("value", 70, timeout=10_000)
    assert "Analysing" in page.locator("#progress-label").inner_text()
    screenshot(page, "2-progress-analysing")

    assert services.analyse_resume(resume_id=resume.id) is True  # → ready: the page reloads itself
    page.wait_for_selector("#skills", timeout=10_000)
    assert page.locator("#parse-progress").count() == 0
    assert page.locator(".skill[data-skill='kubernetes']").is_visible()
    assert "Backend Engineer" in page.locator(".analysis").inner_text()
    screenshot(page, "3-ready-with-skills")

    # Confirm one skill, remove another, add one by alias.
    page.click(".skill[data-skill='python'] button:has-text('Confirm')")
    page.wait_for_selector(".skill[data-skill='python'] .badge-confirmed")
    page.click(".skill[data-skill='java'] button:has-text('Remove')")
    page.wait_for_selector(".skill[data-skill='java']", state="detached")
    page.fill("#new-skill", "golang")
    page.click("button:has-text('Add skill')")
    page.wait_for_selector(".skill[data-skill='go'] .badge-confirmed")
    screenshot(page, "4-skills-edited")

    statuses = dict(resume.skills.values_list("skill_id", "status"))
    assert statuses["python"] == "confirmed" and statuses["java"] == "removed" and statuses["go"] == "confirmed"

    # Confirming every skill drops "Confirm all suggested" and the step that said to confirm them (swapped out of band).
    expect(page.locator("#next-step")).to_contain_text("confirm the skills that are yours")
    page.click("button:has-text('Confirm all suggested')")
    expect(page.get_by_role("button", name="Confirm all suggested")).to_have_count(0)
    expect(page.locator("#next-step")).not_to_contain_text("confirm the skills")
    expect(page.locator("#next-step")).to_contain_text("start a practice interview")
    screenshot(page, "5-every-skill-confirmed")


def test_a_europass_docx_in_two_columns_reads_its_jobs_and_tools(live_server, page, screenshot, tmp_path,
                                                                 monkeypatch, settings):
    """A resume laid out the European way (day-first dates in brackets, employer under the role, a sidebar of
    tools): the page lists each job with its employer and dates and groups the tools by field."""
    from resumes.tests import resume_set

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(services, "_enqueue_parse", lambda resume: None)
    login(page, live_server, CandidateFactory(name="Katarzyna Nowak"))
    spec = next(s for s in resume_set.load("tuning") if s["id"] == "t110")
    docx = tmp_path / "europass.docx"
    docx.write_bytes(resume_set.render(spec))

    page.goto(live_server.url + "/resumes/")
    page.set_input_files("#id_file", str(docx))
    page.click("button:has-text('Upload and analyse')")
    page.wait_for_url("**/resumes/*/")
    resume = Resume.objects.get()
    assert services.parse_resume(resume_id=resume.id) is True
    assert services.analyse_resume(resume_id=resume.id) is True
    page.wait_for_selector("#skills", timeout=10_000)
    text = page.locator("main").inner_text()
    for employer in ("Nokia Solutions and Networks", "Capgemini Polska Sp. z o.o.", "Comarch S.A."):
        assert employer in text
    assert page.locator(".skill[data-skill='selenium']").is_visible()
    assert page.locator(".skill[data-skill='jmeter']").is_visible()
    screenshot(page, "europass-ready")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "europass-320")


def test_a_long_file_name_wraps_and_keeps_the_history_columns_on_screen(live_server, page, screenshot, tmp_path,
                                                                        settings):
    """A 200-character name without a space (what a 300-character upload is shortened to) wraps in its cell: at
    1280 px Status, Skills and the actions stay on screen; at 320 px the row is a card (`stack-table`): the name
    wraps across it, Status, Skills and the actions on screen below it, and the page does not scroll sideways."""
    from resumes.tests.factories import ResumeFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    candidate = CandidateFactory()
    ResumeFactory(owner=candidate, original_filename="a" * 196 + ".pdf", is_active=True)
    login(page, live_server, candidate)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/resumes/")
    screenshot(page, "long-name-1280")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    table = page.locator("#history-heading + div").bounding_box()  # the table's scroll box
    for cell in ("td:nth-child(3)", "td:nth-child(4)", "td.actions button"):
        box = page.locator(f"tbody tr {cell}").first.bounding_box()
        assert box["x"] + box["width"] <= table["x"] + table["width"] + 1, cell
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + "/resumes/")
    screenshot(page, "long-name-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    name = page.locator("tbody tr td.file-name").first.bounding_box()
    assert name["x"] >= 0 and name["x"] + name["width"] <= 320 and name["height"] > 40  # wrapped, on screen
    for cell in ("td:nth-child(3)", "td:nth-child(4)", "td.actions button"):
        box = page.locator(f"tbody tr {cell}").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, cell


def test_a_resume_larger_than_one_block_downloads_whole_when_served_over_asgi(client, daphne_server, page, tmp_path,
                                                                               settings, monkeypatch):
    """Under ASGI the file is streamed block by block, and Django gzipped each block as a gzip member of its own:
    Chromium saved the first 64 KB of a 300 KB resume and said nothing."""
    import os

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interviewmaster.testing import sign_in_browser

    user = CandidateFactory(name="Jane Example")
    data = documents.pdf_bytes() + b"\n%" + os.urandom(300_000).replace(b"\n", b"x").replace(b"\r", b"x") + b"\n"
    monkeypatch.setattr(services, "_enqueue_parse", lambda resume: None)  # the download is what is tested
    resume = services.upload_resume(owner=user, file=SimpleUploadedFile("jane.pdf", data,
                                                                        content_type="application/pdf"))
    sign_in_browser(page.context, client, user, daphne_server)
    page.goto(f"{daphne_server}/resumes/{resume.id}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    saved = download.value.path()
    assert os.path.getsize(saved) == len(data)
    with open(saved, "rb") as handle:
        assert handle.read() == data
