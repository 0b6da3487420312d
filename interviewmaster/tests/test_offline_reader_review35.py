"""A review (session 35) of honest grading: a terse, correct answer read as a list of terms, and a hedged non-answer
that a remote model could score highly though the offline grader gives it nothing."""

from __future__ import annotations

import pytest

from interviewmaster.tests.offline_grading import graded_by_a_model, score

TERSE_MERGE = ("sort by start, then walk, merging each interval into the last one if it overlaps, else append; "
               "O(n log n)")


def test_a_terse_correct_answer_with_steps_is_not_a_keyword_list(bank):
    """Five parts between commas, four of them short ("sort by start", "then walk", "else append" and the Big-O), read
    as a bare list of terms: keyword_list, every criterion 1, 0/100. "Then walk" and "else append" are steps."""
    result = score(bank["coding-merge-intervals"], TERSE_MERGE)
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
    result = score(bank[qid], text)
    assert result["score"] <= 5 and "keyword_list" in result["flags"]


# --- a hedged non-answer, whoever grades it ---------------------------------------------------------------------------
HEDGED = "I'm not sure, maybe use a hash map? I don't really know"
GENEROUS = {"score": 95, "feedback": "Great instinct. Score 95/100.", "covered_points": [], "missing_points": [],
            "flags": [], "strengths": ["Good idea"], "improvements": [],
            "criteria": [{"key": key, "score": 5, "rationale": "spot on", "evidence": "maybe use a hash map"}
                         for key in ("correctness", "problem_solving", "code_quality", "complexity_analysis",
                                     "communication", "technical_depth", "system_design_tradeoffs")]}


def _remote(question: dict, text: str) -> dict:
    return graded_by_a_model(question, {"text": text}, GENEROUS)


@pytest.mark.django_db
@pytest.mark.parametrize(("qid", "text"), [
    ("coding-pair-with-target-sum", HEDGED),
    ("lang-python-gil", "I don\u2019t really know, maybe it is some kind of lock? Not sure, sorry."),
    ("design-url-shortener", "Hmm, I am not sure. Maybe a database and a cache? I don't really know how it works."),
    # guesses asked back name more things, and say nothing more of them (D2)
    ("coding-pair-with-target-sum", "I'm not sure, maybe a hash map, a sorted array, two pointers or a binary tree? "
                                    "I don't really know"),
    ("design-url-shortener", "Hmm, not sure. Maybe a database, a cache, a load balancer and a queue? I don't know how "
                             "it works."),
])
def test_a_hedged_non_answer_scores_nothing_whichever_provider_grades_it(bank, qid, text):
    """A remote model's 95 for "I'm not sure, maybe use a hash map?" came back as 43.7 (81.3 on the URL shortener):
    the caps held only correctness and complexity to what the answer explains. The offline grader gave it 0 (25 for the
    guessed "lock"). One rule (`Reading.hedged`) now caps both at 1 on every criterion, with no gaming flag."""
    for result in (_remote(bank[qid], text), score(bank[qid], text)):
        assert result["score"] == 0 and {row["score"] for row in result["criteria"]} == {1}
        assert result["flags"] == [] and "not sure is honest" in result["feedback"]
        assert "95" not in result["feedback"]


@pytest.mark.django_db
def test_a_hedge_beside_a_real_explanation_is_graded_as_an_answer(bank):
    text = ("I'm not sure, but I think the GIL lets only one thread run Python bytecode at a time, so threads do not "
            "help CPU-bound work.")
    for result in (_remote(bank["lang-python-gil"], text), score(bank["lang-python-gil"], text)):
        assert result["score"] >= 25 and "not sure is honest" not in result["feedback"]


# --- a hedge beside substance that is not one long prose sentence (session 35, D2) ------------------------------------
def _follow_up(prompt: str) -> dict:
    return {"prompt": prompt, "category": "behavioral", "difficulty": "medium", "expected_points": []}


DICTATED = ("my manager said i don't know how we'll ship this so i broke the feature into three slices and shipped the "
            "payment slice first then the reports slice and the export last and we hit the date with a week to spare "
            "because each slice went to staging as soon as it was ready")


