"""A product review (session 32) of the offline evaluator: correct answers told they were wrong. Each case is the
reviewer's answer, evaluated the way the room asks for it (interviews.services._ai_question)."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline.evaluation import evaluate
from interviewmaster.tests.offline_grading import criteria_by_key

COINS = ("Given coins of different denominations and an amount, return the fewest coins needed to make up the amount, "
         "or -1 if it cannot be made.")


def _follow_up(prompt: str, parent: str, category: str = "coding") -> dict:
    return {"prompt": prompt, "parent_prompt": parent, "category": category, "difficulty": "medium",
            "expected_points": [], "needs_code": False}


def test_a_tied_complexity_answer_to_a_complexity_follow_up_is_not_called_wrong():
    question = _follow_up("What is the time and space complexity of your solution?", COINS)
    result = evaluate({"question": question, "answer": {
        "text": "O(amount * len(coins)) time with a bottom-up DP table of size amount+1, O(amount) space."}})
    rows = criteria_by_key(result)
    assert rows["complexity_analysis"]["score"] >= 4, rows["complexity_analysis"]
    # was 1, "Wrong or does not address the question"; a tied cost stands for correctness 3 at most (review, session 32)
    assert rows["correctness"]["score"] == 3, rows["correctness"]
    assert rows["correctness"]["evidence"] != "no evidence"
    assert 40 <= result["score"] < 60  # was 6/100
    assert "wrong" not in " ".join(r["rationale"].lower() for r in rows.values())


TWO_SUM = {"prompt": "Given an array, return indices of two numbers adding to a target.", "category": "coding",
           "difficulty": "easy", "needs_code": False, "expected_points": [
               {"point": "Use a hash map from value to index", "keywords": ["hash map", "dictionary"]},
               {"point": "One pass: check the complement before inserting", "keywords": ["complement"]},
               {"point": "O(n) time and O(n) space", "keywords": ["O(n)"]}]}


@pytest.mark.parametrize(("question", "text", "most"), [
    # Big-O tied only to generic words earns no correctness on a complexity follow-up (was 73.5 and 76.5, correct 5)
    (_follow_up("What is the time and space complexity of your solution?", COINS),
     "O(n) time and O(1) space for the code.", 20),
    (_follow_up("What is the time and space complexity of your solution?", COINS),
     "It is O(n!) time for the table and O(2^n) space for the array.", 25),
    # nor on a system design follow-up (was 56.2)
    (_follow_up("Design a URL shortener. What is the time and space complexity of lookups?",
                "Design a URL shortener for 100M users.", "system_design"),
     "It is O(1) time with the hash table and O(n) space for the table.", 10),
    # and on a main question a cost explains no expected point (was 36.8, one point covered)
    (TWO_SUM, "O(n) time and O(n) space for the array.", 20),
])
def test_a_big_o_sentence_tied_to_generic_words_is_no_correct_answer(question, text, most):
    result = evaluate({"question": question, "answer": {"text": text}})
    rows = criteria_by_key(result)
    first = rows.get("correctness") or rows["system_design_tradeoffs"]
    assert first["score"] == 1, first
    assert result["score"] <= most
    assert result["covered_points"] == []


def test_a_complexity_only_named_is_described_as_named_not_as_wrong():
    question = _follow_up("What is the time and space complexity of your solution?", COINS)
    row = criteria_by_key(evaluate({"question": question, "answer": {
        "text": "It is O(n) I think, and the memory is fine."}}))["complexity_analysis"]
    assert row["score"] == 2
    assert "wrong" not in row["rationale"].lower()
    assert "not tied to the approach" in row["rationale"]


FUNCTION_PROMPT = ("Using Python, write and explain a small function you would ship for this role: what it does, how "
                   "you test it and its time and space complexity.")
FUNCTION_IN_TEXT = '''def dedupe(items):
    seen = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
O(n) time, O(n) space; tested with pytest on empty, duplicates.'''


def _planned(category: str, needs_code: bool) -> dict:
    return {"prompt": FUNCTION_PROMPT, "category": category, "difficulty": "medium", "needs_code": needs_code,
            "expected_points": ["Working, readable code", "Edge cases handled", "Complexity stated in Big-O",
                                "How it is tested"]}


def test_b_a_function_typed_into_the_text_is_read_as_code_and_its_big_o_is_found():
    # Filed under databases (its criteria include complexity, as the reviewer's report showed) and asked with an
    # editor now: the room sends needs_code from interviews.policy.needs_code, which says yes for this prompt.
    result = evaluate({"question": _planned("databases", True), "answer": {"text": FUNCTION_IN_TEXT}})
    rows = criteria_by_key(result)
    assert rows["complexity_analysis"]["score"] == 2  # was 1, "complexity is not discussed"
    assert "keyword_list" not in result["flags"]  # the function's lines are code, not a list of terms
    assert rows["correctness"]["evidence"] == "\u201cdef dedupe(items):\u201d"
    assert rows["correctness"]["score"] >= 2
    assert result["score"] > 0  # was 0/100


def test_b_big_o_beside_code_is_named_on_a_coding_question():
    rows = criteria_by_key(evaluate({"question": _planned("coding", True), "answer": {"text": FUNCTION_IN_TEXT}}))
    assert rows["complexity_analysis"]["score"] == 2  # was 1, "complexity is not discussed"
    assert "not discussed" not in rows["complexity_analysis"]["rationale"]
    assert "O(n) time" in rows["complexity_analysis"]["evidence"]


def test_b_big_o_in_a_bare_list_without_code_still_earns_nothing():
    rows = criteria_by_key(evaluate({"question": _planned("coding", True), "answer": {
        "text": "hash map, O(n) time, O(n) space, complement, edge cases, pytest"}}))
    assert rows["complexity_analysis"]["score"] == 1


MUTABLE = {"prompt": "What does this print and why: def add(item, bucket=[]): bucket.append(item); return bucket "
                     "\u2014 called as add(1) then add(2)? How do you fix it?",
           "category": "language_knowledge", "difficulty": "easy", "needs_code": False,
           "expected_points": [
               {"point": "Prints [1] then [1, 2] because the default list is shared",
                "keywords": ["[1, 2]", "shared", "same list"]},
               {"point": "Default values are evaluated once, when the function is defined",
                "keywords": ["evaluated once", "definition time", "defined"]},
               {"point": "Fix: default to None and create a new list inside the function",
                "keywords": ["None", "if bucket is None", "new list"]},
               {"point": "Applies to any mutable default such as dicts and sets",
                "keywords": ["mutable", "dict", "set"]}]}
MUTABLE_ANSWER = ("add(1) returns [1] and add(2) returns [1, 2], because default values are evaluated once when the "
                  "function is defined, so both calls share the same list. Fix it by defaulting to None:\n"
                  "```python\ndef add(item, bucket=None):\n    if bucket is None:\n        bucket = []\n"
                  "    bucket.append(item)\n    return bucket\n```\n"
                  "The same trap catches every mutable default value, a dict or a set included.")


def test_c_a_fix_shown_in_code_after_its_sentence_explains_the_point():
    result = evaluate({"question": MUTABLE, "answer": {"text": MUTABLE_ANSWER}})
    assert "did not explain" not in result["feedback"]  # was: You mentioned "None" but did not explain them
    assert result["missing_points"] == []
    assert result["score"] >= 75  # was 50/100


def test_c_a_term_only_in_the_code_earns_nothing():
    answer = MUTABLE_ANSWER.replace("Fix it by defaulting to None:", "Here is the corrected version of the code:")
    result = evaluate({"question": MUTABLE, "answer": {"text": answer}})
    assert "Fix: default to None and create a new list inside the function" in result["missing_points"]


MUTABLE_TERMS = ["The list is shared and we get the same list with [1, 2] output in the end",
                 "We use None and a new list in the function body for the bucket value here",
                 "It is about the mutable dict and set defaults that are defined in the function"]


@pytest.mark.parametrize("text", [
    "\n".join(s + ":\n```\nx = 1\n```" for s in MUTABLE_TERMS),  # a one-liner after each line (was 83.8)
    "\n".join(s + ":\ndef f(x):\n    return x" for s in MUTABLE_TERMS),  # code that names nothing of the point (83.8)
    "".join(s + ":\n\u2063\n" for s in MUTABLE_TERMS) + "Code:\n```\nx = 1\n```",  # a typed invisible separator
])
def test_c_a_line_ending_in_a_colon_before_unrelated_code_explains_nothing(text):
    without_code = evaluate({"question": MUTABLE, "answer": {"text": ". ".join(MUTABLE_TERMS) + "."}})
    result = evaluate({"question": MUTABLE, "answer": {"text": text}})
    assert result["score"] <= without_code["score"] < 75
    assert len(result["covered_points"]) <= len(without_code["covered_points"])


PROMPT_CODE = "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket\n"


@pytest.mark.parametrize("fence", ["", "```\n"])
def test_c_the_questions_own_code_after_a_colon_explains_nothing(fence):
    """Each line of terms ending ":" before the prompt's own buggy code covered three points (58.7, above an honest
    answer): a block copied from the question shows nothing, and the block and the sentence must share one word of
    the point (here "bucket" in the code, "list" in the sentence, both of the fix's point, lent it)."""
    lines = ["It prints [1, 2] because the same list is shared", "Default to None and create a new list",
             "Mutable dict and set defaults are defined once"]
    text = "".join(f"{line}:\n{fence}{PROMPT_CODE}{fence}" for line in lines)
    without_code = evaluate({"question": MUTABLE, "answer": {"text": ". ".join(lines) + "."}})
    result = evaluate({"question": MUTABLE, "answer": {"text": text}})
    assert result["score"] <= without_code["score"]
    assert len(result["covered_points"]) <= len(without_code["covered_points"])


def test_b_a_keyword_list_longer_than_the_code_beside_it_stays_a_list():
    question = {"prompt": COINS, "category": "coding", "difficulty": "medium", "needs_code": True,
                "expected_points": ["Use dynamic programming over amounts", "Handle the impossible case with -1",
                                    "Complexity O(amount * coins) time and O(amount) space"]}
    code = ("def coin_change(coins, amount):\n    dp = [0] * (amount + 1)\n    for c in coins:\n        dp[c] = 1\n"
            "    return dp[amount]\n")
    result = evaluate({"question": question, "answer": {"code": code, "text": (
        "dp table, memo, O(n) time, O(1) space, -1, amounts, coins, fewest coins, greedy fails, sorted")}})
    assert "keyword_list" in result["flags"]  # was dropped: 28.7, past the list cap of 25
    assert result["score"] <= 25
