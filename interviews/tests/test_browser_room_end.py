"""Playwright (daphne, PostgreSQL): the room of an expert-written question heads it "Question 1 of 1", not with its
prompt cut off, and after the last answer the room's main state is the interview's end, with a link to the report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviewmaster.testing import sign_in_browser
from interviews.models import InterviewSession

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PROMPT = ("Walk me through how you would design the retry policy of a payment webhook consumer that must never "
          "charge a customer twice, including how you store idempotency keys.")


@pytest.fixture
def candidate_page(candidate, client, daphne_server, page, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    sign_in_browser(page.context, client, candidate, daphne_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


@pytest.fixture
def one_written_question(bank, candidate):
    from interviews import services

    session = services.start_session(candidate=candidate, mode="quick_start",
                                     config={"max_follow_ups_per_question": 0},
                                     planned_questions=[{"prompt": PROMPT, "category": "system_design",
                                                         "difficulty": "medium"}])
    InterviewSession.objects.filter(id=session.id).update(is_planned=False)
    return session


def test_the_room_heads_a_written_question_plainly_and_says_when_the_interview_is_over(
        candidate_page, daphne_server, one_written_question, screenshot):
    session, page = one_written_question, candidate_page
    # The report stays closed to this page so the room's last state can be seen (the redirect is what the link is
    # there for when it does not happen).
    page.route("**/report/", lambda route: route.abort())
    # ... nor does the room leave for it (an aborted navigation shows the browser's error page instead): the room's
    # 1.2 s wait before it opens the report never ends here
    page.add_init_script("""{ const wait = window.setTimeout;
      window.setTimeout = (fn, ms, ...rest) => ms === 1200 ? 0 : wait(fn, ms, ...rest); }""")
    page.goto(f"{daphne_server}/interviews/{session.id}/")
    expect(page.locator("[data-room]")).to_have_attribute("data-connected", "true", timeout=15_000)
    page.get_by_label("Your answer").fill("I build payment APIs.")
    page.get_by_role("button", name="Submit answer").click()
    heading = page.locator("#question-heading")
    expect(heading).to_have_text("Question 1 of 1", timeout=15_000)
    expect(page.locator("[data-prompt]")).to_have_text(PROMPT)
    expect(page.locator("[data-over]")).to_be_hidden()
    expect(page.locator("main")).not_to_contain_text("{#")
    screenshot(page, "1-written-question")
    page.get_by_label("Your answer").fill("Idempotency keys in a unique index, retries with backoff, a dead letter.")
    page.get_by_role("button", name="Submit answer").click()
    over = page.locator("[data-over]")
    expect(over).to_be_visible(timeout=60_000)
    expect(over.get_by_role("heading")).to_have_text("The interview is over — opening your report")
    expect(over.get_by_role("button", name="Open your report")).to_have_attribute(
        "href", f"/interviews/{session.id}/report/")
    expect(page.locator("[data-question]")).to_be_hidden()
    expect(page.locator("[data-answer-form]")).to_be_hidden()
    expect(page.get_by_text("Waiting for the next question")).to_be_hidden()
    # The interview's clock stands still once it is over (the final state stops it).
    clock = page.locator("[data-session-timer]").text_content()
    page.wait_for_timeout(2_200)
    assert page.locator("[data-session-timer]").text_content() == clock
    screenshot(page, "2-over")
