"""A review (session 36) of honest grading: a terse answer in the candidate's own words read as keyword stuffing,
guesses stated rather than asked counted as substance, and terse SQL sentences that were no prose."""

from __future__ import annotations

import pytest

from interviewmaster.tests.offline_grading import reading_of, score

# --- 1. a terse answer in its own words is not stuffing ---------------------------------------------------------------
OWN_WORDS_MERGE = ("Sort the list by start. Walk it once, and merge each one into the previous when they overlap, "
                   "keeping the max end. Sorting dominates, so O(n log n).")


def test_a_terse_answer_in_its_own_words_is_not_keyword_stuffing(bank):
    """Four points named with five words of its own ("list", "walk", "merge", "previous", "keeping") fell under the
    answer-level stuffing rule (1.5 own words a point): "start" and "end" counted as rubric words because the rubric
    has "sort by start" and "max(end", though the answer says neither. Only the words of the terms the answer says
    are the rubric's now."""
    question = bank["coding-merge-intervals"]
    assert not reading_of(question, OWN_WORDS_MERGE).stuffed
    result = score(question, OWN_WORDS_MERGE)
    assert "keyword_list" not in result["flags"] and result["score"] > 15
    assert result["covered_points"]


@pytest.mark.parametrize("text", [
    "Sort by start, sorted intervals. Overlap when start <= end, extend with max(end, and nested contained intervals. "
    "O(n log n), sorting dominates.",
    "Sort by start. Overlap, extend, max. Nested, contained. O(n log n), sorting dominates.",
])
def test_the_rubric_terms_strung_together_are_still_stuffing(bank, text):
    question = bank["coding-merge-intervals"]
    assert reading_of(question, text).stuffed or "keyword_list" in score(question, text)["flags"]
    assert score(question, text)["score"] <= 5


# --- 2. guesses said as statements ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("qid", "text"), [
    ("coding-pair-with-target-sum", "I guess it's a hash map of seen values. Probably O(n) time. Maybe you'd sort and "
                                    "use two pointers instead."),
    ("coding-pair-with-target-sum", "Maybe a hash map, probably O(n) time. I guess you could also sort it and use two "
                                    "pointers, maybe."),
    ("lang-python-gil", "Probably it's some kind of global lock. Maybe it stops threads running in parallel. I guess "
                        "multiprocessing helps."),
])
def test_an_answer_of_stated_guesses_is_capped_like_a_hedge(bank, qid, text):
    """Only a guess asked back ("maybe a hash map?") was set aside: the same guesses said as statements counted as
    substance (7.5, 18.7 and 25 offline, a remote grader's score kept). They are read as a hedge now."""
    question = bank[qid]
    assert reading_of(question, text).hedged
    result = score(question, text)
    assert result["score"] == 0 and {row["score"] for row in result["criteria"]} == {1}


def test_stated_guesses_cap_a_remote_graders_score(bank):
    from interviewmaster.ai import grading

    question = bank["lang-python-gil"]
    text = ("Probably it's some kind of global lock. Maybe it stops threads running in parallel. I guess "
            "multiprocessing helps.")
    generous = {"score": 80, "feedback": "Good. Score 80/100.", "covered_points": [], "missing_points": [],
                "flags": [], "strengths": [], "improvements": [],
                "criteria": [{"key": c["id"], "score": 4, "rationale": "ok", "evidence": ""}
                             for c in grading.criteria_for_turn(question)]}
    result = grading.apply_grading_caps(generous, question=question, answer=text)
    assert result["score"] == 0 and "not sure is honest" in result["feedback"]


@pytest.mark.parametrize("text", [
    "I'd keep a hash map from each value to its index; for every number I check whether target minus it is already "
    "in the map, and return both indices if so. That is O(n) time and O(n) space, probably the best you can do "
    "without sorting.",
    "I would probably use a hash map because lookups are O(1) and it keeps the pass linear.",
])
def test_a_confident_answer_with_probably_in_an_aside_is_not_capped(bank, text):
    question = bank["coding-pair-with-target-sum"]
    assert not reading_of(question, text).hedged
    assert score(question, text)["score"] >= 25


# --- 3. terse SQL sentences are prose ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "INNER JOIN keeps only matching rows from both tables. LEFT JOIN keeps all rows of the left table and fills NULLs "
    "where the right has no match.",
    "INNER JOIN returns only matching rows. LEFT JOIN returns all left rows plus NULLs for missing matches.",
])
def test_terse_sql_sentences_explain_the_joins(bank, text):
    """"INNER JOIN returns only matching rows." has no word of FUNCTION_WORDS: it was no prose, so it explained
    nothing (0/100; 26.2 for the first answer, whose first sentence had one). A term in capitals counts as one word
    of the prose share, and "only", "all", "both" as function words."""
    result = score(bank["db-sql-joins"], text)
    assert any(point.startswith("INNER JOIN returns only rows") for point in result["covered_points"])
    assert result["score"] >= 20 and result["flags"] == []
