"""A review (session 35) of honest grading: a terse, correct answer read as a list of terms, and a hedged non-answer
that a remote model could score highly though the offline grader gives it nothing."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline.evaluation import evaluate
from interviews.question_bank import read_bank


@pytest.fixture(scope="module")
def bank() -> dict[str, dict]:
    return {q["id"]: q for _f, _i, q in read_bank().questions}


def _score(question: dict, text: str) -> dict:
    return evaluate({"question": question, "answer": {"text": text}})


TERSE_MERGE = ("sort by start, then walk, merging each interval into the last one if it overlaps, else append; "
               "O(n log n)")


def test_a_terse_correct_answer_with_steps_is_not_a_keyword_list(bank):
    """Five parts between commas, four of them short ("sort by start", "then walk", "else append" and the Big-O), read
    as a bare list of terms: keyword_list, every criterion 1, 0/100. "Then walk" and "else append" are steps."""
    result = _score(bank["coding-merge-intervals"], TERSE_MERGE)
    assert result["flags"] == []
    assert result["score"] > 25  # no code on a coding question: correctness stays at most 2
    assert any(point.startswith("Extends the last merged interval") for point in result["covered_points"])


@pytest.mark.parametrize(("qid", "text"), [
    # the calibration set's tune keyword list: step words standing alone are still terms
    ("coding-pair-with-target-sum", "hash map, O(n) time, O(n) space, complement, brute force O(n^2), trade-off, "
                                    "edge case, first, then, finally, because, duplicates, not found, two pointers, "
                                    "sort"),
    # the adversarial set's tune stuffing on the same question
    ("coding-merge-intervals", "Sort by start, sorted intervals. Overlap when start <= end, extend with max(end, and "
                               "nested contained intervals. O(n log n), sorting dominates."),
    # terms strung after step words
    ("coding-merge-intervals", "sort, then overlap, then extend with max, then nested contained, then O(n log n), "
                               "sorting dominates"),
    ("coding-pair-with-target-sum", "hash map, then complement, then O(n) time, then brute force O(n^2), then two "
                                    "pointers, then sort"),
])
def test_terms_listed_with_or_after_step_words_still_earn_nothing(bank, qid, text):
    result = _score(bank[qid], text)
    assert result["score"] <= 5 and "keyword_list" in result["flags"]
