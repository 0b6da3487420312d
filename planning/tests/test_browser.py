"""Playwright: an expert plans an interview in admin (position, plan, draft + critique, edit, approve, invitation)
and the link from the console email brings the candidate through sign-up into the lobby."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, ExpertFactory
from interviews.tests.factories import QuestionFactory
from planning.models import InterviewPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PROMPT = "Design a rate limiter in Python backed by Redis and explain the data structure you chose."


def log_in_to_admin(page, base: str) -> None:
    page.goto(base + "/admin/")
    page.get_by_label("Email").fill("expert@example.com")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def create_position_and_plan(page, base: str, screenshot) -> None:
    page.goto(base + "/admin/planning/position/add/")
    page.get_by_label("Title").fill("Backend engineer")
    page.get_by_label("Department").fill("Platform")
    page.get_by_label("Role").select_option("backend_engineer")
    page.get_by_label("Required skills").fill("Python, PostgreSQL, Redis")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(base + "/admin/planning/interviewplan/add/")
    page.get_by_label("Position").select_option(label="Backend engineer (Platform)")
    page.get_by_label("Candidate name").fill("Grace Hopper")
    page.get_by_label("Candidate email").fill("grace@example.com")
    screenshot(page, "1-new-plan")
    page.get_by_role("button", name="Save", exact=True).click()
    # The agents draft and critique it.
    expect(page.locator("#plan-state")).to_have_text("Pending expert review", timeout=20_000)
    expect(page.locator("#critique-heading")).to_contain_text("Critique of v1")
    expect(page.locator(".plan-card")).to_have_count(4)
    screenshot(page, "2-draft-and-critique")


def edit_first_question(page, screenshot) -> None:
    page.get_by_role("link", name="Edit questions").click()
    first = page.locator("#edit-question-1")
    first.get_by_label("Prompt").fill(NEW_PROMPT)
    first.get_by_label("Difficulty").select_option("hard")
    # The harder first question takes five minutes more: an easier second one keeps the plan within its duration,
    # or approval would be refused.
    page.locator("#edit-question-2").get_by_label("Difficulty").select_option("easy")
    page.get_by_label("Reason").select_option("too_easy")
    screenshot(page, "3-edit-questions")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 2")
    expect(page.locator("#question-1")).to_contain_text(NEW_PROMPT)


def approve_and_invite(page, screenshot) -> None:
    # The critique of the harder mix asks for a revision: Approve lists its points and asks the expert to confirm.
    box = page.locator("#critique-open")
    expect(box).to_contain_text("The critique's verdict is revise")
    page.get_by_label("Approve despite the critique's points").check()
    screenshot(page, "3b-decision-over-critique")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("Plan approved")
    expect(page.locator("#plan-state")).to_have_text("Approved")
    page.get_by_label("Subject").fill("Your interview at ACME")
    body = page.get_by_label("Message (the personal link is added below it)")
    body.fill(body.input_value() + "\n\nPS: the interview is in English.")
    screenshot(page, "4-invitation")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".messagelist")).to_contain_text("Invitation sent to grace@example.com")
    expect(page.locator("#plan-state")).to_have_text("Invited")
    screenshot(page, "5-invited")


def candidate_signs_up_from_the_link(candidate, link: str, screenshot) -> None:
    candidate.goto(link)
    expect(candidate.locator("h1")).to_contain_text("Interview for Backend engineer")
    screenshot(candidate, "6-invitation-page")
    candidate.locator("main").get_by_role("button", name="Sign up").click()
    candidate.get_by_label("Your name").fill("Grace Hopper")
    expect(candidate.get_by_label("Email")).to_have_value("grace@example.com")  # the invited address, read-only
    candidate.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    candidate.get_by_label("Password (again)").fill(DEFAULT_PASSWORD)
    candidate.locator("main").get_by_role("button", name="Sign up").click()
    candidate.get_by_role("button", name="Continue to the interview lobby").click()
    expect(candidate.locator("h1")).to_contain_text("Interview lobby: Backend engineer")
    expect(candidate.locator("main")).not_to_contain_text(NEW_PROMPT)  # candidates never see the plan
    screenshot(candidate, "7-lobby")
    # The way back from the site: the dashboard's next step leads to the lobby, as the interview list does.
    lobby_url = candidate.url
    candidate.get_by_role("link", name="Dashboard").click()
    next_step = candidate.locator(".next-step")
    expect(next_step).to_contain_text("Your planned interview is waiting for you")
    screenshot(candidate, "7b-dashboard")
    next_step.get_by_role("button", name="Go to the lobby").click()
    candidate.wait_for_url(lobby_url)
    candidate.get_by_role("button", name="Start the interview").click()
    candidate.wait_for_url(re.compile(r".*/interviews/\d+/$"))
    expect(candidate.locator("h1")).to_contain_text("Interview for Backend engineer")  # as the invitation says
    screenshot(candidate, "8-room")


def test_expert_plans_and_invites_and_candidate_reaches_the_lobby(live_server, page, browser, screenshot, settings):
    settings.SITE_URL = live_server.url
    QuestionFactory(prompt="Write a Python function that groups log lines by request id and counts errors.",
                    tags=["python", "hashing"])
    ExpertFactory(email="expert@example.com", name="Erin Expert")
    page.set_viewport_size({"width": 1440, "height": 1000})
    log_in_to_admin(page, live_server.url)
    create_position_and_plan(page, live_server.url, screenshot)
    edit_first_question(page, screenshot)
    approve_and_invite(page, screenshot)

    # The console email's link: the candidate signs up with the invited address and lands in the lobby.
    message = mail.outbox[-1]
    assert message.subject == "Your interview at ACME" and "in English" in message.body
    link = re.search(r"https?://\S+/planning/invite/\S+", message.body).group(0)
    assert link.startswith(live_server.url)
    candidate = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    candidate_signs_up_from_the_link(candidate, link, screenshot)
    plan = InterviewPlan.objects.get()
    assert plan.candidate.email == "grace@example.com" and plan.session.is_planned
    assert plan.session.expert.email == "expert@example.com"


def test_cancelling_a_plan_asks_first_and_a_no_keeps_it(live_server, page, screenshot):
    """Cancel plan went off at the first click: it withdraws the candidate's link and ends a running interview, with
    no way back. It asks now; dismissing the question leaves the plan as it was."""
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

    expert = ExpertFactory(email="expert@example.com", name="Erin Expert")
    plan = InterviewPlanFactory(expert=expert, state="invited", candidate_name="Grace Hopper")
    version = PlanVersionFactory(plan=plan)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_to_admin(page, live_server.url)
    page.goto(f"{live_server.url}/admin/planning/interviewplan/{plan.id}/change/")
    asked = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Cancel plan").click()
    expect(page.locator("#plan-state")).to_have_text("Invited")
    assert asked == ["Cancel this plan? The candidate's invitation link stops working. This cannot be undone."]
    plan.refresh_from_db()
    assert plan.state == "invited"

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Cancel plan").click()
    expect(page.locator(".messagelist")).to_contain_text("Plan cancelled.")
    expect(page.locator("#plan-state")).to_have_text("Cancelled")
    screenshot(page, "cancelled")
    assert len(asked) == 2
