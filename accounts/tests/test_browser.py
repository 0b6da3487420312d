"""Playwright: sign up → verification link from the outbox → verify → log in → edit the profile; and lockout."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "analytical-engine-42"


def test_signup_verify_login_and_edit_profile(live_server, page, screenshot, settings):
    settings.SITE_URL = live_server.url  # emailed links point at SITE_URL: here, the test server
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Sign up").first.click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    screenshot(page, "1-signup")
    page.locator("main").get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "Verify your email address" in page.locator("h1").inner_text()
    screenshot(page, "2-verification-sent")

    # Unverified: logging in does not get in.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    screenshot(page, "3-confirm")
    page.get_by_role("button", name="Confirm").click()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, "4-login")
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    assert "Welcome, Ada" in page.content()  # a first visit: not "Welcome back"
    expect(page.locator(".next-step").get_by_role("link", name="Upload your resume")).to_be_visible()

    page.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/accounts/profile/")
    page.get_by_label("Target role").select_option("backend_engineer")
    page.get_by_label("Experience level").select_option("senior")
    page.get_by_label("Preferred programming language").select_option("python")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/accounts/profile/")
    assert "Your profile is saved." in page.locator(".messages").inner_text()
    screenshot(page, "5-profile-saved")

    user = User.objects.get(email="ada@example.com")
    assert (user.name, user.target_role, user.experience_level, user.preferred_language, user.timezone) == (
        "Ada Lovelace", "backend_engineer", "senior", "python", "Europe/London")


def test_locked_account_shows_clear_message(live_server, page, screenshot):
    user = CandidateFactory(email="locked@example.com")
    page.goto(live_server.url + "/accounts/login/")
    for attempt in range(6):
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(f"wrong-password-{attempt}")
        page.locator("main").get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    alert = page.locator(".form-error").inner_text()
    assert "Too many failed logins" in alert
    screenshot(page, "locked")


def test_a_new_account_starts_in_the_browsers_time_zone(live_server, browser, screenshot):
    """Every account started on UTC: someone in Los Angeles saw their practice of 8 pm counted on the next day until
    they found the profile's setting. The sign-up form now sends the browser's zone."""
    context = browser.new_context(timezone_id="America/Los_Angeles")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your name").fill("Lin Pacific")
    page.get_by_label("Email").fill("lin@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    screenshot(page, "verification-sent")
    assert User.objects.get(email="lin@example.com").timezone == "America/Los_Angeles"
    context.close()


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/"], ids=["signup", "login"])
def test_the_account_card_keeps_clear_of_a_phones_edges(live_server, browser, screenshot, path):
    """At 375 px the sign-up card's borders sat on the screen's edges (its width was the viewport's, with no gutter):
    the card keeps a margin on both sides, and the page does not scroll sideways."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(live_server.url + path)
    screenshot(page, "375")
    card = page.locator("main#main").bounding_box()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert page_width <= 375, f"the page scrolls sideways ({page_width} px wide)"
    assert card["x"] >= 8 and 375 - (card["x"] + card["width"]) >= 8, card
