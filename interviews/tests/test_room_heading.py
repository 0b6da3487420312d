"""The room's heading of a question: its own title, or "Question 2 of 4" when the title is only its prompt cut off
(an expert's question: interviews.services.title_from), never the prompt twice."""

from __future__ import annotations

import pytest

from interviews import presenters, services
from interviews.models import InterviewSession
from interviews.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

LONG = ("Walk me through how you would design the retry policy of a payment webhook consumer that must never charge a "
        "customer twice, including how you store idempotency keys.")
SHORT = "Explain how a B-tree index speeds up a range query."


@pytest.mark.parametrize(("title", "prompt", "repeats"), [
    ("Walk me through how you would design the retry policy of a payment webhook consumer…", LONG, True),
    (SHORT, SHORT, True),
    ("Explain  how a b-tree index", SHORT, True),  # whitespace and case aside
    ("Two Sum", "Given an array of integers, return the indices of the two that add up to a target.", False),
    ("", SHORT, False),
])
def test_a_title_that_is_only_the_prompts_start_repeats_it(title, prompt, repeats):
    assert presenters.title_repeats_prompt(title, prompt) is repeats


def _session(candidate, planned):
    session = services.start_session(candidate=candidate, mode="quick_start",
                                     config={"max_follow_ups_per_question": 0}, planned_questions=planned)
    InterviewSession.objects.filter(id=session.id).update(is_planned=False)
    return session


def _first_question_payload(session, candidate, on_commit):
    on_commit(services.begin_session, session=session, actor=candidate)
    warm_up = session.turns.get(status="open")
    on_commit(services.submit_answer, session=session, candidate=candidate, turn_id=warm_up.id, text="I build APIs.")
    return presenters.turn_payload(session.turns.get(status="open"))


def test_an_expert_written_questions_heading_is_its_number_not_its_prompt_cut_off(candidate, on_commit):
    """The room's heading was "Walk me through how you would design the retry policy of a payment webhook
    consumer…", the whole prompt just below it."""
    session = _session(candidate, [{"prompt": LONG, "category": "system_design", "difficulty": "medium"},
                                   {"prompt": SHORT, "category": "databases", "difficulty": "medium"}])
    shown = _first_question_payload(session, candidate, on_commit)
    assert shown["prompt"] == LONG
    assert shown["heading"] == "Question 1 of 2"


def test_a_bank_questions_own_title_stays_its_heading(candidate, on_commit):
    question = QuestionFactory(title="Idempotent webhooks", prompt=LONG, category="system_design")
    session = _session(candidate, [{"question_id": question.id}])
    assert _first_question_payload(session, candidate, on_commit)["heading"] == "Idempotent webhooks"


def test_the_room_page_heads_the_question_with_the_heading(candidate, client, on_commit):
    session = _session(candidate, [{"prompt": SHORT, "category": "databases", "difficulty": "medium"}])
    _first_question_payload(session, candidate, on_commit)
    client.force_login(candidate)
    page = client.get(f"/interviews/{session.id}/").content.decode()
    heading = page[page.index('id="question-heading"'):page.index("</h2>", page.index('id="question-heading"'))]
    assert "Question 1 of 1" in heading and "B-tree" not in heading
    assert "The interview is over — opening your report" in page  # the end state, hidden until the room needs it


def test_the_expert_watching_reads_of_the_report_not_of_their_own(candidate, client, on_commit):
    """The end state said "opening your report" / "Open your report" to the expert watching the room too (R3)."""
    from accounts.tests.factories import ExpertFactory

    session = _session(candidate, [{"prompt": SHORT, "category": "databases", "difficulty": "medium"}])
    expert = ExpertFactory()
    InterviewSession.objects.filter(pk=session.pk).update(expert=expert)
    client.force_login(expert)
    page = client.get(f"/interviews/{session.id}/").content.decode()
    assert "Observing (read-only)" in page
    assert "The interview is over — opening the report" in page and "Open the report" in page
    assert "your report" not in page
