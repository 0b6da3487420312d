"""The session 39 product review: after "Can you make that concrete: what exactly did you do, and what was the
measurable result?" a real answer with new figures ("the error rate on card payments dropped from 3.1% to 0.2%… zero
card numbers in 40 million log lines") scored 25, "does not address this follow-up", with or without an opening
sentence quoted from the earlier answer, because the relevance check wanted the story told again in the first person
and in the past; a bare restatement of the earlier result ("Zero card numbers in our logs, as I said…") scored 49,
STAR 4. A follow-up asking for a measurable result is answered by figures tied to the story that were not given
before."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline.evaluation import evaluate
from interviewmaster.tests.test_ai_offline_followup_repeat import CONCRETE_QUESTION, _follow_up, _star

CONCRETE = ("Concretely, the error rate on card payments dropped from 3.1% to 0.2% within a week of the fix, and the "
            "CI check has since scanned 40 million log lines with zero card numbers in them.")
# The opening sentence quoted word for word from the earlier answer.
QUOTED_OPENING = ("I implemented the tokenisation and added a CI check that fails the build when a card pattern "
                  "reaches the logs. ")
RESTATEMENT = "Zero card numbers in our logs, as I said, and the bug fixed in two days."


def _grade(text: str) -> dict:
    return evaluate({"question": _follow_up(CONCRETE_QUESTION), "answer": {"text": text}})


@pytest.mark.parametrize("text", [CONCRETE, QUOTED_OPENING + CONCRETE])
def test_new_figures_answer_the_measurable_result_follow_up(text):
    result = _grade(text)
    assert "does not address" not in result["feedback"], result["feedback"]
    assert all("does not address" not in row["rationale"] for row in result["criteria"]), result["criteria"]
    star = _star(result)
    assert star["score"] >= 4 and "result" in star["rationale"], star
    assert "3.1%" in star["evidence"], star
    restated = _grade(RESTATEMENT)
    assert result["score"] >= restated["score"] + 20, (result["score"], restated["score"])


def test_a_restated_result_is_not_new_measurable_evidence():
    result = _grade(RESTATEMENT)
    star = _star(result)
    assert star["score"] <= 2, star
    assert "answers what the follow-up asks" not in star["rationale"], star
    assert result["score"] < 40, result["criteria"]


@pytest.mark.parametrize("text", [
    # figures about something else: a paragraph on hash maps
    "A hash map lookup is O(1) on average, so with 1000 keys it was about 100 times faster than scanning a list.",
    # figures tied to nothing the story names
    "We improved by 47% and cut 63% of the overhead, and satisfaction went up from 10 to 90 overall.",
])
def test_figures_about_something_else_do_not_address_the_follow_up(text):
    result = _grade(text)
    assert "does not address this follow-up" in result["feedback"], result["feedback"]
    assert result["score"] <= 25, result["criteria"]


def test_figures_do_not_answer_a_follow_up_that_asks_for_something_else():
    """The result cue is for a follow-up asking for the result: "What did you personally do?" still wants the
    candidate's own part of the story."""
    from interviewmaster.tests.test_ai_offline_followup_repeat import PERSONAL_QUESTION

    result = evaluate({"question": _follow_up(PERSONAL_QUESTION), "answer": {"text": CONCRETE}})
    assert "does not address this follow-up" in result["feedback"], result["feedback"]
