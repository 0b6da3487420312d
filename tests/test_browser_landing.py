"""Browser test: the landing page renders its layout in Debian's Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_landing_page_layout_renders(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("header nav").is_visible()
    assert "Walk into your next technical interview" in page.locator("h1").inner_text()
    assert page.locator(".features article").count() == 6
    # The stylesheet from npm is served: Pico sets the body font and grid.
    display = page.evaluate("getComputedStyle(document.querySelector('.features')).display")
    assert display == "grid"
    assert page.evaluate("typeof window.htmx") == "object"
    path = screenshot(page, "landing")
    assert path.stat().st_size > 10_000


def test_header_wraps_on_a_narrow_screen_for_a_signed_in_candidate(live_server, page, screenshot, client):
    from accounts.tests.factories import CandidateFactory
    from interviewmaster.testing import sign_in_browser

    sign_in_browser(page.context, client, CandidateFactory(email="narrow@example.com"), live_server.url)
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(live_server.url + "/")
    assert page.locator("header nav a", has_text="Study paths").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "narrow-header")


def test_the_api_docs_draw_under_the_content_security_policy(live_server, page):
    """Swagger UI from local files; its page's inline <style> carries the nonce (the `context` fixture fails the test
    on any policy refusal, which this page had)."""
    page.goto(live_server.url + "/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # the inline <style> applied
