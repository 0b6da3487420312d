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
