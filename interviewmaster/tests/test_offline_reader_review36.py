"""A review (session 36) of honest grading: a terse answer in the candidate's own words read as keyword stuffing,
guesses stated rather than asked counted as substance, and terse SQL sentences that were no prose."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline.evaluation import evaluate
from interviewmaster.ai.offline.reading import read_answer
from interviews.question_bank import read_bank


@pytest.fixture(scope="module")
def bank() -> dict[str, dict]:
    return {q["id"]: q for _f, _i, q in read_bank().questions}


def _score(question: dict, text: str) -> dict:
    return evaluate({"question": question, "answer": {"text": text}})


def _reading(question: dict, text: str):
    return read_answer(text, "", question["expected_points"], question["prompt"])


# --- 1. a terse answer in its own words is not stuffing ---------------------------------------------------------------
OWN_WORDS_MERGE = ("Sort the list by start. Walk it once, and merge each one into the previous when they overlap, "
                   "keeping the max end. Sorting dominates, so O(n log n).")


def test_a_terse_answer_in_its_own_words_is_not_keyword_stuffing(bank):
    """Four points named with five words of its own ("list", "walk", "merge", "previous", "keeping") fell under the
    answer-level stuffing rule (1.5 own words a point): "start" and "end" counted as rubric words because the rubric
    has "sort by start" and "max(end", though the answer says neither. Only the words of the terms the answer says
    are the rubric's now."""
    question = bank["coding-merge-intervals"]
    assert not _reading(question, OWN_WORDS_MERGE).stuffed
    result = _score(question, OWN_WORDS_MERGE)
    assert "keyword_list" not in result["flags"] and result["score"] > 15
    assert result["covered_points"]


@pytest.mark.parametrize("text", [
    "Sort by start, sorted intervals. Overlap when start <= end, extend with max(end, and nested contained intervals. "
    "O(n log n), sorting dominates.",
    "Sort by start. Overlap, extend, max. Nested, contained. O(n log n), sorting dominates.",
])
def test_the_rubric_terms_strung_together_are_still_stuffing(bank, text):
    question = bank["coding-merge-intervals"]
    assert _reading(question, text).stuffed or "keyword_list" in _score(question, text)["flags"]
    assert _score(question, text)["score"] <= 5
