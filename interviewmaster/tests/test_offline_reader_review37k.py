"""A review (session 37, K) of the offline grader against the running app: a report whose missed points and advice
contradicted its own scores, one complexity claim scored 4/5 on a main question and 2/5 on its follow-ups."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline import writing
from interviewmaster.ai.offline.planning import SKILL_TEMPLATES, TEMPLATES
from interviewmaster.tests.offline_grading import criterion_scores, score

# --- 1. the missed points and the advice agree with the scores --------------------------------------------------------
MERGE_PROMPT = SKILL_TEMPLATES[("coding", "languages")][0][0].format(skill="Python")
CODING_POINTS = TEMPLATES["coding"][1]
COST, EDGE = "Complexity stated in Big-O", "Edge cases handled"
MERGE_ANSWER = ("I sort the intervals by start, then walk them once and extend the last merged interval when the next "
                "start is at most its end, keeping the max of the ends. O(n log n) time for the sort, O(n) space. "
                "Edge cases: empty input, touching intervals, nested ones.")


def _planned_merge() -> dict:
    return {"prompt": MERGE_PROMPT, "category": "coding", "difficulty": "medium", "expected_points": CODING_POINTS}


def test_a_point_the_answer_states_and_its_criterion_rates_well_is_not_missed():
    """Complexity 4/5 beside "Missed: Complexity stated in Big-O" and "Missed: Edge cases handled", on an answer in
    words that says "O(n log n) time for the sort, O(n) space" and names its edge cases: the cost's reason is "for the
    sort", and two cases of the question's input meet the edge-case point without code too."""
    result = score(_planned_merge(), MERGE_ANSWER)
    assert criterion_scores(result)["complexity_analysis"] >= 4
    assert COST not in result["missing_points"] and EDGE not in result["missing_points"], result["missing_points"]
    assert not any(COST in tip or EDGE in tip for tip in result["improvements"]), result["improvements"]
    assert COST not in result["feedback"] and EDGE not in result["feedback"]


@pytest.mark.parametrize("text", [
    "I would write a clean function and think about the edge cases. Edge cases: empty list, single item.",
    "I would write a clean function for the role. It is O(n) time for the role and O(1) space, which is fine.",
])
def test_canned_cases_and_costs_tied_to_nothing_are_still_missed(text):
    result = score(_planned_merge(), text)
    assert COST in result["missing_points"] or EDGE in result["missing_points"], result["missing_points"]
    assert criterion_scores(result)["complexity_analysis"] <= 3 or EDGE in result["missing_points"]


def _turn(question: int, complexity: int, *, follow_up: bool = False) -> dict:
    return {"category": "coding", "score": 60, "question": question, "follow_up": follow_up, "prompt": "p",
            "criteria": [{"key": "complexity_analysis", "score": complexity}, {"key": "communication", "score": 4}],
            "covered_points": [], "missing_points": []}


def test_the_summary_does_not_advise_on_a_criterion_its_question_scored_well():
    """A follow-up at complexity 2 made the summary advise "State time and space complexity in Big-O for every coding
    answer" beside the question's own complexity 4/5: a question's best score on a criterion decides."""
    advice = writing.CRITERION_ADVICE["complexity_analysis"]
    summary = writing.summarize({"turns": [_turn(1, 4), _turn(1, 2, follow_up=True)]})
    assert advice not in summary["recommendations"]
    summary = writing.summarize({"turns": [_turn(1, 4), _turn(1, 2, follow_up=True), _turn(2, 2)]})
    assert advice in summary["recommendations"]  # a question that scored it low still gets the advice


# --- 2. one complexity claim, one score -------------------------------------------------------------------------------
HASH_MAP = ("I would use a hash map to remember the answers I have already computed, then look each one up when I "
            "need it again because lookups are constant. That gives O(n) time and O(n) space since every value is "
            "stored once in the map.")
COIN_DP = ("I fill a bottom-up table dp where dp[a] is the fewest coins for amount a: dp[0] = 0 and every other entry "
           "starts at infinity. For each amount I try every coin and take 1 + dp[a - c]. That is O(amount * "
           "len(coins)) time because every amount tries every coin, and O(amount) space for the table.")


def test_a_main_questions_complexity_is_checked_against_its_expected_cost_as_its_follow_ups_are(bank):
    """The coin change's main question and both follow-ups answered "…hash map… O(n) time and O(n) space…": 4/5
    "Right time and space" on the main, 2/5 on each follow-up. O(n) is not this question's cost: 2/5 on all three."""
    question = bank["coding-coin-change"]
    main = criterion_scores(score({**question, "needs_code": False}, HASH_MAP))["complexity_analysis"]
    follow_ups = [criterion_scores(score({"prompt": seed, "parent_prompt": question["prompt"], "category": "coding",
                                          "expected_points": [], "needs_code": False}, HASH_MAP))
                  ["complexity_analysis"] for seed in question["follow_up_seeds"]]
    assert [main, *follow_ups] == [2, 2, 2]
    assert criterion_scores(score({**question, "needs_code": False}, COIN_DP))["complexity_analysis"] >= 4


def test_the_expected_big_o_itself_is_this_questions_cost(bank):
    """"O(n log n) … O(n)" on the merge of intervals is its expected cost, whatever words surround it."""
    text = ("I go through the list after ordering it and fold each pair into the previous one. That is O(n log n) "
            "time because ordering dominates, and O(n) space for the output.")
    assert criterion_scores(score({**bank["coding-merge-intervals"], "needs_code": False}, text))[
        "complexity_analysis"] >= 4
