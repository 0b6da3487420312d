"""Playwright: a candidate with an account finds an expert's invitation on their home page (no email needed), takes
it up, and the home page then leads to the lobby."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import CandidateFactory, ExpertFactory
from interviewmaster.moments import zoned_moment_text
from planning import invitations
from planning.models import InterviewPlan, Position
from planning.tests.conftest import run_on_commit
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_the_candidate_finds_the_invitation_at_home_and_reaches_the_lobby(live_server, page, screenshot):
    grace = CandidateFactory(email="grace@example.com", name="Grace Hopper", timezone="America/New_York")
    plan = InterviewPlanFactory(state="approved", candidate_email="grace@example.com", candidate_name="Grace",
                                expert=ExpertFactory(name="Erin Expert"))
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=PlanVersionFactory(plan=plan))
    Position.objects.filter(pk=plan.position_id).update(title="Backend engineer", department="Platform")
    plan.refresh_from_db()
    subject, body = invitations.default_message(plan)
    with run_on_commit():
        invitation = invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body)
    with timezone.override(ZoneInfo("America/New_York")):
        expires = zoned_moment_text(invitation.expires_at)  # "… EST": Grace's zone, named

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, grace)
    page.goto(live_server.url + "/")
    next_step = page.locator(".next-step")
    expect(next_step).to_contain_text("You are invited to an interview")
    expect(next_step).to_contain_text("Backend engineer (Platform) with Erin Expert")
    expect(next_step).to_contain_text(f"invitation open until {expires}")
    screenshot(page, "1-home-invited")
    next_step.get_by_role("button", name="View the invitation").click()
    expect(page.locator("h1")).to_contain_text("Interview for Backend engineer")
    page.get_by_role("button", name="Continue to the interview lobby").click()
    expect(page.locator("h1")).to_contain_text("Interview lobby: Backend engineer")
    lobby_url = page.url

    page.goto(live_server.url + "/interviews/")
    planned = page.locator("[data-planned-waiting]")
    expect(planned.locator("[data-pending-invitation]")).to_have_count(0)
    screenshot(page, "2-list-accepted")
    planned.get_by_role("button", name="Go to the lobby").click()
    page.wait_for_url(lobby_url)

    # Someone else signed in on the same site sees none of it.
    other = page.context.browser.new_context().new_page()
    login(other, live_server, CandidateFactory())
    other.goto(live_server.url + "/interviews/")
    expect(other.locator("[data-planned-waiting]")).to_have_count(0)
