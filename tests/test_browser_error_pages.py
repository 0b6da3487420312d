"""The refusals nobody had looked at in a browser: 413 (the request body past REQUEST_BODY_MAX_BYTES) and 429 (too many
requests), as a page, an htmx fragment and a script's fetch(). Each page is looked at at 1280 and 320 px: the site's
title, landmarks and look, a sentence saying what happened and what to do, no sideways scrolling, axe-core without a
serious or critical violation. Screenshots land in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import CandidateFactory
from interviewmaster.testing import sign_in_browser
from tests.test_pages_fit import fits_and_passes_axe

MB = 1024 * 1024


def _looks_like_the_site(page, width: int, name: str, screenshot) -> list[str]:
    """What every error page must have; returns the problems found (empty: none)."""
    problems = []
    if page.locator("header nav").count() != 1 or page.locator("main").count() != 1:
        problems.append(f"{name} at {width}px: no header navigation or main landmark")
    if page.evaluate("getComputedStyle(document.querySelector('.error-page')).textAlign") != "center":
        problems.append(f"{name} at {width}px: the site's stylesheet did not apply")
    return problems + fits_and_passes_axe(page, width, name, screenshot)


# daphne (the ASGI handler that refuses the body) shares the test database: PostgreSQL, as for the room's tests.
@pytest.mark.browser
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_body_past_the_ceiling_gets_the_sites_413_page_a_fragment_and_an_envelope(client, daphne_server, page,
                                                                                   screenshot, settings, tmp_path):
    """It was one text/plain line ("The request body is larger than 64 MB."): no page, no way back; an htmx request
    showed "That was refused (HTTP 413)" and a fetch() caller could not read it as JSON."""
    from studypaths.models import Problem
    from studypaths.services import load_problem_bank

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.REQUEST_BODY_MAX_BYTES = 1 * MB
    load_problem_bank()
    problem = Problem.objects.get(slug="two-sum")
    sign_in_browser(page.context, client, CandidateFactory(name="Ada Example"), daphne_server)
    big = tmp_path / "resume-with-scans.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (MB + MB // 2))

    problems = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(daphne_server + "/resumes/")
        page.set_input_files("#id_file", str(big))
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.click("button:has-text('Upload and analyse')")
        assert answer.value.status == 413
        page.wait_for_load_state()
        expect(page).to_have_title("Too large to send · InterviewMaster")
        text = page.locator("main").inner_text()
        assert "larger than 1 MB" in text and "Nothing was saved" in text and "at most 10 MB" in text
        expect(page.locator("header nav a", has_text="Profile")).to_have_count(1)  # drawn for the signed-in user
        problems += _looks_like_the_site(page, width, "413", screenshot)
        page.get_by_role("link", name="Back to the page").click()
        page.wait_for_url("**/resumes/")
    assert not problems, "\n".join(problems)

    # htmx: the problem page's "Run" result area shows the refusal in place.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{daphne_server}/studypaths/problems/{problem.slug}/")
    page.evaluate("""([url, size]) => htmx.ajax("POST", url, {target: "#run-result",
                       values: {language: "python", code: "x".repeat(size)}})""",
                  [f"/studypaths/problems/{problem.id}/run/", MB + 1000])
    result = page.locator("#run-result [role=alert]")
    expect(result).to_contain_text("larger than 1 MB")
    expect(result).to_contain_text("Send less")
    screenshot(page, "413-htmx")

    # fetch(): a script sending JSON reads the envelope, on a page's path and under /api/ alike.
    for path in (f"/studypaths/problems/{problem.id}/run/", "/api/v1/study-tasks/1/hint"):
        status, body = page.evaluate("""async ([path, size]) => {
            const r = await fetch(path, {method: "POST", credentials: "same-origin",
              headers: {"Content-Type": "application/json"}, body: JSON.stringify({code: "x".repeat(size)})});
            return [r.status, await r.json()]; }""", [path, MB + 1000])
        assert status == 413 and body["error"]["code"] == "request_too_large", (path, body)
        assert "1 MB" in body["error"]["message"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_too_many_password_resets_get_the_sites_429_page_with_retry_after(live_server, page, screenshot, settings):
    """allauth's rate limits answered with its bare "Too Many Requests" document: no title of ours, no landmarks,
    no styles, no word on when to try again."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    problems = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        statuses = []
        for _ in range(2):
            page.goto(live_server.url + "/accounts/password/reset/")
            page.fill("input[name=email]", "somebody@example.com")
            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.locator("main form button[type=submit]").click()
            statuses.append(answer.value.status)
            page.wait_for_load_state()
        assert statuses[-1] == 429, statuses
        assert answer.value.headers.get("retry-after", "").isdigit()
        expect(page).to_have_title("Too many requests · InterviewMaster")
        text = page.locator("main").inner_text()
        assert "not carried out" in text and "Wait" in text and "try again" in text
        problems += _looks_like_the_site(page, width, "429", screenshot)
    assert not problems, "\n".join(problems)