@pytest.mark.parametrize(("qid", "text", "floor"), [
    (None, "Honestly, I don't know. Probably write tests earlier. Involve QA from day one. Ship behind a feature flag.",
     75),
    ("behavioral-mistake-in-production", "I don't know why, but prod DB dropped. Restored backup, 20 min. Added IAM "
                                         "roles after. Lesson: least privilege.", 75),
    ("coding-coin-change", "Not sure about the constant. DP over amounts. dp[a] = min over coins of dp[a-c]+1. Time "
                           "O(a*n), space O(a).", 35),
    ("db-indexes-basics", "I guess: B-tree index. Lookup O(log n). Writes slower. Extra storage.", 35),
    ("behavioral-tight-deadline", DICTATED, 25),
])
def test_a_hedge_beside_terse_or_dictated_substance_keeps_the_graders_score(bank, qid, text, floor):
    """Substance was counted only as a prose sentence with three specific words, so short sentences, fragments and
    unpunctuated dictation never qualified and one hedge anywhere capped a remote grader's 4/5 on every criterion to 1
    (75, 75, 36, 35 and 25 became 0). Specific words are now counted over the whole answer, and the dictated answer's
    hedge is reported speech ("my manager said i don't know")."""
    from interviewmaster.ai import grading

    question = _follow_up("What would you do differently next time?") if qid is None else bank[qid]
    criteria = grading.criteria_for_turn(question)
    generous = {"score": 80, "feedback": "Good. Score 80/100.", "covered_points": [], "missing_points": [],
                "flags": [], "strengths": [], "improvements": [],
                "criteria": [{"key": c["id"], "score": 4, "rationale": "ok", "evidence": ""} for c in criteria]}
    result = grading.apply_grading_caps(generous, question=question, answer=text)
    assert result["score"] >= floor and "not sure is honest" not in result["feedback"]


def test_a_hedge_in_quotes_or_reported_speech_is_not_the_answers_own():
    from interviewmaster.ai.offline.reading import _own_hedge

    assert _own_hedge("Honestly, I don't know. Maybe a cache?")
    assert not _own_hedge(DICTATED)
    assert not _own_hedge("He told me he had no idea, and the client replied \u201cnot sure\u201d.")
    assert not _own_hedge('The on-call wrote "I don\'t know what broke" in the channel.')


DICTATED_STORY = ("my manager told me the deadline was fixed so i broke the feature into three slices and shipped the "
                  "payment slice first then the reports slice and the export last and we hit the date with a week to "
                  "spare because each slice went to staging as soon as it was ready")


def test_a_dictated_story_without_punctuation_is_not_a_keyword_list(bank):
    """The room's Dictate button writes speech without a comma: a 50-word story was a "long run of words with no
    punctuation", flagged keyword_list and capped at 25 whichever provider graded it (a remote 4/5 became 25)."""
    from interviewmaster.ai import grading

    question = bank["behavioral-tight-deadline"]
    generous = {"score": 80, "feedback": "Good. Score 80/100.", "covered_points": [], "missing_points": [],
                "flags": [], "strengths": [], "improvements": [],
                "criteria": [{"key": c["id"], "score": 4, "rationale": "ok", "evidence": ""}
                             for c in grading.criteria_for_turn(question)]}
    result = grading.apply_grading_caps(generous, question=question, answer=DICTATED_STORY)
    assert "keyword_list" not in result["flags"] and result["score"] == 75
    assert "keyword_list" not in score(question, DICTATED_STORY)["flags"]


def test_terms_run_together_without_punctuation_are_still_a_list(bank):
    # the same rule without its exception for speech: a string of terms, or the story's words shuffled
    import random

    from interviewmaster.ai.offline.reading import words

    terms = ("hash map complement lookup linear time linear space brute force quadratic two pointers sorted array "
             "binary search edge cases duplicates negative numbers empty input overflow index map one pass "
             "dictionary set membership constant time amortised hashing collisions load factor queue stack heap")
    assert "keyword_list" in score(bank["coding-pair-with-target-sum"], terms)["flags"]
    shuffled = words(DICTATED_STORY)
    random.Random(7).shuffle(shuffled)
    assert score(bank["behavioral-tight-deadline"], " ".join(shuffled))["flags"]
