"""A product review (session 32) of the offline evaluator: correct answers told they were wrong. Each case is the
reviewer's answer, evaluated the way the room asks for it (interviews.services._ai_question)."""

from __future__ import annotations

from interviewmaster.ai.offline.evaluation import evaluate

COINS = ("Given coins of different denominations and an amount, return the fewest coins needed to make up the amount, "
         "or -1 if it cannot be made.")


def _rows(result: dict) -> dict[str, dict]:
    return {row["key"]: row for row in result["criteria"]}


def _follow_up(prompt: str, parent: str, category: str = "coding") -> dict:
    return {"prompt": prompt, "parent_prompt": parent, "category": category, "difficulty": "medium",
            "expected_points": [], "needs_code": False}


def test_a_tied_complexity_answer_to_a_complexity_follow_up_is_not_called_wrong():
    question = _follow_up("What is the time and space complexity of your solution?", COINS)
    result = evaluate({"question": question, "answer": {
        "text": "O(amount * len(coins)) time with a bottom-up DP table of size amount+1, O(amount) space."}})
    rows = _rows(result)
    assert rows["complexity_analysis"]["score"] >= 4, rows["complexity_analysis"]
    assert rows["correctness"]["score"] >= 4, rows["correctness"]  # was 1, "Wrong or does not address the question"
    assert rows["correctness"]["evidence"] != "no evidence"
    assert result["score"] >= 60  # was 6/100
    assert "wrong" not in " ".join(r["rationale"].lower() for r in rows.values())


def test_a_complexity_only_named_is_described_as_named_not_as_wrong():
    question = _follow_up("What is the time and space complexity of your solution?", COINS)
    row = _rows(evaluate({"question": question, "answer": {"text": "It is O(n) I think, and the memory is fine."}}))[
        "complexity_analysis"]
    assert row["score"] == 2
    assert "wrong" not in row["rationale"].lower()
    assert "not tied to the approach" in row["rationale"]
